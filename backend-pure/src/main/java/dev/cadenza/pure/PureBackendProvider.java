package dev.cadenza.pure;

import dev.cadenza.model.Initialization;
import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.spi.Availability;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.BackendProvider;

/**
 * The provider of the pure-Java backend ("pure"): always available, no native code. Weights start from
 * {@link Initialization}; training uses the api's one optimizer ({@code dev.cadenza.optim.CanonicalOptimizer}).
 */
public final class PureBackendProvider implements BackendProvider {
    static final String NAME = "pure";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Engine open() {
        return new PureBackend(Kernels.best());
    }
}
