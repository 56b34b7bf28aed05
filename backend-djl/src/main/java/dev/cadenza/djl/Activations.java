package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Cadenza's layer activations on NDArrays. */
final class Activations {
    private Activations() {}

    static NDArray apply(dev.cadenza.model.Activation activation, NDArray x) {
        return switch (activation) {
            case LINEAR -> x;
            case RELU -> Activation.relu(x);
            case TANH -> Activation.tanh(x);
            case SIGMOID -> Activation.sigmoid(x);
        };
    }
}
