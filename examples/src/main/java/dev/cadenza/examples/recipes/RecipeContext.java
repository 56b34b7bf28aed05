package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.MusicFiles;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a recipe runs with: the discovered plug-ins, the recipe corpora, the user's own corpus (a file or folder of the
 * recipe's format, or null for the recipe's corpus), the seed, and where to report progress.
 */
public record RecipeContext(Cadenza cadenza, Corpus corpus, Path userCorpus, long seed, PrintStream out) {

    /** A context for the recipe corpora, resolved by {@link #corpus(Path)}. */
    public static RecipeContext of(Cadenza cadenza, long seed, PrintStream out) {
        return new RecipeContext(cadenza, corpus(null), null, seed, out);
    }

    /** The same context training on the user's own file or folder instead of the recipe corpus. */
    public RecipeContext withUserCorpus(Path fileOrFolder) {
        return new RecipeContext(cadenza, corpus, fileOrFolder, seed, out);
    }

    /**
     * The corpora: read from the given folder (laid out as the project's {@code shared/data}: abc/, midi/,
     * jsb_chorales/), else by {@link Corpus#resolve()}: the system property {@code cadenza.data}, the environment
     * variable {@code CADENZA_DATA}, {@code ../shared/data} when one exists, else Cadenza's cache folder, where a
     * missing corpus is fetched from its public source on first use and checked against its SHA-256.
     */
    public static Corpus corpus(Path given) {
        if (given != null) {
            if (!Files.isDirectory(given)) throw new IllegalArgumentException("--data " + given.toAbsolutePath() + " is not a folder");
            return Corpus.local(given);
        }
        return Corpus.resolve();
    }

    /** Prints what was read from the user's corpus and every file or tune that was not (or was repaired), then the values. */
    public <T> List<T> report(MusicFiles.Read<T> read) {
        out.println(read.summary());
        for (MusicFiles.Problem p : read.problems()) out.println("  " + p);
        return read.values();
    }
}
