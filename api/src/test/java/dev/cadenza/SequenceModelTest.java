package dev.cadenza;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** The checks made once above every engine, and what the user API promises about states and threads. */
class SequenceModelTest {
    private static final ModelSpec TOKENS = ModelSpec.of(Input.oneHot(4), Layer.dense(3));

    @Test
    void inputsThatDoNotFitTheSpecAreRefusedWithRowAndStep() {
        SequenceModel m = LinearEngine.backend().create(TOKENS, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(Batch.ofTokens(2, 3, new int[] {0, 1, 2, 3, 4, 0}, null)));
        assertTrue(e.getMessage().contains("token id 4 at row 1, step 1") && e.getMessage().contains("[0, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Batch.ofFeatures(1, 1, new float[4], 4, null)));
        assertTrue(e.getMessage().contains("reads token ids"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.evaluate(Batch.ofTokens(1, 2, new int[2], null)));
        assertTrue(e.getMessage().contains("need targets"), e.getMessage());

        ModelSpec frames = ModelSpec.of(Input.multiHot(3), Layer.dense(3)).withLoss(Loss.SIGMOID_CROSS_ENTROPY);
        SequenceModel f = LinearEngine.backend().create(frames, 1);
        e = assertThrows(IllegalArgumentException.class, () -> f.forward(Batch.ofFeatures(1, 2, new float[] {0, 1, 0, 0, 0.5f, 1}, 3, null)));
        assertTrue(e.getMessage().contains("0 or 1, found 0.5 at row 0, step 1, label 1"), e.getMessage());

        ModelSpec chords = ModelSpec.of(Input.conditioned(Input.embedding(4, 2), 12), Layer.dense(4));
        SequenceModel c = LinearEngine.backend().create(chords, 1);
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Batch.ofTokens(1, 2, new int[2], null)));
        assertTrue(e.getMessage().contains("12 conditioning values per step"), e.getMessage());
        float[] nan = new float[24];
        nan[13] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> c.forward(Batch.builder(1, 2).tokens(new int[2]).conditioning(nan, 12).build()));
        assertTrue(e.getMessage().contains("conditioning value NaN at row 0, step 1, index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.step(c.newState(1), 1));
        assertTrue(e.getMessage().contains("step(state, tokens, conditioning)"), e.getMessage());
        assertEquals(4, c.step(c.newState(1), new int[] {1}, new float[12]).length);
    }

    @Test
    void statesBelongToTheirModelAndReorderWithinTheirRows() {
        SequenceModel a = LinearEngine.backend().create(TOKENS, 1), b = LinearEngine.backend().create(TOKENS, 1);
        ModelState s = a.newState(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.step(s, 0, 1));
        assertTrue(e.getMessage().contains("not created by this model's newState"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.step(s, 0, 1, 2));
        assertTrue(e.getMessage().contains("3 rows of input for a state of 2 rows"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.reorder(new int[] {0, 2}));
        assertThrows(IllegalArgumentException.class, () -> s.reorder(new int[] {0}));
        a.step(s, 0, 1);
        ModelState copy = s.copy();
        a.step(s, 2, 3);
        assertEquals(2, s.position());
        assertEquals(1, copy.position());
        assertThrows(IllegalArgumentException.class, () -> a.newState(0));
    }

    @Test
    void aClosedModelSaysSo() {
        SequenceModel m = LinearEngine.backend().create(TOKENS, 1);
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::weights);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        m.close(); // twice is fine
    }

    @Test
    void aBackendThatCannotRunASpecSaysWhatAndRefusesIt() {
        ModelSpec lstm = ModelSpec.of(Input.oneHot(4), Layer.lstm(3), Layer.dense(4));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> LinearEngine.backend().create(lstm, 1));
        assertTrue(e.getMessage().contains("backend 'linear' cannot run this model exactly") && e.getMessage().contains("one linear Dense"), e.getMessage());
    }

    @Test
    void copyToMovesTheSameWeightsExplicitly() {
        SequenceModel m = LinearEngine.backend().create(TOKENS, 3);
        m.train(TrainingConfig.of(Optimizer.adam(0.1))).step(Batch.ofTokens(1, 2, new int[] {1, 2}, new int[] {2, 0}));
        SequenceModel moved = m.copyTo(LinearEngine.backend());
        assertEquals(m.weights(), moved.weights());
        assertEquals("linear", moved.backend());
    }

    @Test
    void stepsOnDistinctStatesRunFromManyThreadsWhileTrainingWaits() throws Exception {
        SequenceModel m = LinearEngine.backend().create(TOKENS, 4);
        float[] expected = m.step(m.newState(1), 2);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++)
                futures.add(pool.submit(() -> {
                    ModelState s = m.newState(1);
                    float[] last = null;
                    for (int t = 0; t < 20; t++) last = m.step(s, 2);
                    return last;
                }));
            for (Future<float[]> f : futures) assertArrayEquals(expected, f.get());
        } finally {
            pool.shutdown();
        }
    }
}
