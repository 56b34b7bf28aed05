package dev.cadenza.dl4j;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Backend;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The opened backend generates through a pure-Java twin of the same weights, kept in step with training. */
class Dl4jSamplingTwinTest {
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(9, 4), Layer.lstm(6), Layer.dense(9));

    @Test
    void twinGenerationEqualsDl4jsOwnSteppingBeforeAndAfterTraining() {
        Backend withTwin = new Dl4jBackendProvider().open();
        Backend nativeOnly = Fixtures.backend();
        Weights weights = Fixtures.randomWeights(SPEC, 3);
        try (SequenceModel twinned = withTwin.create(SPEC, weights); SequenceModel plain = nativeOnly.create(SPEC, weights)) {
            ModelState a = twinned.newState(2);
            assertFalse(a instanceof Dl4jModelState, "the opened backend should generate through backend-pure");
            assertSameSteps(twinned, plain, new int[][] {{1, 2}, {3, 4}, {5, 6}});

            Batch batch = Batch.ofWindows(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
            TrainingSession s1 = twinned.train(TrainingConfig.of(Optimizer.sgd(0.5, 0)));
            TrainingSession s2 = plain.train(TrainingConfig.of(Optimizer.sgd(0.5, 0)));
            s1.step(batch);
            s2.step(batch);
            assertSameSteps(twinned, plain, new int[][] {{8, 7}, {6, 5}});
        }
    }

    private static void assertSameSteps(SequenceModel twinned, SequenceModel plain, int[][] tokens) {
        ModelState a = twinned.newState(2), b = plain.newState(2);
        for (int[] t : tokens) {
            float[] x = twinned.step(a, t), y = plain.step(b, t);
            for (int i = 0; i < x.length; i++) assertEquals(y[i], x[i], 1e-5, "logit " + i);
        }
    }
}
