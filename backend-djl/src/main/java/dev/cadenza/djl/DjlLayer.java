package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.List;

/** One {@link dev.cadenza.model.Layer} translated to DJL blocks, with its canonical weight mapping. */
interface DjlLayer {
    /** Full-sequence pass: {@code x} is (B, T, C), or (B, C) after a last-step recurrent layer. */
    NDArray forward(ParameterStore store, NDArray x, boolean training);

    /**
     * Full-sequence pass that starts from and leaves its state in {@code memory} (truncated back-propagation:
     * consecutive chunks of one window). The state kept is detached from the gradient. Stateless layers ignore it.
     */
    default NDArray forward(ParameterStore store, NDArray x, boolean training, NDArray[] memory, NDManager keep) {
        return forward(store, x, training);
    }

    /**
     * Generation steps in inference mode: {@code x} is (B, T, C), usually one step; every step's output is returned,
     * (B, T, C'), even by a layer that keeps only its last step in {@link #forward}. {@code memory} is this layer's
     * part of the generation state (entries null before the first step); new entries are attached to {@code keep} and
     * replace the old ones.
     */
    NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep);

    /** How many arrays of generation state this layer keeps (hidden and cell state, convolution history). */
    default int memorySize() {
        return 0;
    }

    /** The canonical tensors of this layer and where DJL holds them. */
    List<MappedParameter> parameters();

    /** DJL parameters with no canonical counterpart, held at zero and never trained (a second recurrent bias). */
    default List<Parameter> zeroParameters() {
        return List.of();
    }

    /** Replaces {@code memory[i]} by {@code value}, moving it to {@code keep} and freeing the old array. */
    static void remember(NDArray[] memory, int i, NDArray value, NDManager keep) {
        value.attach(keep);
        NDScope.unregister(value); // outlives the step's scope of temporaries
        if (memory[i] != null) memory[i].close();
        memory[i] = value;
    }
}
