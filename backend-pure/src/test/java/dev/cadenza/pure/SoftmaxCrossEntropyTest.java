package dev.cadenza.pure;

import dev.cadenza.model.Evaluation;
import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.pure.simd.ScalarKernels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The loss and metrics on hand-made logits, and the thread split of products for the scalar kernels. */
class SoftmaxCrossEntropyTest {
    private static final Kernels K = Kernels.best();

    @Test
    void lossGradientAndMetricsOnKnownLogits() {
        float[] logits = {
                2, 1, 0,   // target 0: top-1 hit
                0, 3, 1,   // target 2: second place (top-2 hit, top-1 miss)
                5, 0, 9};  // target 1: last place, masked out
        int[] targets = {0, 2, 1};
        float[] mask = {1, 1, 0};
        double row0 = Math.log(Math.exp(2) + Math.exp(1) + 1) - 2;
        double row1 = Math.log(1 + Math.exp(3) + Math.exp(1)) - 1;
        float[] d = new float[9];
        double sum = SoftmaxCrossEntropy.lossAndGradient(K, logits, 3, 3, targets, mask, 0.5, d);
        assertEquals(row0 + row1, sum, 1e-6);
        double z0 = Math.exp(2) + Math.exp(1) + 1;
        assertEquals(0.5 * (Math.exp(2) / z0 - 1), d[0], 1e-7);
        assertEquals(0.5 * Math.exp(1) / z0, d[1], 1e-7);
        assertArrayEquals(new float[3], java.util.Arrays.copyOfRange(d, 6, 9), "masked row has no gradient");
        Evaluation e = SoftmaxCrossEntropy.evaluate(K, logits, 3, 3, targets, mask, 2);
        assertEquals(2, e.count());
        assertEquals(0.5, e.accuracy());
        assertEquals(1.0, e.topKAccuracy());
        assertEquals((row0 + row1) / 2, e.loss(), 1e-6);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.lossAndGradient(K, logits, 3, 3, new int[] {0, 3, 1}, null, 1, d));
        assertEquals("batch: target 3 at position 1 is outside the 3 classes of the model", bad.getMessage());
    }

    @Test
    void splitScalarProductsAreBitIdenticalToOneThread() {
        Random r = new Random(1);
        int m = 301, n = 257, k = 129;
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        ScalarKernels scalar = new ScalarKernels();
        for (boolean transA : new boolean[] {false, true}) {
            float[] one = new float[m * n], split = new float[m * n];
            int lda = transA ? m : k;
            scalar.gemm(m, n, k, a, 0, lda, transA, b, 0, n, false, one, 0, n, false);
            new Matmul(scalar).gemm(m, n, k, a, 0, lda, transA, b, 0, n, false, split, 0, n, false);
            assertArrayEquals(one, split, "transA " + transA + " with " + Matmul.THREADS + " threads");
        }
    }
}
