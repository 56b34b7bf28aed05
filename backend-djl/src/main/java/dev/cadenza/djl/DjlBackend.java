package dev.cadenza.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Backend;

import java.util.List;

/**
 * Cadenza on DJL 0.35.1 with the PyTorch 2.7.1 engine. Every layer of a {@link ModelSpec} maps exactly, so
 * {@link #unsupported} is always empty. Set the system property {@code cadenza.djl.sampling=native} to generate
 * with DJL itself instead of the pure-Java twin.
 */
final class DjlBackend implements Backend {
    static final String SAMPLING_PROPERTY = "cadenza.djl.sampling";

    private final Engine engine;
    private final Device device;
    private final boolean twinSampling;

    DjlBackend(Engine engine) {
        this(engine, !"native".equalsIgnoreCase(System.getProperty(SAMPLING_PROPERTY, "pure")));
    }

    DjlBackend(Engine engine, boolean twinSampling) {
        this.engine = engine;
        this.device = DjlEngine.device(engine);
        this.twinSampling = twinSampling;
    }

    @Override
    public String name() {
        return "djl";
    }

    Device device() {
        return device;
    }

    @Override
    public List<String> unsupported(ModelSpec spec) {
        return List.of();
    }

    @Override
    public SequenceModel create(ModelSpec spec, Weights weights) {
        return new DjlSequenceModel(spec, weights, engine, device, twinSampling);
    }

    @Override
    public String toString() {
        return "DJL " + Engine.getDjlVersion() + " / PyTorch " + engine.getVersion() + " on " + device
                + (device.isGpu() ? "" : " (" + OneDnn.describe() + ")");
    }
}
