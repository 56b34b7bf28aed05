package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;
import dev.cadenza.tokenizers.corpus.Corpus;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a recipe runs with: the discovered plug-ins, the corpora, the seed, and where to report progress. */
public record RecipeContext(Cadenza cadenza, Corpus corpus, long seed, PrintStream out) {

    /**
     * The corpora: read from the given folder (laid out as the project's {@code shared/data}: abc/, midi/,
     * jsb_chorales/), else from the system property {@code cadenza.data}, the environment variable
     * {@code CADENZA_DATA} or {@code ../shared/data} when one exists; else from Cadenza's cache folder, where a missing
     * corpus is fetched from its public source and checked against its SHA-256.
     */
    public static Corpus corpus(Path given) {
        if (given != null) {
            if (!Files.isDirectory(given)) throw new IllegalArgumentException("--data " + given.toAbsolutePath() + " is not a folder");
            return Corpus.local(given);
        }
        for (String candidate : new String[] {System.getProperty("cadenza.data"), System.getenv("CADENZA_DATA"), "../shared/data"}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate))) return Corpus.local(Path.of(candidate));
        }
        return Corpus.cached();
    }
}
