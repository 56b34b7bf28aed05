package dev.cadenza.dl4j;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link MultiLayerNetwork} with one addition: the backward pass of a gradient given from outside, inside the
 * workspace DL4J's own training opens around it. {@code MultiLayerNetwork.backpropGradient(epsilon)} (the external
 * errors route) assumes no workspace for the layers' inputs, yet layers such as {@code EmbeddingSequenceLayer} copy
 * their input into the "all layers' activations" workspace during backprop, which then is not open and throws.
 */
final class Dl4jNetwork extends MultiLayerNetwork {
    private static final long serialVersionUID = 1L;

    Dl4jNetwork(MultiLayerConfiguration conf) {
        super(conf);
    }

    /**
     * Back-propagates {@code epsilon}, the gradient of the loss with respect to the last training forward pass's
     * outputs (run by {@code feedForward(true, false)}, which keeps each layer's input), into the flat gradient vector;
     * returns the gradients and the gradient of the network's input (detached from any workspace).
     */
    Pair<Gradient, INDArray> backward(INDArray epsilon) {
        if (getLayerWiseConfigurations().getTrainingWorkspaceMode() == WorkspaceMode.NONE)
            return calcBackpropGradients(epsilon, false, false, true);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(WS_ALL_LAYERS_ACT_CONFIG, WS_ALL_LAYERS_ACT)) {
            return calcBackpropGradients(epsilon, false, false, true);
        }
    }
}
