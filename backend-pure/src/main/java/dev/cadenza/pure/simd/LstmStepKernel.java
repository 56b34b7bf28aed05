package dev.cadenza.pure.simd;

/**
 * One LSTM time step for a single sequence (batch 1), the inner loop of token-by-token generation: gates
 * {@code z = x Wx + h Wh + b} in the canonical order i, f, g, o, then {@code c = sigmoid(f) c + sigmoid(i) tanh(g)} and
 * {@code h = sigmoid(o) tanh(c)}, with h and c updated in place. Weights are given in the canonical layout (Wx
 * [in, 4H], Wh [H, 4H], b [4H], row-major) and copied into whatever layout the implementation streams fastest, so
 * {@link #setWeights} must be called again after the weights change. Not thread-safe: one kernel per model
 * (calls on one kernel must not overlap).
 */
public interface LstmStepKernel {
    /** Width of x. */
    int inputSize();

    /** H: width of h and c. */
    int units();

    /** Copies the canonical weights in; Wx, Wh and b are read at the given offsets. */
    void setWeights(float[] wx, int wxOff, float[] wh, int whOff, float[] b, int bOff);

    /** h, c &lt;- LSTM(x, h, c) with the weights of the last {@link #setWeights}. */
    void step(float[] x, int xOff, float[] h, int hOff, float[] c, int cOff);

    /**
     * As {@link #step} when the input part of the gates, {@code x Wx + b} ([4H], order i, f, g, o), is already
     * known: for an embedding or one-hot input it is one row of a per-token table computed once per weight update,
     * which saves the input product at every generated token.
     */
    void stepProjected(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff);
}
