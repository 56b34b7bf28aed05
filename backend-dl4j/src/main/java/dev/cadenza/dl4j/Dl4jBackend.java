package dev.cadenza.dl4j;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Backend;
import dev.cadenza.spi.support.SamplingTwin;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/** The opened DL4J engine: builds a {@link MultiLayerNetwork} per spec and loads canonical weights into it. */
final class Dl4jBackend implements Backend {
    private final boolean twinSampling;

    /** Generation through a pure-Java twin unless -Dcadenza.dl4j.sampling=native. */
    Dl4jBackend() {
        this(SamplingTwin.enabledFor("dl4j"));
    }

    /** @param twinSampling whether models generate through a pure-Java twin (when backend-pure is present) */
    Dl4jBackend(boolean twinSampling) {
        this.twinSampling = twinSampling;
    }

    @Override
    public String name() {
        return Dl4jBackendProvider.NAME;
    }

    @Override
    public List<String> unsupported(ModelSpec spec) {
        return NetworkTranslation.unsupported(spec);
    }

    @Override
    public SequenceModel create(ModelSpec spec, Weights weights) {
        List<String> unsupported = unsupported(spec);
        if (!unsupported.isEmpty())
            throw new UnsupportedOperationException("the DL4J backend cannot run this spec exactly: " + String.join("; ", unsupported));
        // A GRU spec's owner network is unrolled over one step; other lengths get networks sharing its parameters.
        MultiLayerNetwork net = new MultiLayerNetwork(NetworkTranslation.configuration(spec, 1));
        net.init();
        ParameterLayout layout = ParameterLayout.of(spec, NetworkTranslation.bindings(spec), net.paramTable(), net.params());
        Dl4jSequenceModel model = new Dl4jSequenceModel(spec, net, layout, twinSampling);
        model.loadWeights(weights);
        return model;
    }
}
