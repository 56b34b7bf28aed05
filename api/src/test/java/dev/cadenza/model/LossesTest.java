package dev.cadenza.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The losses written once for every engine: their gradients against central finite differences of the loss itself
 * (double precision, per-step and last-step, masked), and their metrics against hand-counted answers.
 */
class LossesTest {
    private static final ModelSpec SOFTMAX = ModelSpec.of(Input.embedding(7, 3), Layer.lstm(4), Layer.dense(5));
    private static final ModelSpec SIGMOID = SOFTMAX.withLoss(Loss.SIGMOID_CROSS_ENTROPY);
    private static final ModelSpec REGRESSION = ModelSpec.of(Input.features(2), new Layer.Lstm(4, false), Layer.dense(3))
            .withLoss(Loss.MEAN_SQUARED_ERROR);

    private static float[] random(int n, long seed, double scale) {
        SeededRandom r = new SeededRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return a;
    }

    private static Batch tokens(ModelSpec spec, int size, int steps, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int[] x = new int[size * steps];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(7);
        Batch.Builder b = Batch.builder(size, steps).tokens(x).mask(new float[] {1, 1, 0, 1, 0.5f, 1});
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            int[] y = new int[size * steps];
            for (int i = 0; i < y.length; i++) y[i] = r.nextInt(5);
            return b.targets(y).build();
        }
        float[] y = new float[size * steps * 5];
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(2);
        y[3] = 0.25f; // soft labels are allowed
        return b.targetValues(y, 5).build();
    }

    /** d(scale * sum)/d outputs against (L(x + h) - L(x - h)) / 2h, element by element. */
    private static void checkGradient(ModelSpec spec, Batch batch, int rows) {
        int n = rows * spec.outputs();
        float[] outputs = random(n, 5, 3);
        float[] gradient = new float[n];
        double scale = 0.7;
        Losses.lossAndGradient(spec, outputs, batch, scale, gradient);
        double h = 1e-2;
        for (int i = 0; i < n; i++) {
            float[] up = outputs.clone(), down = outputs.clone();
            up[i] += (float) h;
            down[i] -= (float) h;
            double fd = scale * (Losses.lossAndGradient(spec, up, batch, 0, null) - Losses.lossAndGradient(spec, down, batch, 0, null))
                    / ((double) up[i] - down[i]);
            assertEquals(fd, gradient[i], 2e-4 + 1e-3 * Math.abs(fd), spec.loss() + " output " + i);
        }
    }

    @Test
    void softmaxGradientMatchesFiniteDifferencesWithAMask() {
        checkGradient(SOFTMAX, tokens(SOFTMAX, 2, 3, 1), 6);
    }

    @Test
    void sigmoidGradientMatchesFiniteDifferencesWithAMask() {
        checkGradient(SIGMOID, tokens(SIGMOID, 2, 3, 2), 6);
    }

    @Test
    void regressionGradientMatchesFiniteDifferencesFromTheLastStep() {
        Batch batch = Batch.builder(2, 4).features(random(16, 3, 1), 2).targetValues(random(6, 4, 2), 3).build();
        checkGradient(REGRESSION, batch, 2);
    }

    @Test
    void softmaxMetricsCountTiesToTheLowerClassAndNeverCallNaNRight() {
        ModelSpec spec = ModelSpec.of(Input.oneHot(3), Layer.dense(3));
        float[] outputs = {
                1, 2, 0,      // target 1: right
                5, 5, 0,      // target 1: tie with class 0, counted to class 0: wrong, but in the top 2
                0, 1, 2,      // target 0: third
                Float.NaN, 0, 0}; // target 0: NaN is never right
        Batch batch = Batch.ofTokens(4, 1, new int[] {0, 1, 2, 0}, new int[] {1, 1, 0, 0});
        Evaluation e = Losses.evaluate(spec, outputs, batch, 2);
        assertEquals(0.25, e.accuracy());
        assertEquals(0.5, e.topKAccuracy());
        assertEquals(4, e.count());
        double first = Math.log(Math.exp(1) + Math.exp(2) + 1) - 2;
        double second = Math.log(2 * Math.exp(5) + 1) - 5;
        double third = Math.log(1 + Math.exp(1) + Math.exp(2));
        assertTrue(Double.isNaN(e.loss()), "a NaN output makes the loss NaN, reported as such");
        Evaluation finite = Losses.evaluate(spec, java.util.Arrays.copyOf(outputs, 9), Batch.ofTokens(3, 1, new int[] {0, 1, 2}, new int[] {1, 1, 0}), 2);
        assertEquals((first + second + third) / 3, finite.loss(), 1e-6);
        assertEquals(Math.exp(finite.loss()), finite.perplexity(), 1e-9);
        assertThrows(IllegalStateException.class, finite::f1, "F1 is not a softmax metric");
        assertEquals(List.of("loss", "accuracy", "top2Accuracy"), List.copyOf(finite.metrics().keySet()));
    }

    @Test
    void sigmoidMetricsCountLabelsFramesAndF1() {
        ModelSpec spec = ModelSpec.of(Input.multiHot(3), Layer.dense(3)).withLoss(Loss.SIGMOID_CROSS_ENTROPY);
        float[] outputs = {2, -1, 3,    -2, -2, -2};
        float[] targets = {1, 0, 1,     0, 1, 0};
        Batch batch = Batch.builder(2, 1).features(new float[6], 3).targetValues(targets, 3).build();
        Evaluation e = Losses.evaluate(spec, outputs, batch, 1);
        assertEquals(5.0 / 6, e.labelAccuracy(), 1e-12);
        assertEquals(0.5, e.frameAccuracy());
        assertEquals(2.0 * 2 / (2 * 2 + 0 + 1), e.f1(), 1e-12); // TP 2, FP 0, FN 1
        double expected = 0;
        for (int i = 0; i < 6; i++) {
            double p = 1 / (1 + Math.exp(-outputs[i]));
            expected -= targets[i] * Math.log(p) + (1 - targets[i]) * Math.log(1 - p);
        }
        assertEquals(expected / 2, e.loss(), 1e-9, "nats per frame: summed over labels, averaged over frames");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Losses.evaluate(spec, outputs,
                Batch.builder(2, 1).features(new float[6], 3).targetValues(new float[] {1, 0, 2, 0, 0, 0}, 3).build(), 1));
        assertTrue(bad.getMessage().contains("within [0, 1]"), bad.getMessage());
    }

    @Test
    void regressionMetricsAreTheMeanSquaredAndAbsoluteErrors() {
        float[] outputs = {1, 2, 3, 0, 0, 0};
        float[] targets = {1, 0, 0, 1, -1, 2};
        Batch batch = Batch.builder(2, 4).features(new float[16], 2).targetValues(targets, 3).build();
        Evaluation e = Losses.evaluate(REGRESSION, outputs, batch, 1);
        assertEquals((0 + 4 + 9 + 1 + 1 + 4) / 6.0, e.meanSquaredError(), 1e-12);
        assertEquals((0 + 2 + 3 + 1 + 1 + 2) / 6.0, e.meanAbsoluteError(), 1e-12);
        assertThrows(IllegalStateException.class, e::accuracy);
        assertEquals(List.of("loss", "meanAbsoluteError"), List.copyOf(e.metrics().keySet()));
    }

    @Test
    void targetsThatDoNotFitTheHeadOrTheLossAreNamed() {
        Batch classIds = Batch.ofTokens(2, 3, new int[6], new int[6]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.evaluate(SIGMOID, new float[30], classIds, 1));
        assertTrue(e.getMessage().contains("needs 5 target values per prediction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.evaluate(SOFTMAX, new float[30], Batch.ofTokens(2, 3, new int[6], new int[] {0, 9, 0, 0, 0, 0}), 1));
        assertTrue(e.getMessage().contains("target 9 at row 1"), e.getMessage());
        ModelSpec lastStep = ModelSpec.of(Input.oneHot(7), new Layer.Lstm(3, false), Layer.dense(5));
        e = assertThrows(IllegalArgumentException.class, () -> Losses.evaluate(lastStep, new float[10], classIds, 1));
        assertTrue(e.getMessage().contains("last-step head"), e.getMessage());
    }
}
