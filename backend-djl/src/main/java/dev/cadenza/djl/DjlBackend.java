package dev.cadenza.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.EngineModel;

import java.util.List;

/**
 * Cadenza's engine on DJL 0.35.1 with the PyTorch 2.7.1 engine. Every input, layer and loss of a {@link ModelSpec}
 * maps exactly (the loss is computed above the engine), so {@link #unsupported} is always empty; truncated BPTT
 * carries the recurrent states and convolution history between chunks, so training has no exceptions either.
 */
final class DjlBackend implements dev.cadenza.spi.Engine {
    private final Engine engine;
    private final Device device;

    DjlBackend(Engine engine) {
        this.engine = engine;
        this.device = DjlEngine.device(engine);
    }

    @Override
    public String name() {
        return DjlBackendProvider.NAME;
    }

    @Override
    public List<String> unsupported(ModelSpec spec) {
        return List.of();
    }

    @Override
    public EngineModel create(ModelSpec spec, Weights weights) {
        return new DjlModel(spec, weights, engine.newBaseManager(device));
    }

    @Override
    public String toString() {
        return "DJL " + Engine.getDjlVersion() + " / PyTorch " + engine.getVersion() + " on " + device
                + (device.isGpu() ? "" : " (" + OneDnn.describe() + ")");
    }
}
