package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ParameterSpec;

import java.util.List;
import java.util.Map;

/** A dense layer on DJL's {@link Linear} (weight [out, in] = kernel^T), applied at every step of (B, T, C) input. */
final class DenseLayer implements DjlLayer {
    private final Layer.Dense spec;
    private final Linear block;
    private final List<MappedParameter> parameters;

    DenseLayer(Layer.Dense spec, int inputWidth, NDManager manager, String prefix, Map<String, ParameterSpec> canonical) {
        this.spec = spec;
        block = Linear.builder().setUnits(spec.units()).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputWidth));
        var p = block.getParameters();
        parameters = List.of(new MappedParameter(canonical.get(prefix + "kernel"), p.get("weight"), Layout.TRANSPOSE),
                new MappedParameter(canonical.get(prefix + "bias"), p.get("bias"), Layout.IDENTITY));
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        return Activations.apply(spec.activation(), block.forward(store, new NDList(x), training).singletonOrThrow());
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        return forward(store, x, false);
    }

    @Override
    public List<MappedParameter> parameters() {
        return parameters;
    }
}
