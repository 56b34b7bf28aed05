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
 *
 * @param cadenza the discovered plug-ins
 * @param corpus the recipe corpora
 * @param userCorpus the user's file or folder, or null for the recipe's corpus
 * @param seed the seed of data splits, initial weights and sampling
 * @param out where progress is reported
 */
public record RecipeContext(Cadenza cadenza, Corpus corpus, Path userCorpus, long seed, PrintStream out) {

    /**
     * A context for the recipe corpora, resolved by {@link #corpus(Path)}.
     *
     * @param cadenza the discovered plug-ins
     * @param seed the seed
     * @param out where progress is reported
     * @return the context
     */
    public static RecipeContext of(Cadenza cadenza, long seed, PrintStream out) {
        return new RecipeContext(cadenza, corpus(null), null, seed, out);
    }

    /**
     * The same context training on the user's own file or folder instead of the recipe corpus.
     *
     * @param fileOrFolder a file or folder of the recipe's format
     * @return a new context
     */
    public RecipeContext withUserCorpus(Path fileOrFolder) {
        return new RecipeContext(cadenza, corpus, fileOrFolder, seed, out);
    }

    /**
     * The corpora: read from the given folder (laid out as the project's {@code shared/data}: abc/, midi/,
     * jsb_chorales/), else by {@link Corpus#resolve()}: the system property {@code cadenza.data}, the environment
     * variable {@code CADENZA_DATA}, {@code ../shared/data} when one exists, else Cadenza's cache folder, where a
     * missing corpus is fetched from its public source on first use and checked against its SHA-256.
     *
     * @param given a corpus folder, or null for the resolution rule
     * @return the corpora
     * @throws IllegalArgumentException when {@code given} is not a folder, or the rule names something that is not one
     */
    public static Corpus corpus(Path given) {
        if (given != null) {
            if (!Files.isDirectory(given)) throw new IllegalArgumentException("--data " + given.toAbsolutePath() + " is not a folder");
            return Corpus.local(given);
        }
        return Corpus.resolve();
    }

    /**
     * Prints what was read from the user's corpus and every file or tune that was not (or was repaired), then the
     * values.
     *
     * @param <T> the items' type
     * @param read what was read from the user's corpus
     * @return the values read, in order
     */
    public <T> List<T> report(MusicFiles.Read<T> read) {
        out.println(read.summary());
        for (MusicFiles.Problem p : read.problems()) out.println("  " + p);
        return read.values();
    }
}
