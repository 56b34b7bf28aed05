package dev.cadenza.examples.recipes;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.SequenceModel;
import dev.cadenza.token.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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

    /** The presets this recipe accepts, {@code seed} and {@code default} unless it names its own. */
    default List<String> presets() {
        return List.of(SEED, DEFAULT);
    }

    /** Refuses a preset this recipe does not have, naming those it has. */
    default void requirePreset(String preset) {
        if (presets().equals(List.of(SEED, DEFAULT))) checkPreset(preset);
        else if (!presets().contains(preset))
            throw new IllegalArgumentException("recipe " + name() + " has no preset '" + preset + "': use one of " + String.join(", ", presets()));
    }

    /**
     * Whether the recipe makes music with {@link #generate}; a classifier or a forecaster does not, and `cadenza evaluate`
     * then reports {@link #assess} instead.
     */
    default boolean generates() {
        return true;
    }

    /**
     * What the recipe measures beyond the model's loss and metrics on the test split, by name (baselines on the same
     * data, errors in the data's own units), after writing any plot into {@code folder}; `cadenza train` adds it to
     * result.json. {@code preset} is the one the model was trained with. Empty by default.
     */
    default Map<String, Object> assess(RecipeContext context, String preset, PreparedData data, SequenceModel model, Path folder)
            throws IOException {
        return Map.of();
    }

    static void checkPreset(String preset) {
        if (!SEED.equals(preset) && !DEFAULT.equals(preset))
            throw new IllegalArgumentException("unknown preset '" + preset + "': use 'seed' (the original system) or 'default' (smaller, faster)");
    }
}
