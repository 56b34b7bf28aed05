package dev.cadenza.spi;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;

import java.util.List;

/**
 * An opened engine, as {@link BackendProvider#open()} returns it: what an engine implements. Users never call it;
 * they hold a {@code dev.cadenza.Backend}, which checks every argument once before it reaches the engine. Like JUnit 5's
 * {@code TestEngine}, the interface is small and grows only by default methods.
 */
public interface Engine {
    /**
     * The backend name, as its provider's.
     *
     * @return the name
     */
    String name();

    /**
     * What in {@code spec} this engine cannot compute exactly, one message per input, layer or loss ("layer 2 (GRU(64)):
     * ..."); empty when it computes all of it. An engine never substitutes a different computation.
     *
     * @param spec a spec that passed its own validation
     * @return the problems; empty when the engine computes all of it
     */
    List<String> unsupported(ModelSpec spec);

    /**
     * What in training {@code spec} with {@code config} this engine cannot compute exactly (truncated BPTT through
     * some layer, say), one message each; empty by default. Only asked for a spec with nothing {@link #unsupported(ModelSpec)}.
     *
     * @param spec a spec the engine runs
     * @param config the training configuration
     * @return the problems; empty when the engine trains it exactly
     */
    default List<String> unsupported(ModelSpec spec, TrainingConfig config) {
        return List.of();
    }

    /**
     * A model of {@code spec} holding {@code weights}. Called only for a spec with nothing {@link #unsupported} and
     * weights already checked against it (names and shapes of the canonical layout).
     *
     * @param spec the architecture
     * @param weights the checked weights; the engine copies what it keeps
     * @return a new model, closed by its owner
     */
    EngineModel create(ModelSpec spec, Weights weights);
}
