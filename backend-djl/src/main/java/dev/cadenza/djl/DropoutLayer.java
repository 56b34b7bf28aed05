package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;

import java.util.List;

/** Inverted dropout; DJL's rate is the drop probability, as Cadenza's. Identity in inference and when stepping. */
final class DropoutLayer implements DjlLayer {
    private final Dropout block;

    DropoutLayer(Layer.Dropout spec) {
        block = Dropout.builder().optRate((float) spec.rate()).build();
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        return training ? block.forward(store, new NDList(x), true).singletonOrThrow() : x;
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        return x;
    }

    @Override
    public List<MappedParameter> parameters() {
        return List.of();
    }
}
