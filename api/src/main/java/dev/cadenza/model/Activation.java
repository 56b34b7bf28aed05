package dev.cadenza.model;

/** Element-wise activation of a Dense or Conv1D layer. Softmax is never a layer activation: it is in the loss. */
public enum Activation {
    /** The identity: logits and regression values, and convolutions followed by BatchNorm. */
    LINEAR,
    /** max(0, x). */
    RELU,
    /** tanh(x), in (-1, 1). */
    TANH,
    /** 1 / (1 + exp(-x)), in (0, 1). */
    SIGMOID
}
