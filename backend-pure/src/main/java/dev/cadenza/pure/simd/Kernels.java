package dev.cadenza.pure.simd;

/**
 * The numeric kernels the pure-Java layers are written against. {@link ScalarKernels} is the plain-Java oracle;
 * the Vector API implementation must agree with it (tests compare them). All arrays are flat, row-major,
 * addressed by offset and leading dimension, so layers can work on slices of preallocated buffers without copying.
 */
public interface Kernels {

    /**
     * C[m x n] = (accumulate ? C : 0) + op(A)[m x k] * op(B)[k x n], where op(X) is X or its transpose.
     * A is stored [m x k] (or [k x m] when transA) with row stride lda; likewise B and ldb; C has row stride ldc.
     *
     * @param m rows of op(A) and C
     * @param n columns of op(B) and C
     * @param k the inner dimension
     * @param a A's array
     * @param aOff A's first element
     * @param lda A's row stride, at least its stored width
     * @param transA whether A is stored transposed
     * @param b B's array
     * @param bOff B's first element
     * @param ldb B's row stride
     * @param transB whether B is stored transposed
     * @param c C's array, written in place
     * @param cOff C's first element
     * @param ldc C's row stride
     * @param accumulate true to add to C, false to overwrite it
     */
    void gemm(int m, int n, int k,
              float[] a, int aOff, int lda, boolean transA,
              float[] b, int bOff, int ldb, boolean transB,
              float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * Copies op(B) [k x n] (B stored [k x n] with row stride ldb, or [n x k] when transB) into the panel layout the
     * products stream fastest. Pack a weight matrix once per optimizer step and use it at every time step: the
     * recurrent products of a sequence reuse it T times. The memory of {@code reuse} (may be null) is reused when it
     * is big enough, so repacking after each update allocates nothing.
     *
     * @param k rows of op(B)
     * @param n columns of op(B)
     * @param b B's array
     * @param bOff B's first element
     * @param ldb B's row stride
     * @param transB whether B is stored transposed
     * @param reuse a packed matrix whose memory may be reused, or null
     * @return the packed matrix: {@code reuse} itself when it was big enough, else a new one
     */
    PackedMatrix pack(int k, int n, float[] b, int bOff, int ldb, boolean transB, PackedMatrix reuse);

    /**
     * C[m x n] = (accumulate ? C : 0) + op(A)[m x k] * B[k x n] for a B made by {@link #pack}; A and C as in
     * {@link #gemm(int, int, int, float[], int, int, boolean, float[], int, int, boolean, float[], int, int, boolean)}.
     *
     * @param m rows of op(A) and C
     * @param a A's array
     * @param aOff A's first element
     * @param lda A's row stride
     * @param transA whether A is stored transposed
     * @param b the packed B, {@code [k x n]}
     * @param c C's array, written in place
     * @param cOff C's first element
     * @param ldc C's row stride
     * @param accumulate true to add to C, false to overwrite it
     */
    void gemm(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix b,
              float[] c, int cOff, int ldc, boolean accumulate);

    /**
     * A batch-1 LSTM step for generation, with its own copy of the weights (see {@link LstmStepKernel}).
     *
     * @param inputSize the width of x
     * @param units H, the width of h and c
     * @return a new kernel, without weights until {@link LstmStepKernel#setWeights} is called
     */
    LstmStepKernel lstmStep(int inputSize, int units);

    /**
     * x[i] = 1 / (1 + exp(-x[i])) for i in [off, off + len).
     *
     * @param x the array, changed in place
     * @param off the first element
     * @param len the number of elements
     */
    void sigmoid(float[] x, int off, int len);

    /**
     * x[i] = tanh(x[i]).
     *
     * @param x the array, changed in place
     * @param off the first element
     * @param len the number of elements
     */
    void tanh(float[] x, int off, int len);

    /**
     * x[i] = exp(x[i]).
     *
     * @param x the array, changed in place
     * @param off the first element
     * @param len the number of elements
     */
    void exp(float[] x, int off, int len);

    /**
     * sum of a[aOff + i] * b[bOff + i].
     *
     * @param a the first vector's array
     * @param aOff its first element
     * @param b the second vector's array
     * @param bOff its first element
     * @param len the number of elements
     * @return the dot product
     */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /**
     * y[yOff + i] += alpha * x[xOff + i].
     *
     * @param alpha the scale of x
     * @param x x's array
     * @param xOff x's first element
     * @param y y's array, changed in place
     * @param yOff y's first element
     * @param len the number of elements
     */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * The LSTM cell over {@code rows} rows: gates [rows, 4H] (rows {@code ldg} apart from {@code gOff}) hold the
     * pre-activations i, f, g, o and are activated in place; then c = f cp + i g, tc = tanh(c), h = o tc. Rows of cp,
     * c, tc and hOut are {@code ld} apart from {@code off}; cp and c may be the same array. Every implementation does
     * the arithmetic of one row exactly as this default does, so a row gives the same bits whether it is computed
     * alone (generation) or with others (training), on any number of threads.
     *
     * @param rows the rows (sequences) computed
     * @param h H, the units
     * @param gates the pre-activations, activated in place
     * @param gOff the first row's offset in {@code gates}
     * @param ldg the row stride of {@code gates}, at least 4H
     * @param cp the previous cell state
     * @param c the new cell state, written (may be {@code cp})
     * @param tc tanh of the new cell state, written
     * @param hOut the new hidden state, written
     * @param off the first row's offset in {@code cp}, {@code c}, {@code tc} and {@code hOut}
     * @param ld the row stride of those four
     */
    default void lstmCellForward(int rows, int h, float[] gates, int gOff, int ldg, float[] cp, float[] c, float[] tc,
                                 float[] hOut, int off, int ld) {
        for (int r = 0; r < rows; r++) {
            int g0 = gOff + r * ldg, o = off + r * ld;
            sigmoid(gates, g0, 2 * h);
            tanh(gates, g0 + 2 * h, h);
            sigmoid(gates, g0 + 3 * h, h);
            for (int j = 0; j < h; j++) c[o + j] = gates[g0 + h + j] * cp[o + j] + gates[g0 + j] * gates[g0 + 2 * h + j];
            System.arraycopy(c, o, tc, o, h);
            tanh(tc, o, h);
            for (int j = 0; j < h; j++) hOut[o + j] = gates[g0 + 3 * h + j] * tc[o + j];
        }
    }

    /**
     * Back through {@link #lstmCellForward}: given the activated gates, cp and tc (same layouts as there), the
     * gradient dh of h and dc of c from the later step ([rows, H], contiguous), writes the gradients of the gate
     * pre-activations to dGates (the layout of gates), replaces dc by the gradient of cp, and zeroes dhNext
     * ([rows, H]) for the recurrent product to accumulate into. Same float operations in the same order in every
     * implementation, so results are bit-identical.
     *
     * @param rows the rows (sequences)
     * @param h H, the units
     * @param gates the activated gates of the forward step
     * @param gOff the first row's offset in {@code gates}
     * @param ldg the row stride of {@code gates}
     * @param cp the previous cell state of the forward step
     * @param tc tanh of the cell state of the forward step
     * @param off the first row's offset in {@code cp} and {@code tc}
     * @param ld the row stride of those two
     * @param dh the gradient of h, {@code [rows, H]} contiguous
     * @param dc the gradient of c, {@code [rows, H]}; replaced by the gradient of cp
     * @param dhNext zeroed, {@code [rows, H]}
     * @param dGates the gradients of the pre-activations, written in the layout of {@code gates}
     */
    default void lstmCellBackward(int rows, int h, float[] gates, int gOff, int ldg, float[] cp, float[] tc, int off,
                                  int ld, float[] dh, float[] dc, float[] dhNext, float[] dGates) {
        for (int r = 0; r < rows; r++) {
            int g0 = gOff + r * ldg, row = off + r * ld, d0 = r * h;
            for (int j = 0; j < h; j++) {
                float i = gates[g0 + j], f = gates[g0 + h + j], g = gates[g0 + 2 * h + j], o = gates[g0 + 3 * h + j];
                float t = tc[row + j];
                float dhv = dh[d0 + j];
                float dcv = dhv * o * (1f - t * t) + dc[d0 + j];
                dGates[g0 + j] = dcv * g * i * (1f - i);
                dGates[g0 + h + j] = dcv * cp[row + j] * f * (1f - f);
                dGates[g0 + 2 * h + j] = dcv * i * (1f - g * g);
                dGates[g0 + 3 * h + j] = dhv * t * o * (1f - o);
                dc[d0 + j] = dcv * f;
                dhNext[d0 + j] = 0f;
            }
        }
    }

    /**
     * The fastest kernels this JVM can run: the Vector API ones when jdk.incubator.vector is present, else scalar.
     *
     * @return the shared kernels of this JVM
     */
    static Kernels best() {
        return KernelSelector.BEST;
    }
}
