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
