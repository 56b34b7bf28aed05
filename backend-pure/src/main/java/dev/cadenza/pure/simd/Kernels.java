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

    /** The fastest kernels this JVM can run: the Vector API ones when jdk.incubator.vector is present, else scalar. */
    static Kernels best() {
        return KernelSelector.BEST;
    }
}
