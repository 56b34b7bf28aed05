package dev.cadenza.pure.simd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every {@link VectorKernels} method against the {@link ScalarKernels} oracle on random shapes: odd sizes that leave
 * vector and tile tails, offsets, padded leading dimensions, all transpose combinations, accumulate on and off.
 * <p>
 * GEMM tolerance: both results are float sums of k products in different orders, so each is within
 * {@code k * 2^-24 * sum|a b|} of the exact value; the test allows {@code (2k + 2) * 2^-24 * (sum|a b| + |c0|)}. A
 * wrong or missing term costs about {@code sum|a b| / k}, far above that for the sizes tested. Activations are
 * checked against {@link Math} in double with the bounds documented in {@link VectorMath}.
 */
class VectorKernelsTest {
    private static final float ULP1 = 0x1p-24f;
    private final ScalarKernels scalar = new ScalarKernels();
    private final VectorKernels vector = new VectorKernels(new WorkerPool(2));

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** One random product: shapes, layout and the inputs. */
    private record Case(int m, int n, int k, boolean ta, boolean tb, boolean acc, int aOff, int lda, int bOff, int ldb,
                        int cOff, int ldc, float[] a, float[] b, float[] c) {
        static Case random(SplittableRandom r, int m, int n, int k) {
            return random(r, m, n, k, r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
        }

        static Case random(SplittableRandom r, int m, int n, int k, boolean ta, boolean tb, boolean acc) {
            int lda = (ta ? m : k) + r.nextInt(3), ldb = (tb ? k : n) + r.nextInt(3), ldc = n + r.nextInt(3);
            int aOff = r.nextInt(5), bOff = r.nextInt(5), cOff = r.nextInt(5);
            float[] a = VectorKernelsTest.random(r, aOff + lda * (ta ? k : m) + 3);
            float[] b = VectorKernelsTest.random(r, bOff + ldb * (tb ? n : k) + 3);
            float[] c = VectorKernelsTest.random(r, cOff + ldc * m + 3);
            return new Case(m, n, k, ta, tb, acc, aOff, lda, bOff, ldb, cOff, ldc, a, b, c);
        }

        float a(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        float b(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] run(Kernels kernels) {
            float[] out = c.clone();
            kernels.gemm(m, n, k, a, aOff, lda, ta, b, bOff, ldb, tb, out, cOff, ldc, acc);
            return out;
        }

        float[] runPacked(Kernels packer, Kernels multiplier) {
            float[] out = c.clone();
            PackedMatrix bp = packer.pack(k, n, b, bOff, ldb, tb, null);
            multiplier.gemm(m, a, aOff, lda, ta, bp, out, cOff, ldc, acc);
            return out;
        }

        void check(float[] expected, float[] actual, String what) {
            for (int idx = 0; idx < c.length; idx++) {
                int rel = idx - cOff;
                int i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
                boolean inside = rel >= 0 && i < m && j < n;
                if (!inside) {
                    if (Float.floatToRawIntBits(actual[idx]) != Float.floatToRawIntBits(c[idx]))
                        fail(what + " " + this + ": wrote outside C at index " + idx);
                    continue;
                }
                double mag = acc ? Math.abs(c[idx]) : 0;
                for (int p = 0; p < k; p++) mag += Math.abs((double) a(i, p) * b(p, j));
                double tol = (2.0 * k + 2) * ULP1 * mag + Float.MIN_NORMAL;
                if (Math.abs(expected[idx] - actual[idx]) > tol)
                    fail(what + " " + this + ": C[" + i + "," + j + "] = " + actual[idx] + ", oracle " + expected[idx]
                            + ", tolerance " + tol);
            }
        }

        @Override
        public String toString() {
            return "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb + " accumulate=" + acc
                    + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc + " offsets=" + aOff + "/" + bOff + "/" + cOff;
        }
    }

    private static final int[] MS = {1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 65, 70, 130};
    private static final int[] NS = {1, 2, 5, 15, 16, 17, 31, 32, 33, 47, 48, 49, 83, 96, 97, 130, 200};
    private static final int[] KS = {0, 1, 2, 3, 7, 16, 17, 64, 255, 256, 257, 300, 530};

    @Test
    void gemmMatchesScalarOnRandomShapes() {
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 400; t++) {
            Case cs = Case.random(r, MS[r.nextInt(MS.length)], NS[r.nextInt(NS.length)], KS[r.nextInt(KS.length)]);
            cs.check(cs.run(scalar), cs.run(vector), "gemm");
        }
    }

    @Test
    void gemmCoversEveryTransposeAndAccumulateCombination() {
        SplittableRandom r = new SplittableRandom(2);
        for (int combo = 0; combo < 8; combo++) {
            for (int[] shape : new int[][] {{37, 101, 45}, {3, 50, 20}, {9, 16, 1}, {96, 150, 300}}) {
                Case cs = Case.random(r, shape[0], shape[1], shape[2], (combo & 1) != 0, (combo & 2) != 0, (combo & 4) != 0);
                cs.check(cs.run(scalar), cs.run(vector), "gemm");
                cs.check(cs.run(scalar), cs.runPacked(vector, vector), "packed gemm");
            }
        }
    }

    @Test
    void packedGemmMatchesScalarAndReadsEitherLayout() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 150; t++) {
            // the scalar reader of a foreign layout is slow: keep these shapes moderate
            Case cs = Case.random(r, MS[r.nextInt(10)], NS[r.nextInt(NS.length)], KS[r.nextInt(10)]);
            float[] expected = cs.run(scalar);
            cs.check(expected, cs.runPacked(vector, vector), "vector-packed, vector gemm");
            cs.check(expected, cs.runPacked(scalar, vector), "scalar-packed, vector gemm");
            cs.check(expected, cs.runPacked(vector, scalar), "vector-packed, scalar gemm");
            cs.check(expected, cs.runPacked(scalar, scalar), "scalar-packed, scalar gemm");
        }
    }

    @Test
    void repackingReusesTheBufferAndRefreshesTheValues() {
        SplittableRandom r = new SplittableRandom(4);
        float[] w = random(r, 300 * 1024);
        PackedMatrix first = vector.pack(300, 1024, w, 0, 1024, false, null);
        float[] w2 = random(r, 300 * 1024);
        PackedMatrix second = vector.pack(300, 1024, w2, 0, 1024, false, first);
        assertSame(first, second, "same shape and layout must reuse the packed matrix");
        PackedMatrix smaller = vector.pack(200, 100, w2, 0, 1024, true, second);
        assertSame(first.data, smaller.data, "a smaller matrix must reuse the memory");
        assertEquals(200, smaller.rows());
        assertEquals(100, smaller.columns());
        for (int p = 0; p < 200; p += 7)
            for (int j = 0; j < 100; j += 3) assertEquals(w2[j * 1024 + p], smaller.get(p, j));
        float[] x = random(r, 32 * 300);
        float[] expected = new float[32 * 1024], actual = new float[32 * 1024];
        scalar.gemm(32, 1024, 300, x, 0, 300, false, w2, 0, 1024, false, expected, 0, 1024, false);
        vector.gemm(32, x, 0, 300, false, vector.pack(300, 1024, w2, 0, 1024, false, smaller), actual, 0, 1024, false);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4f);
    }

    @Test
    void resultsAreBitIdenticalForAnyThreadCountAndRun() {
        SplittableRandom r = new SplittableRandom(5);
        VectorKernels one = new VectorKernels(new WorkerPool(1));
        VectorKernels three = new VectorKernels(new WorkerPool(3));
        // LSTM-like shapes: recurrent product (panel split), output layer (row split), weight gradient (several
        // k blocks), a thin product (column split)
        for (int[] s : new int[][] {{32, 1024, 256}, {800, 83, 64}, {64, 600, 700}, {2, 5000, 300}}) {
            Case cs = Case.random(r, s[0], s[1], s[2]);
            float[] serial = cs.run(one);
            assertArrayEquals(serial, cs.run(three), "3 threads vs 1: " + cs);
            assertArrayEquals(serial, cs.run(vector), "2 threads vs 1: " + cs);
            assertArrayEquals(serial, cs.run(three), "repeat: " + cs);
            assertArrayEquals(cs.runPacked(one, one), cs.runPacked(three, three), "packed, 3 threads vs 1: " + cs);
        }
    }

    @Test
    void concurrentCallersGetCorrectResults() throws Exception {
        SplittableRandom r = new SplittableRandom(6);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 8; i++) cases.add(Case.random(r, 64 + i, 512, 128));
        List<float[]> expected = new ArrayList<>();
        for (Case cs : cases) expected.add(cs.run(vector));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<float[]>> results = new ArrayList<>();
                for (Case cs : cases) results.add(callers.submit(() -> cs.run(vector)));
                for (int i = 0; i < cases.size(); i++)
                    assertArrayEquals(expected.get(i), results.get(i).get(), "concurrent call " + i);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void kernelFailuresReachTheCaller() {
        float[] small = new float[10];
        try {
            vector.gemm(64, 512, 128, small, 0, 128, false, small, 0, 512, false, new float[64 * 512], 0, 512, false);
            fail("an out-of-bounds operand must throw");
        } catch (IndexOutOfBoundsException expected) {
            // the worker's exception is rethrown in the caller
        }
        // and the pool still works afterwards
        Case cs = Case.random(new SplittableRandom(7), 64, 512, 128);
        cs.check(cs.run(scalar), cs.run(vector), "after a failure");
    }

    // ---------------------------------------------------------------- element-wise

    private static float[] activationInputs() {
        SplittableRandom r = new SplittableRandom(8);
        List<Float> xs = new ArrayList<>();
        for (float v = -100f; v <= 100f; v += 0.013f) xs.add(v);
        for (int i = 0; i < 20000; i++) xs.add((float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 5)));
        for (float v : new float[] {0f, -0f, 1e-30f, -1e-30f, Float.MIN_VALUE, 0.625f, -0.625f, 0.62499994f, 88.72f,
                -87.33f, -87.5f, -103f, 200f, -200f, Float.MAX_VALUE, -Float.MAX_VALUE}) xs.add(v);
        float[] x = new float[xs.size()];
        for (int i = 0; i < x.length; i++) x[i] = xs.get(i);
        return x;
    }

    private interface Op {
        void apply(Kernels k, float[] x, int off, int len);
    }

    /** Largest relative error against the double-precision function; checks offsets, tails and untouched ends. */
    private static double maxRelativeError(Op op, java.util.function.DoubleUnaryOperator exact, double floor, Kernels k) {
        float[] in = activationInputs();
        double worst = 0;
        for (int off : new int[] {0, 3}) {
            for (int len : new int[] {in.length, in.length - 5, 17, 1}) {
                float[] x = new float[off + len + 4];
                Arrays.fill(x, 42f);
                System.arraycopy(in, 0, x, off, len);
                op.apply(k, x, off, len);
                for (int i = 0; i < off; i++) assertEquals(42f, x[i], "before the range");
                for (int i = off + len; i < x.length; i++) assertEquals(42f, x[i], "after the range");
                for (int i = 0; i < len; i++) {
                    double e = exact.applyAsDouble(in[i]);
                    if (Math.abs(e) > Float.MAX_VALUE) e = (float) e; // overflows: the float answer is infinite
                    double err = x[off + i] == e ? 0 : Math.abs(x[off + i] - e) / Math.max(Math.abs(e), floor);
                    if (!(err <= 1e-3)) fail("input " + in[i] + ": got " + x[off + i] + ", exact " + e);
                    worst = Math.max(worst, err);
                }
            }
        }
        return worst;
    }

    @Test
    void expIsAccurate() {
        // relative in the normal range; below it the float result itself is subnormal, so the floor is absolute
        double err = maxRelativeError(Kernels::exp, Math::exp, Float.MIN_NORMAL, vector);
        assertTrue(err < 3e-7, "exp max relative error " + err);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 89f, -104f, -1000f};
        vector.exp(special, 0, special.length);
        assertTrue(Float.isNaN(special[0]));
        assertEquals(Float.POSITIVE_INFINITY, special[1]);
        assertEquals(0f, special[2]);
        assertEquals(Float.POSITIVE_INFINITY, special[3]);
        assertEquals(0f, special[5]);
    }

    @Test
    void sigmoidIsAccurate() {
        double err = maxRelativeError(Kernels::sigmoid, x -> 1 / (1 + Math.exp(-x)), Float.MIN_NORMAL, vector);
        assertTrue(err < 4e-7, "sigmoid max relative error " + err);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        vector.sigmoid(special, 0, special.length);
        assertTrue(Float.isNaN(special[0]));
        assertEquals(1f, special[1]);
        assertEquals(0f, special[2]);
    }

    @Test
    void tanhIsAccurate() {
        double err = maxRelativeError(Kernels::tanh, Math::tanh, Float.MIN_NORMAL, vector);
        assertTrue(err < 5e-7, "tanh max relative error " + err);
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f};
        vector.tanh(special, 0, special.length);
        assertTrue(Float.isNaN(special[0]));
        assertEquals(1f, special[1]);
        assertEquals(-1f, special[2]);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(special[3]), "tanh(-0) = -0");
    }

    @Test
    void scalarActivationsAgreeWithVectorOnes() {
        float[] in = activationInputs();
        for (Op op : new Op[] {Kernels::exp, Kernels::sigmoid, Kernels::tanh}) {
            float[] s = in.clone(), v = in.clone();
            op.apply(scalar, s, 0, s.length);
            op.apply(vector, v, 0, v.length);
            for (int i = 0; i < s.length; i++) {
                double tol = 6e-7 * Math.max(Math.abs(s[i]), Float.MIN_NORMAL);
                if (!(Math.abs(s[i] - v[i]) <= tol) && !(Float.isInfinite(s[i]) && s[i] == v[i]))
                    fail("input " + in[i] + ": scalar " + s[i] + ", vector " + v[i]);
            }
        }
    }

    @Test
    void dotAndAxpyMatchScalar() {
        SplittableRandom r = new SplittableRandom(9);
        for (int t = 0; t < 300; t++) {
            int len = r.nextInt(0, 700), aOff = r.nextInt(0, 9), bOff = r.nextInt(0, 9);
            float[] a = random(r, aOff + len + 5), b = random(r, bOff + len + 5);
            double mag = 0;
            for (int i = 0; i < len; i++) mag += Math.abs(a[aOff + i] * b[bOff + i]);
            float expected = scalar.dot(a, aOff, b, bOff, len);
            float actual = vector.dot(a, aOff, b, bOff, len);
            assertEquals(expected, actual, (2.0 * len + 2) * ULP1 * mag + Float.MIN_NORMAL, "dot len=" + len);

            float alpha = (float) r.nextGaussian();
            float[] ys = b.clone(), yv = b.clone();
            scalar.axpy(alpha, a, aOff, ys, bOff, len);
            vector.axpy(alpha, a, aOff, yv, bOff, len);
            for (int i = 0; i < ys.length; i++) {
                boolean inside = i >= bOff && i < bOff + len;
                if (!inside) assertEquals(b[i], yv[i], "axpy wrote outside its range");
                else assertEquals(ys[i], yv[i], 2 * ULP1 * (Math.abs(alpha * a[aOff + i - bOff]) + Math.abs(b[i])), "axpy");
            }
        }
    }
}
