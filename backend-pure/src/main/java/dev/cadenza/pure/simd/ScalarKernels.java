package dev.cadenza.pure.simd;

/** Plain-Java kernels: the reference every faster implementation is tested against. */
public final class ScalarKernels implements Kernels {

    @Override
    public void gemm(int m, int n, int k, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff, int ldb,
                     boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av == 0f) continue;
                if (!transB) {
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                }
            }
        }
    }

    /** Packs as one panel: a plain row-major copy of op(B). */
    @Override
    public PackedMatrix pack(int k, int n, float[] b, int bOff, int ldb, boolean transB, PackedMatrix reuse) {
        int width = Math.max(1, n);
        PackedMatrix bp = PackedMatrix.allocate(k, n, width, 1, reuse);
        PackedMatrix.fill(bp, 0, bp.panels(), b, bOff, ldb, transB);
        return bp;
    }

    @Override
    public void gemm(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix b, float[] c, int cOff, int ldc,
                     boolean accumulate) {
        if (b.lane == 1 && b.panelWidth >= b.columns) {
            gemm(m, b.columns, b.rows, a, aOff, lda, transA, b.data, 0, b.columns, false, c, cOff, ldc, accumulate);
        } else {
            gemmAnyLayout(m, a, aOff, lda, transA, b, c, cOff, ldc, accumulate);
        }
    }

    /** The product for a B packed in any layout (slow: one element lookup per multiply-add). */
    static void gemmAnyLayout(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix b, float[] c, int cOff,
                              int ldc, boolean accumulate) {
        int n = b.columns, k = b.rows;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) java.util.Arrays.fill(c, ci, ci + n, 0f);
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                for (int j = 0; j < n; j++) c[ci + j] += av * b.get(p, j);
            }
        }
    }

    @Override
    public LstmStepKernel lstmStep(int inputSize, int units) {
        return new ScalarLstmStep(inputSize, units);
    }

    @Override
    public void sigmoid(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
    }

    @Override
    public void tanh(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = (float) Math.tanh(x[i]);
    }

    @Override
    public void exp(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) x[i] = (float) Math.exp(x[i]);
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        float s = 0;
        for (int i = 0; i < len; i++) s += a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        for (int i = 0; i < len; i++) y[yOff + i] += alpha * x[xOff + i];
    }
}
