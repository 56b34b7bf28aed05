package dev.cadenza.pure;

import dev.cadenza.SequenceModel;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.ModelState;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** step() against forward() over the same prefix, and the state operations beam search relies on. */
class GenerationStateTest {
    /** The S3 chorale model of SYSTEMS.md, with the LSTM shrunk to 16 units to keep the test fast. */
    static ModelSpec choraleLike(int units) {
        return ModelSpec.of(Input.embedding(47, 5),
                Layer.Conv1D.causal(32, 2, 1, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(48, 2, 2, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(64, 2, 4, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(96, 2, 8, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.lstm(units), Layer.dense(47));
    }

    static Stream<Arguments> causalSpecs() {
        return Stream.of(
                Arguments.of("chorale: conv + BN + LSTM", choraleLike(16)),
                Arguments.of("stacked LSTM with dropout", ModelSpec.of(Input.embedding(9, 4), Layer.lstm(6), Layer.dropout(0.3), Layer.lstm(5), Layer.dense(9))),
                Arguments.of("GRU over one-hot, k=3 conv", ModelSpec.of(Input.oneHot(8), Layer.Conv1D.causal(5, 3, 3, Activation.TANH), Layer.gru(6), Layer.dense(8))),
                Arguments.of("SimpleRNN over features", ModelSpec.of(Input.features(3), Layer.simpleRnn(5), Layer.dense(4, Activation.RELU), Layer.dense(6))),
                Arguments.of("last-step LSTM head", ModelSpec.of(Input.embedding(9, 4), new Layer.Lstm(6, false), Layer.dense(3))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("causalSpecs")
    void stepLogitsEqualForwardLogitsOverTheSamePrefix(String name, ModelSpec spec) {
        for (var kernels : TestModels.allKernels()) {
            SequenceModel model = TestModels.model(spec, TestModels.randomWeights(spec, 4), kernels);
            String where = name + " [" + kernels.getClass().getSimpleName() + "]";
            // Batch 1 is the sampling path (kernels may fuse it), several rows the beam-search one.
            assertStepEqualsForward(where, spec, model, 1, 9);
            assertStepEqualsForward(where, spec, model, 3, 10);
        }
    }

    /**
     * Generation must see weights that changed after the model was built: by optimizer steps (which update the
     * parameter arrays in place) and by loadWeights. Kernels that keep re-laid-out copies of the weights must notice.
     */
    @Test
    void stepFollowsWeightsChangedByTrainingAndByLoading() {
        ModelSpec spec = ModelSpec.of(Input.embedding(9, 4), Layer.lstm(8), Layer.gru(6), Layer.dense(9));
        SequenceModel model = TestModels.model(spec, TestModels.randomWeights(spec, 4));
        assertStepEqualsForward("fresh", spec, model, 1, 1);
        var session = model.train(dev.cadenza.model.TrainingConfig.of(dev.cadenza.model.Optimizer.adam(0.05)));
        for (int i = 0; i < 3; i++) session.step(TestModels.randomBatch(spec, 4, 10, 50 + i));
        assertStepEqualsForward("after training", spec, model, 1, 2);
        assertStepEqualsForward("after training", spec, model, 2, 3);
        model.loadWeights(TestModels.randomWeights(spec, 99));
        assertStepEqualsForward("after loadWeights", spec, model, 1, 4);
        session.step(TestModels.randomBatch(spec, 4, 10, 60));
        assertStepEqualsForward("after loading and training", spec, model, 1, 5);
    }

    private static void assertStepEqualsForward(String name, ModelSpec spec, SequenceModel model, int size, long seed) {
        int steps = 20;
        Batch batch = TestModels.randomBatch(spec, size, steps, seed);
        ModelState state = model.newState(size);
        int classes = spec.outputs();
        int width = spec.input().width();
        for (int t = 0; t < steps; t++) {
            float[] stepLogits;
            if (batch.tokens() != null) {
                int[] ids = new int[size];
                for (int b = 0; b < size; b++) ids[b] = batch.tokens()[b * steps + t];
                stepLogits = model.step(state, ids);
            } else {
                float[] f = new float[size * width];
                for (int b = 0; b < size; b++) System.arraycopy(batch.features(), (b * steps + t) * width, f, b * width, width);
                stepLogits = model.step(state, f);
            }
            assertEquals(t + 1, state.position());
            if (spec.head() == ModelSpec.Head.LAST_STEP && t != steps - 1 && t % 5 != 4) continue;
            float[] full = model.forward(prefix(batch, t + 1, spec));
            for (int b = 0; b < size; b++)
                for (int c = 0; c < classes; c++) {
                    int fullIndex = spec.head() == ModelSpec.Head.PER_STEP ? (b * (t + 1) + t) * classes + c : b * classes + c;
                    assertEquals(full[fullIndex], stepLogits[b * classes + c], 2e-5,
                            name + ", " + size + " rows: step " + t + ", row " + b + ", class " + c);
                }
        }
    }

    private static Batch prefix(Batch b, int n, ModelSpec spec) {
        return b.steps(0, n);
    }

    @Test
    void copyAndReorderMoveWholeRowsOfEveryMemory() {
        ModelSpec spec = choraleLike(8);
        SequenceModel model = TestModels.model(spec, TestModels.randomWeights(spec, 2));
        ModelState state = model.newState(3);
        int[][] history = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
        for (int[] ids : history) model.step(state, ids);
        ModelState copy = state.copy();
        copy.reorder(new int[] {2, 2, 0});
        float[] fromCopy = model.step(copy, new int[] {20, 21, 22});
        // The same as a fresh state fed row 2's, row 2's and row 0's history.
        ModelState fresh = model.newState(3);
        for (int[] ids : history) model.step(fresh, new int[] {ids[2], ids[2], ids[0]});
        float[] expected = model.step(fresh, new int[] {20, 21, 22});
        assertArrayEquals(expected, fromCopy);
        // The original is untouched by the copy's reorder and step.
        ModelState again = model.newState(3);
        for (int[] ids : history) model.step(again, ids);
        assertArrayEquals(model.step(again, new int[] {5, 6, 7}), model.step(state, new int[] {5, 6, 7}));
    }

    @Test
    void nonCausalSpecsRefuseToStepNamingTheLayer() {
        ModelSpec bi = ModelSpec.of(Input.embedding(5, 3), Layer.bidirectional(Layer.lstm(4)), Layer.dense(5));
        SequenceModel model = TestModels.model(bi, TestModels.randomWeights(bi, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.step(model.newState(1), new int[] {1}));
        assertTrue(e.getMessage().contains("layer 0 (Bidirectional"), e.getMessage());

        ModelSpec same = ModelSpec.of(Input.features(2), new Layer.Conv1D(3, 3, 1, 1, Layer.Padding.SAME, Activation.RELU),
                Layer.lstm(3), Layer.dense(4));
        SequenceModel m2 = TestModels.model(same, TestModels.randomWeights(same, 1));
        e = assertThrows(IllegalStateException.class, () -> m2.step(m2.newState(1), new float[] {1, 2}));
        assertTrue(e.getMessage().contains("layer 0 (Conv1D") && e.getMessage().contains("SAME"), e.getMessage());
    }

    @Test
    void badInputsAreRejectedWithTheirPlace() {
        ModelSpec spec = ModelSpec.of(Input.embedding(5, 3), Layer.lstm(4), Layer.dense(5));
        SequenceModel model = TestModels.model(spec, TestModels.randomWeights(spec, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.forward(Batch.ofTokens(1, 3, new int[] {1, 7, 2}, null)));
        assertTrue(e.getMessage().contains("token id 7 at row 0, step 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.step(model.newState(2), new int[] {1}));
        assertTrue(e.getMessage().contains("1 rows of input for a state of 2 rows"), e.getMessage());
        Weights w = model.weights();
        ModelSpec other = ModelSpec.of(Input.embedding(5, 3), Layer.gru(4), Layer.dense(5));
        assertThrows(IllegalArgumentException.class, () -> TestModels.model(other, w));
    }
}
