package dev.cadenza;

import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Gradients;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingDivergedException;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The training step written once above the engines, on the linear test engine: micro-batches and shares of a batch
 * give the step of the whole batch, and a diverging loss stops training before it spoils the weights.
 */
class TrainingSessionTest {
    private static final ModelSpec TOKENS = ModelSpec.of(Input.embedding(6, 3), Layer.dense(6));

    private static Batch batch(int size, int steps, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int[] x = new int[size * steps], y = new int[size * steps];
        float[] mask = new float[size * steps];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(6);
            y[i] = r.nextInt(6);
            mask[i] = r.nextInt(4) == 0 ? 0 : 1;
        }
        return Batch.builder(size, steps).tokens(x).targets(y).mask(mask).build();
    }

    @Test
    void microBatchesGiveTheStepOfTheWholeBatch() {
        Batch b = batch(7, 5, 1);
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(0.05)).withClipping(GradientClipping.globalNorm(0.5));
        SequenceModel whole = LinearEngine.backend().create(TOKENS, 3);
        SequenceModel micro = LinearEngine.backend().create(TOKENS, 3);
        TrainingSession a = whole.train(config), m = micro.train(config.withMicroBatches(3));
        for (int i = 0; i < 3; i++) {
            StepResult ra = a.step(b), rm = m.step(b);
            assertEquals(ra.loss(), rm.loss(), 1e-6);
            assertEquals(ra.gradientNorm(), rm.gradientNorm(), 1e-6);
            assertEquals(ra.predictions(), rm.predictions());
        }
        assertTrue(whole.weights().maxAbsDifference(micro.weights()) < 1e-6, "micro-batched weights differ by "
                + whole.weights().maxAbsDifference(micro.weights()));
    }

    @Test
    void sharesOfABatchSumToTheGradientsOfTheWholeAndApplyToTheSameStep() {
        Batch b = batch(6, 4, 2);
        TrainingConfig config = TrainingConfig.of(Optimizer.nadam(0.02));
        SequenceModel whole = LinearEngine.backend().create(TOKENS, 5);
        SequenceModel shared = LinearEngine.backend().create(TOKENS, 5);
        TrainingSession s = shared.train(config);
        Gradients sum = s.gradients(b.rows(0, 2)).plus(s.gradients(b.rows(2, 6)));
        assertEquals(b.predictions(TOKENS.head()), sum.predictions());
        Weights untouched = shared.weights();
        assertEquals(0, untouched.maxAbsDifference(LinearEngine.backend().create(TOKENS, 5).weights()), "gradients() changes no weight");
        StepResult shares = s.apply(sum);
        StepResult one = whole.train(config).step(b);
        assertEquals(one.loss(), shares.loss(), 1e-6);
        assertEquals(one.gradientNorm(), shares.gradientNorm(), 1e-6);
        assertTrue(whole.weights().maxAbsDifference(shared.weights()) < 1e-6);
        assertEquals("layers.0.kernel", sum.tensors().get(1).name());
    }

    @Test
    void aDivergingLossStopsTrainingWithTheStepTheLossAndTheRemedyBeforeTheUpdate() {
        Batch b = batch(4, 5, 3);
        SequenceModel model = LinearEngine.backend().create(TOKENS, 7);
        TrainingSession s = model.train(TrainingConfig.of(new Optimizer.Sgd(1e9, 0, false)));
        TrainingDivergedException e = null;
        Weights lastGood = null;
        for (int i = 0; i < 40 && e == null; i++) {
            lastGood = model.weights();
            try {
                s.step(b);
            } catch (TrainingDivergedException x) {
                e = x;
            }
        }
        assertNotNull(e, "SGD at lr 1e9 must be stopped");
        assertTrue(e.step() > TrainingSession.WARMUP_STEPS || !Double.isFinite(e.loss()), "stopped at step " + e.step());
        assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("Lower the learning rate (it is 1.00e+09)")
                && e.getMessage().contains("clip the gradients"), e.getMessage());
        assertTrue(e.getMessage().contains("ln 6") || e.getMessage().contains("Infinity") || e.getMessage().contains("NaN"), e.getMessage());
        assertEquals(0, lastGood.maxAbsDifference(model.weights()), "the diverged step's update is not applied");
    }

    @Test
    void aNonFiniteLossStopsAtOnce() {
        ModelSpec regression = ModelSpec.of(Input.features(2), Layer.dense(1)).withLoss(Loss.MEAN_SQUARED_ERROR);
        SequenceModel model = LinearEngine.backend().create(regression, 1);
        Batch huge = Batch.builder(1, 1).features(new float[] {3e38f, 3e38f}, 2).targetValues(new float[] {0}, 1).build();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> model.train(TrainingConfig.of(Optimizer.adam(0.01))).step(huge));
        assertEquals(1, e.step());
        assertTrue(e.getMessage().contains("Infinity") || e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void aRestoredSessionContinuesExactly() {
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(0.05)).withSeed(9);
        SequenceModel a = LinearEngine.backend().create(TOKENS, 2);
        TrainingSession sa = a.train(config);
        for (int i = 0; i < 4; i++) sa.step(batch(3, 4, 10 + i));
        SequenceModel b = LinearEngine.backend().create(TOKENS, 2);
        TrainingSession sb = b.train(config);
        for (int i = 0; i < 2; i++) sb.step(batch(3, 4, 10 + i));
        SequenceModel c = LinearEngine.backend().create(TOKENS, b.weights());
        TrainingSession sc = c.train(config);
        sc.restore(sb.state());
        for (int i = 2; i < 4; i++) sc.step(batch(3, 4, 10 + i));
        assertEquals(a.weights(), c.weights());
    }
}
