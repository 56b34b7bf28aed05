package dev.cadenza.pure.simd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fused vector LSTM step against its scalar twin, over sizes that leave a partial tile (units not a multiple of
 * the vector length), several chained tokens, offsets, both entry points and 1 to 3 threads. Tolerance 2e-5
 * absolute on h and c (values of order 1, sums of up to ~300 products of order 0.1 each, and activations within
 * 5e-7): any wrong weight, gate order or unit shows up at 1e-2 or more.
 */
class LstmStepKernelTest {
    private static final float TOL = 2e-5f;

    private static float[] random(SplittableRandom r, int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return x;
    }

    private static void close(float[] expected, int eOff, float[] actual, int aOff, int len, String what) {
        for (int i = 0; i < len; i++)
            if (!(Math.abs(expected[eOff + i] - actual[aOff + i]) <= TOL))
                fail(what + "[" + i + "]: expected " + expected[eOff + i] + ", got " + actual[aOff + i]);
    }

    @Test
    void vectorStepMatchesScalarTwin() {
        SplittableRandom r = new SplittableRandom(11);
        int[][] sizes = {{5, 1}, {1, 7}, {0, 16}, {64, 256}, {5, 256}, {13, 33}, {83, 100}, {40, 129}};
        for (int threads = 1; threads <= 3; threads++) {
            WorkerPool pool = new WorkerPool(threads);
            for (int[] size : sizes) {
                int in = size[0], units = size[1], g = 4 * units;
                double scale = 1 / Math.sqrt(in + units);
                float[] wx = random(r, 3 + in * g, 2 * scale), wh = random(r, 1 + units * g, 2 * scale), b = random(r, 2 + g, 1);
                LstmStepKernel expected = new ScalarLstmStep(in, units);
                LstmStepKernel actual = new VectorLstmStep(in, units, pool);
                expected.setWeights(wx, 3, wh, 1, b, 2);
                actual.setWeights(wx, 3, wh, 1, b, 2);
                float[] he = random(r, units, 0.5), ce = random(r, units, 2);
                float[] ha = new float[units + 4], ca = new float[units + 6];
                System.arraycopy(he, 0, ha, 4, units);
                System.arraycopy(ce, 0, ca, 6, units);
                for (int token = 0; token < 6; token++) {
                    float[] x = random(r, in + 2, 1);
                    expected.step(x, 2, he, 0, ce, 0);
                    actual.step(x, 2, ha, 4, ca, 6);
                    String where = "in=" + in + " units=" + units + " threads=" + threads + " token " + token;
                    close(he, 0, ha, 4, units, "h " + where);
                    close(ce, 0, ca, 6, units, "c " + where);
                    // resync so errors do not compound over the chain
                    System.arraycopy(he, 0, ha, 4, units);
                    System.arraycopy(ce, 0, ca, 6, units);
                }
                assertEquals(0f, ha[0], "wrote before h");
                assertEquals(0f, ca[5], "wrote before c");
            }
        }
    }

    @Test
    void projectedStepEqualsFullStep() {
        SplittableRandom r = new SplittableRandom(12);
        for (Kernels kernels : new Kernels[] {new ScalarKernels(), new VectorKernels(new WorkerPool(2))}) {
            int in = 24, units = 70, g = 4 * units;
            float[] wx = random(r, in * g, 0.2), wh = random(r, units * g, 0.2), b = random(r, g, 1);
            LstmStepKernel kernel = kernels.lstmStep(in, units);
            kernel.setWeights(wx, 0, wh, 0, b, 0);
            float[] x = random(r, in, 1), h0 = random(r, units, 0.5), c0 = random(r, units, 1);
            float[] h1 = h0.clone(), c1 = c0.clone(), h2 = h0.clone(), c2 = c0.clone();
            kernel.step(x, 0, h1, 0, c1, 0);
            float[] gates = new float[g + 3];
            System.arraycopy(b, 0, gates, 3, g);
            new ScalarKernels().gemm(1, g, in, x, 0, in, false, wx, 0, g, false, gates, 3, g, true);
            kernel.stepProjected(gates, 3, h2, 0, c2, 0);
            close(h1, 0, h2, 0, units, "h " + kernels.getClass().getSimpleName());
            close(c1, 0, c2, 0, units, "c " + kernels.getClass().getSimpleName());
        }
    }

    @Test
    void scalarTwinComputesTheLstmFormula() {
        // one unit, one input, hand-computed: z = x wx + h wh + b per gate
        LstmStepKernel k = new ScalarKernels().lstmStep(1, 1);
        k.setWeights(new float[] {0.5f, -1f, 2f, 0.25f}, 0, new float[] {1f, 0.5f, -0.5f, 2f}, 0, new float[] {0f, 1f, 0f, -1f}, 0);
        float[] h = {0.2f}, c = {-0.3f};
        k.step(new float[] {1f}, 0, h, 0, c, 0);
        double i = sig(0.5 + 0.2), f = sig(-1 + 0.1 + 1), g = Math.tanh(2 - 0.1), o = sig(0.25 + 0.4 - 1);
        double cn = f * -0.3 + i * g;
        assertEquals(cn, c[0], 1e-6);
        assertEquals(o * Math.tanh(cn), h[0], 1e-6);
    }

    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void resultIsIndependentOfThreadCount() {
        SplittableRandom r = new SplittableRandom(13);
        int in = 64, units = 256, g = 4 * units;
        float[] wx = random(r, in * g, 0.1), wh = random(r, units * g, 0.1), b = random(r, g, 1);
        float[] hRef = null, cRef = null;
        for (int threads = 1; threads <= 3; threads++) {
            LstmStepKernel k = new VectorLstmStep(in, units, new WorkerPool(threads));
            k.setWeights(wx, 0, wh, 0, b, 0);
            float[] h = new float[units], c = new float[units];
            SplittableRandom xs = new SplittableRandom(14);
            for (int t = 0; t < 50; t++) k.step(random(xs, in, 1), 0, h, 0, c, 0);
            if (hRef == null) {
                hRef = h;
                cRef = c;
            } else {
                assertArrayEquals(hRef, h, "h with " + threads + " threads");
                assertArrayEquals(cRef, c, "c with " + threads + " threads");
            }
        }
    }
}
