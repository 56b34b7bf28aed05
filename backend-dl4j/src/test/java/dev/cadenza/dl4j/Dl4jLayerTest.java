package dev.cadenza.dl4j;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each layer on DL4J against {@link ReferenceForward}, a double-precision pass written from the canonical layout, with
 * random weights (biases and running statistics included), and step-by-step generation against the full pass.
 */
class Dl4jLayerTest {
    private static final double TOLERANCE = 2e-5;

    private static void check(ModelSpec spec, Batch batch, long seed) {
        Weights w = Fixtures.randomWeights(spec, seed);
        try (SequenceModel m = Fixtures.backend().create(spec, w)) {
            double[] expected = new ReferenceForward(spec, w).forward(batch);
            float[] actual = m.forward(batch);
            double diff = Fixtures.maxRelativeDifference(actual, expected);
            assertTrue(diff < TOLERANCE, spec.summary() + "\nmax relative difference " + diff);
            assertEquals(0, m.weights().maxAbsDifference(w), "weights come back bit-exact");
            if (spec.causal() && spec.head() == ModelSpec.Head.PER_STEP) checkSteps(m, batch, actual);
        }
    }

    /** Feeding the batch step by step gives the logits of the full pass. */
    private static void checkSteps(SequenceModel m, Batch batch, float[] full) {
        int b = batch.size(), t = batch.steps(), v = m.spec().classes();
        ModelState state = m.newState(b);
        double max = 0;
        for (int s = 0; s < t; s++) {
            float[] logits;
            if (batch.tokens() != null) {
                int[] ids = new int[b];
                for (int r = 0; r < b; r++) ids[r] = batch.tokens()[r * t + s];
                logits = m.step(state, ids);
            } else {
                int f = batch.featureWidth();
                float[] x = new float[b * f];
                for (int r = 0; r < b; r++) System.arraycopy(batch.features(), (r * t + s) * f, x, r * f, f);
                logits = m.step(state, x);
            }
            for (int r = 0; r < b; r++)
                for (int c = 0; c < v; c++) max = Math.max(max, Math.abs(logits[r * v + c] - full[(r * t + s) * v + c]));
        }
        assertEquals(t, state.position());
        assertTrue(max < 1e-5, "step logits differ from the full pass by " + max);
    }

    @Test
    void lstmWithEmbeddingMapsGatesIfgoToDl4jGfoi() {
        ModelSpec spec = ModelSpec.of(Input.embedding(11, 5), Layer.lstm(6), Layer.dense(11));
        check(spec, Fixtures.tokens(3, 7, 11, 1), 2);
    }

    @Test
    void stackedLstmOverOneHot() {
        ModelSpec spec = ModelSpec.of(Input.oneHot(9), Layer.lstm(4), Layer.lstm(5), Layer.dense(9));
        check(spec, Fixtures.tokens(2, 6, 9, 3), 4);
    }

    @Test
    void simpleRnnWithHiddenDense() {
        ModelSpec spec = ModelSpec.of(Input.embedding(8, 4), Layer.simpleRnn(6), Layer.dense(5, Activation.TANH), Layer.dense(8));
        check(spec, Fixtures.tokens(3, 5, 8, 5), 6);
    }

    @Test
    void causalDilatedConvolutions() {
        ModelSpec spec = ModelSpec.of(Input.features(3), Layer.Conv1D.causal(4, 3, 2, Activation.RELU),
                Layer.Conv1D.causal(5, 2, 4, Activation.LINEAR), Layer.dense(6));
        check(spec, Fixtures.features(2, 11, 3, 6, 7), 8);
    }

    @Test
    void sameAndValidConvolutionsWithStride() {
        ModelSpec spec = ModelSpec.of(Input.features(2), new Layer.Conv1D(4, 3, 1, 2, Layer.Padding.SAME, Activation.RELU),
                new Layer.Conv1D(5, 2, 2, 1, Layer.Padding.VALID, Activation.SIGMOID), new Layer.Conv1D(3, 4, 1, 1, Layer.Padding.SAME,
                        Activation.LINEAR), new Layer.Lstm(5, false), Layer.dense(3));
        Batch b = Fixtures.features(2, 12, 2, 3, 25);
        check(spec, Batch.ofFeatures(2, 12, b.features(), 2, new int[] {0, 2}), 26);
        check(spec, Batch.ofFeatures(2, 11, java.util.Arrays.copyOf(b.features(), 2 * 11 * 2), 2, new int[] {1, 2}), 27);
    }

    @Test
    void batchNormInferenceUsesRunningStatisticsPerChannel() {
        // batch 4 and 4 channels: DL4J's rank-3 BatchNorm would silently normalise per sample here.
        ModelSpec spec = ModelSpec.of(Input.features(4), new Layer.BatchNorm(0.9, 1e-3), Layer.lstm(4),
                new Layer.BatchNorm(0.99, 1e-5), Layer.dense(3));
        check(spec, Fixtures.features(4, 5, 4, 3, 9), 10);
    }

    @Test
    void dropoutIsIdentityInInference() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 3), Layer.dropout(0.5), Layer.lstm(4), Layer.dropout(0.3), Layer.dense(7));
        check(spec, Fixtures.tokens(2, 4, 7, 11), 12);
    }

    @Test
    void bidirectionalConcatAndSum() {
        ModelSpec concat = ModelSpec.of(Input.embedding(7, 3), Layer.bidirectional(Layer.lstm(4)), Layer.dense(7));
        check(concat, Fixtures.tokens(2, 5, 7, 13), 14);
        ModelSpec sum = ModelSpec.of(Input.features(3), new Layer.Bidirectional(Layer.simpleRnn(4), Layer.Merge.SUM), Layer.dense(5));
        check(sum, Fixtures.features(2, 5, 3, 5, 15), 16);
    }

    @Test
    void lastStepHeadClassifiesFromTheFinalStep() {
        ModelSpec spec = ModelSpec.of(Input.features(3), Layer.lstm(5), new Layer.Lstm(4, false), Layer.dense(4, Activation.RELU),
                Layer.dense(3));
        Batch b = Fixtures.features(3, 6, 3, 3, 17);
        check(spec, Batch.ofFeatures(3, 6, b.features(), 3, new int[] {0, 1, 2}), 18);
    }

    /** Both step paths: DL4J's rnnTimeStep with swapped states, and layer by layer (convolution, GRU). */
    @Test
    void twoGenerationsInterleavedDoNotShareState() {
        interleave(ModelSpec.of(Input.embedding(10, 4), Layer.lstm(5), Layer.simpleRnn(4), Layer.dense(10)));
        interleave(ModelSpec.of(Input.embedding(10, 4), Layer.lstm(5), Layer.Conv1D.causal(4, 2, 2, Activation.TANH), Layer.gru(3),
                Layer.dense(10)));
    }

    private static void interleave(ModelSpec spec) {
        try (SequenceModel m = Fixtures.backend().create(spec, Fixtures.randomWeights(spec, 19))) {
            ModelState alone = m.newState(1);
            float[][] expected = new float[6][];
            for (int s = 0; s < 6; s++) expected[s] = m.step(alone, new int[] {s + 1});
            ModelState a = m.newState(1), b = m.newState(1);
            for (int s = 0; s < 6; s++) {
                m.step(b, new int[] {9 - s});
                assertArrayEquals(expected[s], m.step(a, new int[] {s + 1}), "step " + s);
            }
            ModelState copy = a.copy();
            assertArrayEquals(m.step(a, new int[] {3}), m.step(copy, new int[] {3}));
        }
    }

    @Test
    void reorderMovesRows() {
        ModelSpec spec = ModelSpec.of(Input.embedding(10, 4), Layer.lstm(5), Layer.Conv1D.causal(4, 2, 1, Activation.TANH), Layer.dense(10));
        try (SequenceModel m = Fixtures.backend().create(spec, Fixtures.randomWeights(spec, 21))) {
            ModelState two = m.newState(2);
            m.step(two, new int[] {1, 2});
            m.step(two, new int[] {3, 4});
            ModelState one = m.newState(1);
            m.step(one, new int[] {2});
            m.step(one, new int[] {4});
            two.reorder(new int[] {1, 1});
            float[] both = m.step(two, new int[] {5, 5});
            float[] single = m.step(one, new int[] {5});
            for (int c = 0; c < 10; c++) {
                assertEquals(single[c], both[c], 1e-6);
                assertEquals(single[c], both[10 + c], 1e-6);
            }
        }
    }

    @Test
    void nonCausalModelsRefuseToStep() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 3), Layer.bidirectional(Layer.lstm(4)), Layer.dense(7));
        try (SequenceModel m = Fixtures.backend().create(spec, Fixtures.randomWeights(spec, 23))) {
            assertThrows(IllegalStateException.class, () -> m.step(m.newState(1), new int[] {1}));
        }
    }

    @Test
    void resetAfterGruThroughTheUnrolledSameDiffLayer() {
        ModelSpec stacked = ModelSpec.of(Input.embedding(9, 4), Layer.gru(5), Layer.gru(3), Layer.dense(9));
        check(stacked, Fixtures.tokens(2, 6, 9, 27), 28);
        ModelSpec last = ModelSpec.of(Input.features(3), new Layer.Gru(4, false), Layer.dense(3));
        Batch b = Fixtures.features(3, 5, 3, 3, 29);
        check(last, Batch.ofFeatures(3, 5, b.features(), 3, new int[] {2, 0, 1}), 30);
    }

    @Test
    void bidirectionalGruConcatAndLastStepSum() {
        ModelSpec concat = ModelSpec.of(Input.oneHot(6), Layer.bidirectional(Layer.gru(4)), Layer.dense(6));
        check(concat, Fixtures.tokens(2, 5, 6, 31), 32);
        ModelSpec sum = ModelSpec.of(Input.features(3), new Layer.Bidirectional(new Layer.Gru(4, false), Layer.Merge.SUM), Layer.dense(3));
        Batch b = Fixtures.features(2, 6, 3, 3, 33);
        check(sum, Batch.ofFeatures(2, 6, b.features(), 3, new int[] {1, 2}), 34);
    }

    @Test
    void lastStepBidirectionalLstmIsReportedNotReplaced() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 3), new Layer.Bidirectional(new Layer.Lstm(4, false), Layer.Merge.CONCAT),
                Layer.dense(7));
        assertEquals(1, Fixtures.backend().unsupported(spec).size());
        assertTrue(Fixtures.backend().unsupported(spec).get(0).startsWith("layer 0 (Bidirectional(LSTM(4, last step)"));
        assertThrows(UnsupportedOperationException.class, () -> Fixtures.backend().create(spec, 1L));
    }

    @Test
    void badTokensAndWeightsAreNamed() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 3), Layer.lstm(4), Layer.dense(7));
        try (SequenceModel m = Fixtures.backend().create(spec, 1L)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.step(m.newState(1), new int[] {7}));
            assertTrue(e.getMessage().contains("token 7"), e.getMessage());
            ModelSpec other = ModelSpec.of(Input.embedding(7, 3), Layer.lstm(5), Layer.dense(7));
            e = assertThrows(IllegalArgumentException.class, () -> m.loadWeights(Fixtures.randomWeights(other, 1)));
            assertTrue(e.getMessage().contains("layers.0.kernel"), e.getMessage());
        }
    }
}
