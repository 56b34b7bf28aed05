package dev.cadenza;

import dev.cadenza.model.Initialization;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Engine;

import java.util.List;
import java.util.Objects;

/**
 * An engine that builds {@link SequenceModel}s from specs: what {@link Cadenza#backend()} gives. It checks the spec
 * and the weights once, for every engine, and refuses a spec the engine cannot compute exactly. Thread-safe.
 */
public final class Backend {
    private final Engine engine;

    /**
     * Wraps an opened engine (Cadenza does this for the engines it finds; tests may wrap their own).
     *
     * @param engine the engine to build models with; this backend does not close it
     */
    public Backend(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * The backend's name: "pure", "djl", "dl4j".
     *
     * @return the provider's name
     */
    public String name() {
        return engine.name();
    }

    /**
     * What in {@code spec} this backend cannot run exactly, one message per input, layer or loss; empty when it can run
     * all of it. A backend never substitutes a different computation for an unsupported one.
     *
     * @param spec the architecture to check
     * @return the problems, immutable; empty when the spec runs exactly
     */
    public List<String> unsupported(ModelSpec spec) {
        return List.copyOf(engine.unsupported(Objects.requireNonNull(spec, "spec")));
    }

    /**
     * What in training {@code spec} with {@code config} this backend cannot compute exactly (truncated BPTT, say), one
     * message each; empty when it can. Includes what it cannot run of the spec itself.
     *
     * @param spec the architecture to check
     * @param config the training configuration to check
     * @return the problems, immutable; empty when training runs exactly
     */
    public List<String> unsupported(ModelSpec spec, TrainingConfig config) {
        List<String> problems = new java.util.ArrayList<>(unsupported(spec));
        if (problems.isEmpty()) problems.addAll(engine.unsupported(spec, Objects.requireNonNull(config, "config")));
        return List.copyOf(problems);
    }

    /**
     * A model holding {@code weights} (the canonical layout of {@link ModelSpec#parameters()}). Throws
     * UnsupportedOperationException listing {@link #unsupported} when the backend cannot run the spec exactly, and
     * IllegalArgumentException naming the first missing, unexpected or misshapen tensor.
     *
     * @param spec the architecture
     * @param weights one tensor per parameter of the spec, in the canonical layout
     * @return a new model the caller closes
     * @throws UnsupportedOperationException when the backend cannot run the spec exactly
     * @throws IllegalArgumentException when a tensor is missing, unexpected or misshapen
     */
    public SequenceModel create(ModelSpec spec, Weights weights) {
        List<String> problems = unsupported(spec);
        if (!problems.isEmpty())
            throw new UnsupportedOperationException("backend '" + name() + "' cannot run this model exactly: " + String.join("; ", problems));
        Weights checked = Weights.of(spec, Objects.requireNonNull(weights, "weights").tensors());
        return new SequenceModel(name(), spec, engine, engine.create(spec, checked));
    }

    /**
     * A model with the seeded initial weights of {@link Initialization}, the same on every backend.
     *
     * @param spec the architecture
     * @param seed the seed of the initial weights; one seed gives the same weights on every backend
     * @return a new model the caller closes
     * @throws UnsupportedOperationException when the backend cannot run the spec exactly
     */
    public SequenceModel create(ModelSpec spec, long seed) {
        return create(spec, Initialization.initialize(spec, seed));
    }

    @Override
    public String toString() {
        return "Backend[" + name() + "]";
    }
}
