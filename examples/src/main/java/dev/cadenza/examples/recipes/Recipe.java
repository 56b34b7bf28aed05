package dev.cadenza.examples.recipes;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.token.Tokenizer;

import java.io.IOException;
import java.util.List;

/**
 * One of the seed systems end to end: its corpus and tokenizer, its network and training plan per preset
 * ({@code seed}: the original architecture and hyper-parameters exactly; {@code default}: smaller, minutes on two
 * cores), and how it turns a trained model into music.
 */
public interface Recipe {
    String SEED = "seed", DEFAULT = "default";

    String name();

    /** One line for `cadenza recipes`. */
    String description();

    /** Loads the corpus, fits the tokenizer, cuts training / validation / test data as the preset feeds its network. */
    PreparedData prepare(RecipeContext context, String preset) throws IOException;

    ModelSpec spec(String preset, PreparedData data);

    TrainingPlan plan(String preset, PreparedData data);

    /**
     * New pieces from a trained model, with the tokenizer it was trained with. {@code data} is null when the corpus
     * is not needed (recipes whose primer comes from the corpus load it themselves through the context).
     */
    List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException;

    static void checkPreset(String preset) {
        if (!SEED.equals(preset) && !DEFAULT.equals(preset))
            throw new IllegalArgumentException("unknown preset '" + preset + "': use 'seed' (the original system) or 'default' (smaller, faster)");
    }
}
