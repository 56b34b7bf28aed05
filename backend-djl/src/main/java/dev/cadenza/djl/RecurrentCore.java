package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ParameterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One direction of a recurrent layer on PyTorch's fused kernels (DJL's LSTM, GRU and RNN blocks, batch first).
 * Mapping (measured in ENGINE-NOTES and tested in WeightMappingTest): {@code l_0_i2h_WEIGHT} = kernel^T,
 * {@code l_0_h2h_WEIGHT} = recurrent_kernel^T, gate order identical (i,f,g,o and r,z,n). LSTM and SimpleRNN have
 * one canonical bias: it goes to {@code l_0_i2h_BIAS} and {@code l_0_h2h_BIAS} stays zero and untrained (training
 * both would move their sum twice as far). The GRU's two biases map one to one.
 */
final class RecurrentCore {
    private final RecurrentBlock block;
    private final List<MappedParameter> parameters = new ArrayList<>();
    private final List<Parameter> zeros = new ArrayList<>();
    private final boolean lstm;

    RecurrentCore(Layer.Recurrent spec, int inputWidth, NDManager manager, String prefix, Map<String, ParameterSpec> canonical) {
        lstm = spec instanceof Layer.Lstm;
        if (spec instanceof Layer.Lstm) {
            block = LSTM.builder().setStateSize(spec.units()).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
        } else if (spec instanceof Layer.Gru) {
            block = GRU.builder().setStateSize(spec.units()).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
        } else {
            block = RNN.builder().setStateSize(spec.units()).setNumLayers(1).setActivation(RNN.Activation.TANH)
                    .optBatchFirst(true).optReturnState(true).build();
        }
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, inputWidth));
        var p = block.getParameters();
        parameters.add(new MappedParameter(canonical.get(prefix + "kernel"), p.get("l_0_i2h_WEIGHT"), Layout.TRANSPOSE));
        parameters.add(new MappedParameter(canonical.get(prefix + "recurrent_kernel"), p.get("l_0_h2h_WEIGHT"), Layout.TRANSPOSE));
        if (spec instanceof Layer.Gru) {
            parameters.add(new MappedParameter(canonical.get(prefix + "input_bias"), p.get("l_0_i2h_BIAS"), Layout.IDENTITY));
            parameters.add(new MappedParameter(canonical.get(prefix + "recurrent_bias"), p.get("l_0_h2h_BIAS"), Layout.IDENTITY));
        } else {
            parameters.add(new MappedParameter(canonical.get(prefix + "bias"), p.get("l_0_i2h_BIAS"), Layout.IDENTITY));
            zeros.add(p.get("l_0_h2h_BIAS"));
        }
    }

    /** Runs over (B, T, C) from zero state: (y, hT[, cT]). */
    NDList run(ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training);
    }

    /** One step from the given memory (null entries: zero state), storing the new state in {@code memory}. */
    NDArray step(ParameterStore store, NDArray x, NDArray[] memory, int offset, NDManager keep) {
        return run(store, x, false, memory, offset, keep);
    }

    /**
     * Steps (B, T, C) from the given memory (null entries: zero state) and stores the final state, detached from
     * the gradient, in {@code memory}; returns all outputs (B, T, H).
     */
    NDArray run(ParameterStore store, NDArray x, boolean training, NDArray[] memory, int offset, NDManager keep) {
        NDList in = new NDList(x);
        if (memory[offset] != null) {
            in.add(memory[offset]);
            if (lstm) in.add(memory[offset + 1]);
        }
        NDList out = block.forward(store, in, training);
        DjlLayer.remember(memory, offset, training ? out.get(1).stopGradient() : out.get(1), keep);
        if (lstm) DjlLayer.remember(memory, offset + 1, training ? out.get(2).stopGradient() : out.get(2), keep);
        return out.get(0);
    }

    int memorySize() {
        return lstm ? 2 : 1;
    }

    List<MappedParameter> parameters() {
        return parameters;
    }

    List<Parameter> zeroParameters() {
        return zeros;
    }
}
