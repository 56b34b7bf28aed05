package dev.cadenza.pure;

import dev.cadenza.SequenceModel;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.ModelState;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.TrainingSession;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The batch-1 generation path of the LSTM (the fused {@code LstmStepKernel} when the Vector API is present) against a
 * full forward pass, and its copy of the weights kept current after training steps and {@code loadWeights}.
 * Tolerance 2e-5 on logits, as in {@link GenerationStateTest}: the fused step sums in another order.
 */
class FusedLstmStepTest {
    private static final ModelSpec STACKED = ModelSpec.of(Input.embedding(11, 7), Layer.lstm(37), Layer.lstm(20),
            Layer.dense(11));

    private static float[] stepLogits(SequenceModel model, int[] tokens) {
        ModelState state = model.newState(1);
        float[] logits = null;
        for (int t : tokens) logits = model.step(state, new int[] {t});
        return logits;
    }

    private static float[] forwardLastLogits(SequenceModel model, int[] tokens) {
        float[] all = model.forward(Batch.ofTokens(1, tokens.length, tokens, null));
        int classes = model.spec().outputs();
        return Arrays.copyOfRange(all, (tokens.length - 1) * classes, tokens.length * classes);
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 2e-5, what + ", class " + i);
    }

    @Test
    void batchOneStepsEqualTheForwardPass() {
        SequenceModel model = TestModels.model(STACKED, TestModels.randomWeights(STACKED, 21));
        int[] tokens = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4};
        ModelState state = model.newState(1);
        for (int n = 1; n <= tokens.length; n++) {
            float[] logits = model.step(state, new int[] {tokens[n - 1]});
            assertClose(forwardLastLogits(model, Arrays.copyOf(tokens, n)), logits, "after " + n + " tokens");
        }
    }

    @Test
    void stepsSeeWeightsChangedByTrainingAndByLoading() {
        SequenceModel model = TestModels.model(STACKED, TestModels.randomWeights(STACKED, 22));
        int[] tokens = {1, 2, 3, 4, 5, 6};
        float[] before = stepLogits(model, tokens);

        TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(0.05)));
        session.step(TestModels.randomBatch(STACKED, 4, 8, 23));
        float[] afterTraining = stepLogits(model, tokens);
        assertFalse(Arrays.equals(before, afterTraining), "training must change the step logits");
        assertClose(forwardLastLogits(model, tokens), afterTraining, "after a training step");

        ModelState warm = model.newState(1);
        model.step(warm, new int[] {1}); // the fused kernel now holds the trained weights
        model.loadWeights(TestModels.randomWeights(STACKED, 24));
        float[] loaded = stepLogits(model, tokens); // before any forward pass, which would refresh the copy too
        assertClose(forwardLastLogits(model, tokens), loaded, "after loadWeights");
    }
}
