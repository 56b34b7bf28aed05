package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ParameterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two unidirectional layers, the backward one run on the time-flipped input and flipped back. DJL's own
 * {@code optBidirectional(true)} hands its biases to PyTorch in the wrong order (ENGINE-NOTES), so it is not used.
 * With {@code returnSequences = false} the output is [forward at T-1 | backward after reading the whole reversed
 * sequence], as Keras' Bidirectional gives.
 */
final class BidirectionalLayer implements DjlLayer {
    private final RecurrentCore forward;
    private final RecurrentCore backward;
    private final boolean returnSequences;
    private final Layer.Merge merge;

    BidirectionalLayer(Layer.Bidirectional spec, int inputWidth, NDManager manager, String prefix, Map<String, ParameterSpec> canonical) {
        forward = new RecurrentCore(spec.layer(), inputWidth, manager, prefix + "forward.", canonical);
        backward = new RecurrentCore(spec.layer(), inputWidth, manager, prefix + "backward.", canonical);
        returnSequences = spec.layer().returnSequences();
        merge = spec.merge();
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray f = forward.run(store, x, training).get(0);
        NDArray b = backward.run(store, x.flip(1), training).get(0);
        if (returnSequences) {
            b = b.flip(1);
        } else {
            NDIndex last = new NDIndex(":, {}, :", x.getShape().get(1) - 1);
            f = f.get(last);
            b = b.get(last);
        }
        return merge == Layer.Merge.CONCAT ? f.concat(b, -1) : f.add(b);
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        throw new IllegalStateException("a bidirectional layer reads the whole sequence; it cannot generate step by step");
    }

    @Override
    public List<MappedParameter> parameters() {
        List<MappedParameter> all = new ArrayList<>(forward.parameters());
        all.addAll(backward.parameters());
        return all;
    }

    @Override
    public List<Parameter> zeroParameters() {
        List<Parameter> all = new ArrayList<>(forward.zeroParameters());
        all.addAll(backward.zeroParameters());
        return all;
    }
}
