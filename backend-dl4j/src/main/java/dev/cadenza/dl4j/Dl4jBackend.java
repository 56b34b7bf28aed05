package dev.cadenza.dl4j;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;

import java.util.List;

/** The opened DL4J engine: builds a DL4J network ({@link Dl4jNetwork}) per spec and loads canonical weights into it. */
final class Dl4jBackend implements Engine {
    /** Why truncated BPTT is refused. */
    static final String TRUNCATED_BPTT = "truncated BPTT is not supported: a chunk must start from the state the previous one "
            + "ended in, and DL4J's network-level backward pass restarts the recurrent layers from zero (only its own "
            + "TBPTT loop, with a label-layer loss, carries state) and keeps no convolution history; train with "
            + "truncatedBptt = 0, or on the pure or djl backend";

    @Override
    public String name() {
        return Dl4jBackendProvider.NAME;
    }

    @Override
    public List<String> unsupported(ModelSpec spec) {
        return NetworkTranslation.unsupported(spec);
    }

    @Override
    public List<String> unsupported(ModelSpec spec, TrainingConfig config) {
        return config.truncatedBptt() > 0 ? List.of(TRUNCATED_BPTT + " (asked for chunks of " + config.truncatedBptt() + " steps)")
                : List.of();
    }

    @Override
    public EngineModel create(ModelSpec spec, Weights weights) {
        List<String> unsupported = unsupported(spec);
        if (!unsupported.isEmpty())
            throw new UnsupportedOperationException("the DL4J backend cannot run this spec exactly: " + String.join("; ", unsupported));
        // A GRU spec's owner network is unrolled over one step; other lengths get networks sharing its parameters.
        Dl4jNetwork net = new Dl4jNetwork(NetworkTranslation.configuration(spec, 1));
        net.init();
        ParameterLayout layout = ParameterLayout.of(spec, NetworkTranslation.bindings(spec), net.paramTable(), net.params());
        Dl4jModel model = new Dl4jModel(spec, net, layout);
        model.loadWeights(weights);
        return model;
    }
}
