package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ParameterSpec;

import java.util.List;
import java.util.Map;

/** A unidirectional SimpleRNN, GRU or LSTM; keeps every step or only the last. */
final class RecurrentLayer implements DjlLayer {
    private final RecurrentCore core;
    private final boolean returnSequences;

    RecurrentLayer(Layer.Recurrent spec, int inputWidth, NDManager manager, String prefix, Map<String, ParameterSpec> canonical) {
        this.core = new RecurrentCore(spec, inputWidth, manager, prefix, canonical);
        this.returnSequences = spec.returnSequences();
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        NDArray y = core.run(store, x, training).get(0);
        return returnSequences ? y : y.get(new NDIndex(":, {}, :", x.getShape().get(1) - 1));
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training, NDArray[] memory, NDManager keep) {
        NDArray y = core.run(store, x, training, memory, 0, keep);
        return returnSequences ? y : y.get(new NDIndex(":, {}, :", x.getShape().get(1) - 1));
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        // Every step could be the last one of a generation, so a last-step layer passes them all on here.
        return core.step(store, x, memory, 0, keep);
    }

    @Override
    public int memorySize() {
        return core.memorySize();
    }

    @Override
    public List<MappedParameter> parameters() {
        return core.parameters();
    }

    @Override
    public List<Parameter> zeroParameters() {
        return core.zeroParameters();
    }
}
