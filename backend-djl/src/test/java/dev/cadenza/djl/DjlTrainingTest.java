package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineTrainer;
import dev.cadenza.testkit.ConformanceSpecs;
import dev.cadenza.testkit.Fixtures;
import dev.cadenza.testkit.ReferenceBackend;
import dev.cadenza.testkit.Tolerance;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on DJL through the engine SPI: a tiny model learns, the same weights give backend-pure's outputs, and
 * dropout draws its masks from the session's random stream exactly as backend-pure does, so even training with
 * dropout follows the reference step for step.
 */
class DjlTrainingTest {
    private final Backend djl = new Backend(new DjlBackend(DjlEngine.get()));

    @Test
    void aTinyModelsLossFalls() {
        ModelSpec spec = ModelSpec.of(new Input.Embedding(5, 4), new Layer.Gru(12, true), new Layer.Dense(5, Activation.LINEAR));
        // A cycle 0 1 2 3 4 0 1 ...: every next token follows from the current one.
        int[][] windows = new int[4][11];
        for (int i = 0; i < windows.length; i++) for (int t = 0; t < windows[i].length; t++) windows[i][t] = (i + t) % 5;
        Batch batch = Batch.ofWindows(windows);
        try (SequenceModel model = djl.create(spec, 7L)) {
            TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(0.05)));
            double first = session.step(batch).loss(), last = first;
            for (int i = 0; i < 40; i++) last = session.step(batch).loss();
            assertTrue(last < first / 4, "loss fell only from " + first + " to " + last);
            assertEquals(1.0, model.evaluate(batch).accuracy(), "accuracy on the cycle");
        }
    }

    @Test
    void sameWeightsGiveTheReferenceOutputs() {
        for (ConformanceSpecs.NamedSpec n : ConformanceSpecs.all()) {
            Weights weights = Fixtures.randomWeights(n.spec(), 71);
            Batch batch = Fixtures.randomBatch(n.spec(), 3, 6, 72);
            try (SequenceModel expected = ReferenceBackend.get().create(n.spec(), weights);
                 SequenceModel actual = djl.create(n.spec(), weights)) {
                Tolerance.assertClose(expected.forward(batch), actual.forward(batch), Tolerance.DEFAULT, n.name());
            }
        }
    }

    /** Masks come from the session's stream in backend-pure's order, so training with dropout follows the reference. */
    @Test
    void dropoutMasksFollowTheReference() {
        ModelSpec spec = ConformanceSpecs.all().stream().filter(n -> n.name().startsWith("dropout")).findFirst().orElseThrow().spec();
        Weights weights = Fixtures.randomWeights(spec, 73);
        Batch batch = Fixtures.randomBatch(spec, 3, 8, 74);
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(0.01)).withSeed(75);
        try (SequenceModel expected = ReferenceBackend.get().create(spec, weights); SequenceModel actual = djl.create(spec, weights)) {
            TrainingSession e = expected.train(config), a = actual.train(config);
            double inference = actual.evaluate(batch).loss();
            for (int i = 0; i < 3; i++) {
                StepResult re = e.step(batch), ra = a.step(batch);
                assertEquals(re.loss(), ra.loss(), Tolerance.DEFAULT * Math.max(1, re.loss()), "loss of step " + re.step());
                if (i == 0) assertNotEquals(inference, ra.loss(), 1e-3, "the training loss is the inference loss: no unit was dropped");
                Tolerance.assertClose(expected.weights(), actual.weights(), Tolerance.DEFAULT, "weights after step " + re.step());
            }
        }
    }

    @Test
    void backwardWithoutAForwardPassIsRefused() {
        ModelSpec spec = ConformanceSpecs.all().get(0).spec();
        try (EngineModel model = new DjlBackend(DjlEngine.get()).create(spec, Fixtures.randomWeights(spec, 76))) {
            EngineTrainer trainer = model.trainer();
            Batch batch = Fixtures.randomBatch(spec, 2, 3, 77);
            float[] outputs = trainer.forward(batch, new SeededRandom(1), false);
            trainer.backward(new float[outputs.length]);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.backward(new float[outputs.length]));
            assertTrue(e.getMessage().contains("without a training forward pass"), e.getMessage());
        }
    }
}
