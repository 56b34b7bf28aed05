package dev.cadenza.spi;

import dev.cadenza.model.Initialization;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.Weights;

import java.util.List;

/** An opened engine that builds {@link SequenceModel}s from specs. */
public interface Backend {
    String name();

    /**
     * What in {@code spec} this backend cannot run exactly, one message per layer ("layer 2 (GRU(64)): ..."); empty
     * when it can run all of it. A backend never substitutes a different computation for an unsupported layer.
     */
    List<String> unsupported(ModelSpec spec);

    /** A model with the given weights (canonical layout). Throws UnsupportedOperationException listing {@link #unsupported}. */
    SequenceModel create(ModelSpec spec, Weights weights);

    /** A model with the seeded initial weights of {@link Initialization}, the same on every backend. */
    default SequenceModel create(ModelSpec spec, long seed) {
        return create(spec, Initialization.initialize(spec, seed));
    }
}
