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
    /** The preset of the original system: its architecture and hyper-parameters exactly. */
    String SEED = "seed";
    /** The smaller, faster preset: minutes on two cores. */
    String DEFAULT = "default";

    /**
     * The recipe's name on the command line, e.g. "irish-abc".
     *
     * @return the name
     */
    String name();

    /**
     * One line for `cadenza recipes`.
     *
     * @return the description
     */
    String description();

    /**
     * Loads the corpus, fits the tokenizer, cuts training / validation / test data as the preset feeds its network.
     *
     * @param context the corpus folder, the random seed and the output, shared by the recipes
     * @param preset {@link #SEED} or {@link #DEFAULT} (or a preset the recipe names)
     * @return the tokenizer and the split data
     * @throws IOException when the corpus cannot be read or fetched
     * @throws IllegalArgumentException when the preset is unknown
     */
    PreparedData prepare(RecipeContext context, String preset) throws IOException;

    /**
     * The network of a preset, sized by the prepared data (its vocabulary, say).
     *
     * @param preset the preset
     * @param data the prepared data
     * @return the spec
     */
    ModelSpec spec(String preset, PreparedData data);

    /**
     * How a preset trains: the training configuration and the number of epochs.
     *
     * @param preset the preset
     * @param data the prepared data
     * @return the plan
     */
    TrainingPlan plan(String preset, PreparedData data);

    /**
     * New pieces from a trained model, with the tokenizer it was trained with. {@code data} is null when the corpus
     * is not needed (recipes whose primer comes from the corpus load it themselves through the context).
     *
     * @param context the corpus folder, the random seed and the output
     * @param model the trained model
     * @param tokenizer the tokenizer it was trained with
     * @param options how many pieces, their length, the sampler and the seed
     * @return the pieces, each with its tokens and score
     * @throws IOException when the corpus a primer comes from cannot be read
     */
    List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException;

    /**
     * The presets this recipe accepts, {@code seed} and {@code default} unless it names its own.
     *
     * @return the preset names, the default one second
     */
    default List<String> presets() {
        return List.of(SEED, DEFAULT);
    }

    /**
     * Refuses a preset this recipe does not have, naming those it has.
     *
     * @param preset the preset asked for
     * @throws IllegalArgumentException when the recipe has no such preset
     */
    default void requirePreset(String preset) {
        if (presets().equals(List.of(SEED, DEFAULT))) checkPreset(preset);
        else if (!presets().contains(preset))
            throw new IllegalArgumentException("recipe " + name() + " has no preset '" + preset + "': use one of " + String.join(", ", presets()));
    }

    /**
     * Whether the recipe makes music with {@link #generate}; a classifier or a forecaster does not, and `cadenza evaluate`
     * then reports {@link #assess} instead.
     *
     * @return true unless the recipe is a classifier or a forecaster
     */
    default boolean generates() {
        return true;
    }

    /**
     * What the recipe measures beyond the model's loss and metrics on the test split, by name (baselines on the same
     * data, errors in the data's own units), after writing any plot into {@code folder}; `cadenza train` adds it to
     * result.json. {@code preset} is the one the model was trained with. Empty by default.
     *
     * @param context the corpus folder, the random seed and the output
     * @param preset the preset the model was trained with
     * @param data the prepared data
     * @param model the trained model
     * @param folder the run's output folder
     * @return the measures by name, JSON values; empty by default
     * @throws IOException when a plot cannot be written
     */
    default Map<String, Object> assess(RecipeContext context, String preset, PreparedData data, SequenceModel model, Path folder)
            throws IOException {
        return Map.of();
    }

    /**
     * Refuses a preset other than {@link #SEED} and {@link #DEFAULT}.
     *
     * @param preset the preset asked for
     * @throws IllegalArgumentException when it is neither
     */
    static void checkPreset(String preset) {
        if (!SEED.equals(preset) && !DEFAULT.equals(preset))
            throw new IllegalArgumentException("unknown preset '" + preset + "': use 'seed' (the original system) or 'default' (smaller, faster)");
    }
}
