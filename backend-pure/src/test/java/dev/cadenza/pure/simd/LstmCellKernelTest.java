package dev.cadenza.pure.simd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The batched LSTM cell kernels of {@link VectorKernels} (rows split between threads, vector lanes) against the
 * row-at-a-time defaults of {@link Kernels}. With the same activation functions the results must be bit-identical
 * (that is what keeps generation equal to training, and runs equal across thread counts); against the scalar
 * kernels' double-precision activations, within 1e-6 absolute (activations within 5e-7 relative, values of order 1).
 */
class LstmCellKernelTest {
    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return x;
    }

    /** The vector kernels with the interface's row-at-a-time cell defaults (same activations, one row at a time). */
    private static Kernels rowAtATime(VectorKernels v) {
        return new Kernels() {
            public void gemm(int m, int n, int k, float[] a, int aOff, int lda, boolean transA, float[] b, int bOff,
                             int ldb, boolean transB, float[] c, int cOff, int ldc, boolean accumulate) {
                v.gemm(m, n, k, a, aOff, lda, transA, b, bOff, ldb, transB, c, cOff, ldc, accumulate);
            }

            public PackedMatrix pack(int k, int n, float[] b, int bOff, int ldb, boolean transB, PackedMatrix reuse) {
                return v.pack(k, n, b, bOff, ldb, transB, reuse);
            }

            public void gemm(int m, float[] a, int aOff, int lda, boolean transA, PackedMatrix b, float[] c, int cOff,
                             int ldc, boolean accumulate) {
                v.gemm(m, a, aOff, lda, transA, b, c, cOff, ldc, accumulate);
            }

            public LstmStepKernel lstmStep(int inputSize, int units) {
                return v.lstmStep(inputSize, units);
            }

            public void sigmoid(float[] x, int off, int len) {
                v.sigmoid(x, off, len);
            }

            public void tanh(float[] x, int off, int len) {
                v.tanh(x, off, len);
            }

            public void exp(float[] x, int off, int len) {
                v.exp(x, off, len);
            }

            public float dot(float[] a, int aOff, float[] b, int bOff, int len) {
                return v.dot(a, aOff, b, bOff, len);
            }

            public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
                v.axpy(alpha, x, xOff, y, yOff, len);
            }
        };
    }

    @Test
    void forwardAndBackwardMatchTheRowAtATimeDefinition() {
        SplittableRandom r = new SplittableRandom(31);
        for (int threads = 1; threads <= 3; threads++) {
            VectorKernels vector = new VectorKernels(new WorkerPool(threads));
            Kernels reference = rowAtATime(vector);
            ScalarKernels scalar = new ScalarKernels();
            for (int[] shape : new int[][] {{1, 5}, {3, 16}, {32, 256}, {7, 37}, {32, 130}}) {
                int rows = shape[0], h = shape[1], steps = 3, t = 1, gh = 4 * h;
                int ldg = steps * gh, gOff = t * gh, ld = steps * h, off = t * h;
                float[] gates = random(r, rows * ldg, 3), cp = random(r, rows * ld, 2);
                float[] g1 = gates.clone(), g2 = gates.clone(), g3 = gates.clone();
                float[] c1 = new float[rows * ld], c2 = c1.clone(), c3 = c1.clone();
                float[] t1 = c1.clone(), t2 = c1.clone(), t3 = c1.clone(), h1 = c1.clone(), h2 = c1.clone(), h3 = c1.clone();
                vector.lstmCellForward(rows, h, g1, gOff, ldg, cp, c1, t1, h1, off, ld);
                reference.lstmCellForward(rows, h, g2, gOff, ldg, cp, c2, t2, h2, off, ld);
                scalar.lstmCellForward(rows, h, g3, gOff, ldg, cp, c3, t3, h3, off, ld);
                String where = "rows=" + rows + " h=" + h + " threads=" + threads;
                assertArrayEquals(g2, g1, "gates " + where);
                assertArrayEquals(c2, c1, "c " + where);
                assertArrayEquals(t2, t1, "tanh c " + where);
                assertArrayEquals(h2, h1, "h " + where);
                for (int i = 0; i < h1.length; i++) {
                    assertEquals(h3[i], h1[i], 1e-6, "h vs scalar " + where);
                    assertEquals(c3[i], c1[i], 1e-6, "c vs scalar " + where);
                }

                float[] dh = random(r, rows * h, 1), dcA = random(r, rows * h, 1), dcB = dcA.clone();
                float[] dhNextA = random(r, rows * h, 1), dhNextB = dhNextA.clone();
                float[] dgA = new float[rows * ldg], dgB = new float[rows * ldg];
                vector.lstmCellBackward(rows, h, g1, gOff, ldg, cp, t1, off, ld, dh, dcA, dhNextA, dgA);
                scalar.lstmCellBackward(rows, h, g1, gOff, ldg, cp, t1, off, ld, dh, dcB, dhNextB, dgB);
                assertArrayEquals(dgB, dgA, "dGates " + where);
                assertArrayEquals(dcB, dcA, "dc " + where);
                assertArrayEquals(new float[rows * h], dhNextA, "dhNext zeroed " + where);
            }
        }
    }

    @Test
    void backwardComputesTheCellDerivatives() {
        // one unit: d h / d z_o = tanh(c) o (1 - o) with dh = 1, dc = 0
        ScalarKernels k = new ScalarKernels();
        float i = 0.6f, f = 0.3f, g = -0.4f, o = 0.8f, cp = 0.5f;
        float c = f * cp + i * g, tc = (float) Math.tanh(c);
        float[] gates = {i, f, g, o}, dGates = new float[4], dc = {0f}, dhNext = {7f};
        k.lstmCellBackward(1, 1, gates, 0, 4, new float[] {cp}, new float[] {tc}, 0, 1, new float[] {1f}, dc, dhNext, dGates);
        double dcv = o * (1 - tc * tc);
        assertEquals(tc * o * (1 - o), dGates[3], 1e-7);
        assertEquals(dcv * g * i * (1 - i), dGates[0], 1e-7);
        assertEquals(dcv * cp * f * (1 - f), dGates[1], 1e-7);
        assertEquals(dcv * i * (1 - g * g), dGates[2], 1e-7);
        assertEquals(dcv * f, dc[0], 1e-7);
        assertEquals(0f, dhNext[0]);
    }
}
