package dev.cadenza.model;

/** Element-wise activation of a Dense or Conv1D layer. Softmax is never a layer activation: it is in the loss. */
public enum Activation {
    LINEAR, RELU, TANH, SIGMOID
}
