package dev.cadenza.pure;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Weights;
import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;

import java.util.List;

/** The pure-Java engine: runs every input, layer and loss of {@link ModelSpec}, on the given kernels. */
final class PureBackend implements Engine {
    private final Matmul mm;

    PureBackend(Kernels kernels) {
        this.mm = new Matmul(kernels);
    }

    @Override
    public String name() {
        return PureBackendProvider.NAME;
    }

    @Override
    public List<String> unsupported(ModelSpec spec) {
        return List.of();
    }

    @Override
    public EngineModel create(ModelSpec spec, Weights weights) {
        return new PureModel(spec, weights, mm);
    }
}
