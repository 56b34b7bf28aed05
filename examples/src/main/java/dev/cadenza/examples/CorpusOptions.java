package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.examples.recipes.RecipeContext;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The corpus options every recipe command shares: where the recipe corpora are, or the user's own files instead. */
public final class CorpusOptions {
    @Option(names = "--corpus", paramLabel = "PATH",
            description = {"Train on your own file or folder of the recipe's format instead of its corpus: ABC tune books (irish-abc,",
                    "tune-type), MIDI files (piano-note-chord), chorale CSV files (bach-chorales), text (hello-rnn). Every file or",
                    "tune that cannot be read is listed with the reader's message."})
    Path corpus;

    @Option(names = "--data", paramLabel = "DIR",
            description = {"Folder of the recipe corpora laid out like shared/data (abc/, midi/, jsb_chorales/). Default: -Dcadenza.data,",
                    "$CADENZA_DATA, ../shared/data, else Cadenza's cache (~/.cache/cadenza), filled from the public sources on first",
                    "use with checked SHA-256 (`cadenza corpus fetch NAME` fills it ahead)."})
    Path data;

    /** The context of a recipe run with these options. */
    RecipeContext context(Cadenza cadenza, long seed) {
        RecipeContext c = new RecipeContext(cadenza, RecipeContext.corpus(data), null, seed, System.out);
        return corpus == null ? c : c.withUserCorpus(corpus);
    }
}
