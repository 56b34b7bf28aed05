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
     */
    PackedMatrix pack(int k, int n, float[] b, int bOff, int ldb, boolean transB, PackedMatrix reuse);

    /**
     * C[m x n] = (accumulate ? C : 0) + op(A)[m x k] * B[k x n] for a B made by {@link #pack}; A and C as in
     * {@link #gemm(int, int, int, float[], int, int, boolean, float[], int, int, boolean, float[], int, int, boolean)}.
     */
    void gemm(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix b,
              float[] c, int cOff, int ldc, boolean accumulate);

    /** A batch-1 LSTM step for generation, with its own copy of the weights (see {@link LstmStepKernel}). */
    LstmStepKernel lstmStep(int inputSize, int units);

    /** x[i] = 1 / (1 + exp(-x[i])) for i in [off, off + len). */
    void sigmoid(float[] x, int off, int len);

    /** x[i] = tanh(x[i]). */
    void tanh(float[] x, int off, int len);

    /** x[i] = exp(x[i]). */
    void exp(float[] x, int off, int len);

    /** sum of a[aOff + i] * b[bOff + i]. */
    float dot(float[] a, int aOff, float[] b, int bOff, int len);

    /** y[yOff + i] += alpha * x[xOff + i]. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len);

    /**
     * The LSTM cell over {@code rows} rows: gates [rows, 4H] (rows {@code ldg} apart from {@code gOff}) hold the
     * pre-activations i, f, g, o and are activated in place; then c = f cp + i g, tc = tanh(c), h = o tc. Rows of cp,
     * c, tc and hOut are {@code ld} apart from {@code off}; cp and c may be the same array. Every implementation does
     * the arithmetic of one row exactly as this default does, so a row gives the same bits whether it is computed
     * alone (generation) or with others (training), on any number of threads.
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

    /** The fastest kernels this JVM can run: the Vector API ones when jdk.incubator.vector is present, else scalar. */
    static Kernels best() {
        return KernelSelector.BEST;
    }
}
