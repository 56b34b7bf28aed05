package dev.cadenza.dl4j;

import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on DL4J: its backward pass of the output gradient the api computes, the gradients and weights it hands the
 * api's optimizer as canonical arrays, BatchNorm's unbiased running variance, the GRU's halved SameDiff gradients,
 * dropout masks drawn from the session's random stream. Checked against a hand computation (a softmax regression)
 * and against backend-pure.
 */
class Dl4jTrainingTest {

    /** Softmax regression: logits = x W + b, so the mean cross-entropy's gradient is X^T (p - y) / N, by hand. */
    @Test
    void adamStepOnSoftmaxRegressionMatchesHandComputation() {
        int b = 3, t = 4, f = 5, v = 6;
        ModelSpec spec = ModelSpec.of(Input.features(f), Layer.dense(v));
        Weights w = Fixtures.randomWeights(spec, 31);
        Batch batch = Fixtures.features(b, t, f, v, 32).withMask(new float[] {1, 1, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1});
        double[] W = toDouble(w.get("layers.0.kernel").data()), bias = toDouble(w.get("layers.0.bias").data());
        double[] gW = new double[f * v], gb = new double[v];
        double n = batch.predictions(spec.head()), loss = 0;
        for (int r = 0; r < b * t; r++) {
            double m = batch.mask()[r];
            double[] z = new double[v];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < v; c++) {
                z[c] = bias[c];
                for (int k = 0; k < f; k++) z[c] += batch.features()[r * f + k] * W[k * v + c];
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < v; c++) sum += Math.exp(z[c] - max);
            loss += m * (Math.log(sum) + max - z[batch.targets()[r]]);
            for (int c = 0; c < v; c++) {
                double dz = m * (Math.exp(z[c] - max) / sum - (c == batch.targets()[r] ? 1 : 0)) / n;
                gb[c] += dz;
                for (int k = 0; k < f; k++) gW[k * v + c] += batch.features()[r * f + k] * dz;
            }
        }
        double decay = 0.01;
        double norm = 0;
        for (int i = 0; i < gW.length; i++) norm += Math.pow(gW[i] += decay * W[i], 2);
        for (int i = 0; i < gb.length; i++) norm += Math.pow(gb[i] += decay * bias[i], 2);
        norm = Math.sqrt(norm);
        double maxNorm = norm / 2, scale = maxNorm / norm;
        double lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-7;
        double alpha = lr * Math.sqrt(1 - b2) / (1 - b1);
        TrainingConfig config = TrainingConfig.of(new Optimizer.Adam(lr, b1, b2, eps))
                .withClipping(GradientClipping.globalNorm(maxNorm)).withWeightDecay(decay);
        try (SequenceModel model = Fixtures.backend().create(spec, w)) {
            StepResult result = model.train(config).step(batch);
            assertEquals(loss / n, result.loss(), 1e-5);
            assertEquals(norm, result.gradientNorm(), 1e-5 * norm);
            assertEquals(n, result.predictions());
            assertEquals(1, result.step());
            Weights after = model.weights();
            double max = 0;
            for (int i = 0; i < W.length; i++) {
                double g = gW[i] * scale;
                double expected = W[i] - alpha * (1 - b1) * g / (Math.sqrt((1 - b2) * g * g) + eps);
                max = Math.max(max, Math.abs(after.get("layers.0.kernel").data()[i] - expected));
            }
            for (int i = 0; i < bias.length; i++) {
                double g = gb[i] * scale;
                double expected = bias[i] - alpha * (1 - b1) * g / (Math.sqrt((1 - b2) * g * g) + eps);
                max = Math.max(max, Math.abs(after.get("layers.0.bias").data()[i] - expected));
            }
            assertTrue(max < 1e-6, "weights differ from the hand-computed Adam step by " + max);
        }
    }

    @Test
    void batchNormKeepsTheUnbiasedRunningVariance() {
        int b = 2, t = 3, f = 3;
        ModelSpec spec = ModelSpec.of(Input.features(f), new Layer.BatchNorm(0.8, 1e-3), Layer.dense(4));
        Weights w = Fixtures.randomWeights(spec, 33);
        Batch batch = Fixtures.features(b, t, f, 4, 34);
        try (SequenceModel model = Fixtures.backend().create(spec, w)) {
            model.train(TrainingConfig.of(Optimizer.sgd(0.1, 0))).step(batch);
            Weights after = model.weights();
            for (int c = 0; c < f; c++) {
                double mean = 0, sq = 0;
                for (int r = 0; r < b * t; r++) mean += batch.features()[r * f + c];
                mean /= b * t;
                for (int r = 0; r < b * t; r++) sq += Math.pow(batch.features()[r * f + c] - mean, 2);
                double unbiased = sq / (b * t - 1);
                assertEquals(0.8 * w.get("layers.0.running_mean").data()[c] + 0.2 * mean,
                        after.get("layers.0.running_mean").data()[c], 1e-6);
                assertEquals(0.8 * w.get("layers.0.running_variance").data()[c] + 0.2 * unbiased,
                        after.get("layers.0.running_variance").data()[c], 1e-5);
            }
        }
    }

    /** Several steps of each optimizer on a mixed model give backend-pure's weights. */
    @Test
    void optimizerStepsMatchBackendPure() {
        ModelSpec spec = ModelSpec.of(Input.embedding(9, 4), Layer.lstm(6), new Layer.BatchNorm(0.9, 1e-3),
                Layer.Conv1D.causal(5, 2, 2, Activation.TANH), Layer.simpleRnn(4), Layer.dense(9));
        Weights w = Fixtures.randomWeights(spec, 35);
        Optimizer[] optimizers = {new Optimizer.Sgd(0.1, 0.9, false), new Optimizer.Sgd(0.1, 0.9, true),
                new Optimizer.RmsProp(0.01, 0.9, 1e-7), new Optimizer.Adam(0.01, 0.9, 0.999, 1e-7), Optimizer.nadam(0.01)};
        for (Optimizer o : optimizers) {
            TrainingConfig config = TrainingConfig.of(o).withClipping(GradientClipping.globalNorm(0.5)).withWeightDecay(1e-3)
                    .withSchedule(new LearningRateSchedule.StepDecay(2, 0.5));
            try (SequenceModel dl4j = Fixtures.backend().create(spec, w); SequenceModel pure = Fixtures.pure().create(spec, w)) {
                TrainingSession a = dl4j.train(config), p = pure.train(config);
                for (int s = 0; s < 3; s++) {
                    Batch batch = Fixtures.tokens(3, 6, 9, 40 + s);
                    StepResult ra = a.step(batch), rp = p.step(batch);
                    assertEquals(rp.loss(), ra.loss(), 1e-5, o + " loss at step " + s);
                    assertEquals(rp.gradientNorm(), ra.gradientNorm(), 1e-4 * rp.gradientNorm(), o + " norm at step " + s);
                    assertEquals(rp.learningRate(), ra.learningRate(), 0);
                }
                double diff = dl4j.weights().maxAbsDifference(pure.weights());
                assertTrue(diff < 1e-4, o + ": weights differ from backend-pure by " + diff);
                float[] varA = dl4j.weights().get("layers.1.running_variance").data();
                float[] varP = pure.weights().get("layers.1.running_variance").data();
                for (int c = 0; c < varA.length; c++)
                    assertEquals(varP[c], varA[c], 1e-5 * varP[c], o + ": running variance " + c);
                assertSlotsClose(p.state(), a.state(), o);
            }
        }
    }

    private static void assertSlotsClose(OptimizerState expected, OptimizerState actual, Optimizer o) {
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.slots().size(), actual.slots().size(), o + " slot count");
        for (var e : expected.slots()) {
            var a = actual.slots().stream().filter(s -> s.name().equals(e.name())).findFirst()
                    .orElseThrow(() -> new AssertionError(o + ": no slot " + e.name()));
            double max = 0;
            for (int i = 0; i < e.size(); i++) max = Math.max(max, Math.abs(e.data()[i] - a.data()[i]));
            assertTrue(max < 1e-4, o + ": slot " + e.name() + " differs by " + max);
        }
    }

    /** The unrolled SameDiff GRU's gradients (after the halving of DL4J's doubled SameDiff gradients) are exact. */
    @Test
    void gruStepsMatchBackendPure() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 3), Layer.gru(4), new Layer.Bidirectional(new Layer.Gru(3, false), Layer.Merge.CONCAT),
                Layer.dense(2));
        Weights w = Fixtures.randomWeights(spec, 47);
        TrainingConfig config = TrainingConfig.of(new Optimizer.Sgd(0.5, 0.5, false));
        try (SequenceModel dl4j = Fixtures.backend().create(spec, w); SequenceModel pure = Fixtures.pure().create(spec, w)) {
            TrainingSession a = dl4j.train(config), p = pure.train(config);
            for (int s = 0; s < 2; s++) {
                Batch tokens = Fixtures.tokens(3, 5 + s, 7, 48 + s);
                Batch batch = Batch.ofTokens(3, 5 + s, tokens.tokens(), new int[] {0, 1, 1});
                StepResult ra = a.step(batch), rp = p.step(batch);
                assertEquals(rp.loss(), ra.loss(), 1e-5, "loss at step " + s);
                assertEquals(rp.gradientNorm(), ra.gradientNorm(), 1e-4 * rp.gradientNorm(), "gradient norm at step " + s);
            }
            double diff = dl4j.weights().maxAbsDifference(pure.weights());
            assertTrue(diff < 1e-5, "weights differ from backend-pure by " + diff);
        }
    }

    /**
     * SameDiff's GRU backward fails on a batch of one row; the row runs twice with a zero gradient for its copy, which
     * gives backend-pure's step. With BatchNorm that would change the gradient, so it is refused with the reason.
     */
    @Test
    void gruTrainsOnOneSequence() {
        ModelSpec spec = ModelSpec.of(Input.conditioned(Input.embedding(7, 3), 2), Layer.gru(4), Layer.dense(7));
        Weights w = Fixtures.randomWeights(spec, 57);
        Batch tokens = Fixtures.tokens(1, 5, 7, 58);
        float[] c = new float[10];
        for (int i = 0; i < c.length; i++) c[i] = (i % 3) - 1;
        Batch batch = Batch.builder(1, 5).tokens(tokens.tokens()).conditioning(c, 2).targets(tokens.targets()).build();
        TrainingConfig config = TrainingConfig.of(new Optimizer.Sgd(0.5, 0, false));
        try (SequenceModel dl4j = Fixtures.backend().create(spec, w); SequenceModel pure = Fixtures.pure().create(spec, w)) {
            float[] expected = pure.forward(batch), actual = dl4j.forward(batch); // inference on one row runs as it is
            for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-5, "output " + i);
            StepResult ra = dl4j.train(config).step(batch), rp = pure.train(config).step(batch);
            assertEquals(rp.loss(), ra.loss(), 1e-5);
            assertEquals(rp.gradientNorm(), ra.gradientNorm(), 1e-4 * rp.gradientNorm());
            double diff = dl4j.weights().maxAbsDifference(pure.weights());
            assertTrue(diff < 1e-5, "weights differ from backend-pure by " + diff);
        }
        ModelSpec withBatchNorm = ModelSpec.of(Input.embedding(7, 3), Layer.gru(4), new Layer.BatchNorm(0.9, 1e-3), Layer.dense(7));
        try (SequenceModel m = Fixtures.backend().create(withBatchNorm, 1L)) {
            UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> m.train(config).step(Fixtures.tokens(1, 5, 7, 59)));
            assertTrue(e.getMessage().contains("one sequence through a GRU and BatchNorm"), e.getMessage());
        }
    }

    @Test
    void truncatedBpttIsRefusedNotApproximated() {
        ModelSpec spec = ModelSpec.of(Input.embedding(9, 4), Layer.lstm(6), Layer.dense(9));
        try (SequenceModel m = Fixtures.backend().create(spec, 1L)) {
            UnsupportedOperationException e = org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> m.train(TrainingConfig.of(Optimizer.adam(0.01)).withTruncatedBptt(3)));
            assertTrue(e.getMessage().contains("truncated BPTT"), e.getMessage());
            assertTrue(Fixtures.backend().unsupported(spec, TrainingConfig.of(Optimizer.adam(0.01)).withTruncatedBptt(3)).get(0)
                    .startsWith("truncated BPTT is not supported"));
            assertEquals(java.util.List.of(), Fixtures.backend().unsupported(spec, TrainingConfig.of(Optimizer.adam(0.01))));
        }
    }

    /**
     * Dropout masks come from ND4J's generator seeded from the session's random stream: the same seed repeats a step
     * exactly, another seed gives other masks.
     */
    @Test
    void dropoutMasksFollowTheSessionSeed() {
        ModelSpec spec = ModelSpec.of(Input.embedding(9, 4), Layer.lstm(6), Layer.dropout(0.5), Layer.dense(9));
        Weights w = Fixtures.randomWeights(spec, 55);
        Batch batch = Fixtures.tokens(3, 6, 9, 56);
        Weights[] after = new Weights[3];
        long[] seeds = {7, 7, 8};
        for (int i = 0; i < seeds.length; i++)
            try (SequenceModel m = Fixtures.backend().create(spec, w)) {
                m.train(TrainingConfig.of(Optimizer.sgd(0.5, 0)).withSeed(seeds[i])).step(batch);
                after[i] = m.weights();
            }
        assertEquals(0, after[0].maxAbsDifference(after[1]), "same seed, same masks, same step");
        assertTrue(after[0].maxAbsDifference(after[2]) > 1e-6, "another seed should draw other masks");
    }

    @Test
    void restoredStateContinuesExactly() {
        ModelSpec spec = ModelSpec.of(Input.embedding(9, 4), Layer.lstm(6), Layer.dense(9));
        Weights w = Fixtures.randomWeights(spec, 37);
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(0.01)).withSeed(5);
        try (SequenceModel a = Fixtures.backend().create(spec, w); SequenceModel b = Fixtures.backend().create(spec, w)) {
            TrainingSession sa = a.train(config);
            sa.step(Fixtures.tokens(2, 5, 9, 50));
            OptimizerState saved = sa.state();
            Weights mid = a.weights();
            sa.step(Fixtures.tokens(2, 5, 9, 51));
            b.loadWeights(mid);
            TrainingSession sb = b.train(config);
            sb.restore(saved);
            sb.step(Fixtures.tokens(2, 5, 9, 51));
            assertEquals(0, a.weights().maxAbsDifference(b.weights()));
        }
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
