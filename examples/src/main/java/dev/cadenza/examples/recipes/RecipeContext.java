package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;
import dev.cadenza.corpus.Corpus;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a recipe runs with: the discovered plug-ins, the corpora, the seed, and where to report progress. */
public record RecipeContext(Cadenza cadenza, Corpus corpus, long seed, PrintStream out) {

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
}
