package dev.cadenza.dl4j;

import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
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
        int b = batch.size(), t = batch.steps(), v = m.spec().outputs();
        ModelState state = m.newState(b);
        double max = 0;
        for (int s = 0; s < t; s++) {
            Batch one = batch.step(s);
            float[] logits = one.features() != null ? m.step(state, one.features())
                    : one.conditioning() != null ? m.step(state, one.tokens(), one.conditioning()) : m.step(state, one.tokens());
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

    /** A conditioned embedding is looked up outside the network and joined with the conditioning values. */
    @Test
    void conditionedEmbeddingAndOneHotAppendTheConditioningValues() {
        ModelSpec embedding = ModelSpec.of(Input.conditioned(Input.embedding(9, 4), 3), Layer.lstm(5), Layer.dense(9));
        check(embedding, conditioned(Fixtures.tokens(2, 6, 9, 39), 3, 40), 41);
        ModelSpec oneHot = ModelSpec.of(Input.conditioned(Input.oneHot(6), 2), Layer.gru(4), Layer.dense(6));
        check(oneHot, conditioned(Fixtures.tokens(3, 5, 6, 42), 2, 43), 44);
    }

    private static Batch conditioned(Batch tokens, int width, long seed) {
        dev.cadenza.model.SeededRandom r = new dev.cadenza.model.SeededRandom(seed);
        float[] c = new float[tokens.size() * tokens.steps() * width];
        for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
        return Batch.builder(tokens.size(), tokens.steps()).tokens(tokens.tokens()).conditioning(c, width).targets(tokens.targets()).build();
    }

    @Test
    void multiHotFramesEnterAsFeatures() {
        ModelSpec spec = ModelSpec.of(Input.multiHot(5), Layer.lstm(6), Layer.dense(5));
        dev.cadenza.model.SeededRandom r = new dev.cadenza.model.SeededRandom(45);
        float[] frames = new float[2 * 7 * 5];
        for (int i = 0; i < frames.length; i++) frames[i] = r.nextInt(3) == 0 ? 1 : 0;
        check(spec, Batch.ofFeatures(2, 7, frames, 5, null), 46);
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

    /** Steps on distinct states may run at once (the api's contract): four threads give the sequential results. */
    @Test
    void stepsOnDistinctStatesRunConcurrently() throws Exception {
        for (ModelSpec spec : java.util.List.of(ModelSpec.of(Input.embedding(10, 4), Layer.lstm(5), Layer.simpleRnn(4), Layer.dense(10)),
                ModelSpec.of(Input.embedding(10, 4), Layer.Conv1D.causal(4, 2, 2, Activation.TANH), Layer.gru(3), Layer.dense(10)))) {
            try (SequenceModel m = Fixtures.backend().create(spec, Fixtures.randomWeights(spec, 47))) {
                int threads = 4, steps = 12;
                float[][][] expected = new float[threads][steps][];
                for (int k = 0; k < threads; k++) {
                    ModelState state = m.newState(1);
                    for (int t = 0; t < steps; t++) expected[k][t] = m.step(state, (k * 3 + t) % 10);
                }
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                try {
                    java.util.List<java.util.concurrent.Future<float[][]>> results = new java.util.ArrayList<>();
                    for (int k = 0; k < threads; k++) {
                        int row = k;
                        results.add(pool.submit(() -> {
                            ModelState state = m.newState(1);
                            float[][] out = new float[steps][];
                            for (int t = 0; t < steps; t++) out[t] = m.step(state, (row * 3 + t) % 10);
                            return out;
                        }));
                    }
                    for (int k = 0; k < threads; k++)
                        for (int t = 0; t < steps; t++)
                            assertArrayEquals(expected[k][t], results.get(k).get()[t], spec.layers() + ": thread " + k + ", step " + t);
                } finally {
                    pool.shutdown();
                }
            }
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

    /**
     * The backward direction's final state is the one after the whole reversed sequence (at time 0), which DL4J's
     * LastTimeStep would not give; BidirectionalFinalStates takes it.
     */
    @Test
    void lastStepBidirectionalLstmAndSimpleRnnTakeEachDirectionsFinalState() {
        ModelSpec concat = ModelSpec.of(Input.embedding(7, 3), new Layer.Bidirectional(new Layer.Lstm(4, false), Layer.Merge.CONCAT),
                Layer.dense(3));
        assertEquals(java.util.List.of(), Fixtures.backend().unsupported(concat));
        Batch tokens = Fixtures.tokens(2, 5, 7, 35);
        check(concat, Batch.ofTokens(2, 5, tokens.tokens(), new int[] {0, 2}), 36);
        ModelSpec sum = ModelSpec.of(Input.features(3), new Layer.Bidirectional(new Layer.SimpleRnn(4, false), Layer.Merge.SUM),
                Layer.dense(4, Activation.TANH), Layer.dense(2));
        Batch b = Fixtures.features(3, 6, 3, 2, 37);
        check(sum, Batch.ofFeatures(3, 6, b.features(), 3, new int[] {1, 0, 1}), 38);
    }

    @Test
    void badTokensAndWeightsAreNamed() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 3), Layer.lstm(4), Layer.dense(7));
        try (SequenceModel m = Fixtures.backend().create(spec, 1L)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.step(m.newState(1), new int[] {7}));
            assertTrue(e.getMessage().contains("token id 7"), e.getMessage());
            ModelSpec other = ModelSpec.of(Input.embedding(7, 3), Layer.lstm(5), Layer.dense(7));
            e = assertThrows(IllegalArgumentException.class, () -> m.loadWeights(Fixtures.randomWeights(other, 1)));
            assertTrue(e.getMessage().contains("layers.0.kernel"), e.getMessage());
        }
    }
}
