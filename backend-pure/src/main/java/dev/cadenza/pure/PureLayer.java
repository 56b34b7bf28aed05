package dev.cadenza.pure;

/**
 * One layer of the pure-Java network: forward and hand-written backward on flat row-major {@code [batch, steps,
 * width]} buffers. Buffers are owned by the layer and reused while the batch shape stays the same, so the array a
 * call returns is valid until the layer's next call of the same kind.
 */
abstract class PureLayer {
    /** "layer 2 (LSTM(256))", for messages. */
    final String where;

    PureLayer(String where) {
        this.where = where;
    }

    abstract int outputWidth();

    /** Steps of the output for {@code steps} input steps (1 for a recurrent layer that keeps only its last step). */
    int outputSteps(int steps) {
        return steps;
    }

    /**
     * Computes the output for {@code x} of shape {@code [batch, steps, inputWidth]}.
     *
     * @param training batch statistics and dropout on
     * @param carry start from the state the previous forward call ended in (truncated BPTT), not from zeros
     */
    abstract float[] forward(float[] x, int batch, int steps, boolean training, boolean carry);

    /**
     * Back-propagates {@code dy} (the shape of the last output) through the last forward call, adds the parameter
     * gradients to the gradient buffers and returns the gradient of the input, or null when {@code needInput} is false.
     */
    abstract float[] backward(float[] dy, boolean needInput);

    /** Generation memory and scratch for {@code batch} rows. */
    abstract StepState newState(int batch);

    /** One generation step: {@code x [batch, inputWidth]} at stream position {@code position}; returns {@code [batch, outputWidth]}. */
    abstract float[] step(StepState state, float[] x, int batch, long position);

    /**
     * Called when the parameter arrays may be about to change or have changed (weights loaded): layers that keep
     * re-laid-out copies of their weights (packed for the kernels) rebuild them before the next use.
     */
    void weightsChanged() {}

    /** Null when the layer can run step by step; otherwise why not. */
    String nonCausalReason() {
        return null;
    }

    static float[] sized(float[] buffer, int size) {
        return buffer != null && buffer.length == size ? buffer : new float[size];
    }
}
