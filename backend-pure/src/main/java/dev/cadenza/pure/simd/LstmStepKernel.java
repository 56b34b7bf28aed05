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
    /**
     * Width of x.
     *
     * @return the input width
     */
    int inputSize();

    /**
     * H: width of h and c.
     *
     * @return the units
     */
    int units();

    /**
     * Copies the canonical weights in; Wx, Wh and b are read at the given offsets.
     *
     * @param wx the input kernel {@code [in, 4H]}
     * @param wxOff its first element
     * @param wh the recurrent kernel {@code [H, 4H]}
     * @param whOff its first element
     * @param b the bias {@code [4H]}
     * @param bOff its first element
     */
    void setWeights(float[] wx, int wxOff, float[] wh, int whOff, float[] b, int bOff);

    /**
     * h, c &lt;- LSTM(x, h, c) with the weights of the last {@link #setWeights}.
     *
     * @param x the input {@code [in]}
     * @param xOff its first element
     * @param h the hidden state {@code [H]}, updated in place
     * @param hOff its first element
     * @param c the cell state {@code [H]}, updated in place
     * @param cOff its first element
     */
    void step(float[] x, int xOff, float[] h, int hOff, float[] c, int cOff);

    /**
     * As {@link #step} when the input part of the gates, {@code x Wx + b} ([4H], order i, f, g, o), is already
     * known: for an embedding or one-hot input it is one row of a per-token table computed once per weight update,
     * which saves the input product at every generated token.
     *
     * @param gates the input part of the gates {@code [4H]}; not changed
     * @param gOff its first element
     * @param h the hidden state {@code [H]}, updated in place
     * @param hOff its first element
     * @param c the cell state {@code [H]}, updated in place
     * @param cOff its first element
     */
    void stepProjected(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff);
}
