package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a recipe runs with: the discovered plug-ins, the folder holding the corpora (laid out as the project's
 * {@code shared/data}: abc/, midi/, jsb_chorales/), the seed, and where to report progress.
 */
public record RecipeContext(Cadenza cadenza, Path data, long seed, PrintStream out) {

    /**
     * The corpus folder: the given one, else the system property {@code cadenza.data}, else the environment variable
     * {@code CADENZA_DATA}, else {@code ../shared/data} from the working directory. The message of a missing folder
     * says where the files go.
     */
    public static Path dataFolder(Path given) {
        Path p = given;
        if (p == null && System.getProperty("cadenza.data") != null) p = Path.of(System.getProperty("cadenza.data"));
        if (p == null && System.getenv("CADENZA_DATA") != null) p = Path.of(System.getenv("CADENZA_DATA"));
        if (p == null) p = Path.of("..", "shared", "data");
        if (!Files.isDirectory(p))
            throw new IllegalArgumentException("no corpus folder at " + p.toAbsolutePath() + ": pass --data DIR (a folder with abc/, midi/ "
                    + "and jsb_chorales/ as in the project's shared/data), or set CADENZA_DATA");
        return p;
    }

    /** A file or folder of the corpus, with a clear message when it is missing. */
    public Path corpus(String relative) {
        Path p = data.resolve(relative);
        if (!Files.exists(p))
            throw new IllegalArgumentException("corpus file missing: " + p.toAbsolutePath() + " (expected under --data " + data + ")");
        return p;
    }
}
