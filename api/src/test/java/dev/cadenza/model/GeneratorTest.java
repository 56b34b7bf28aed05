package dev.cadenza.model;

import dev.cadenza.generate.Generator;
import dev.cadenza.generate.Sampler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GeneratorTest {

    /** Test double: a model whose next-token logits favour (token + 1) mod classes; its state is the last token. */
    static final class CountingModel implements SequenceModel {
        final ModelSpec spec = ModelSpec.of(Input.oneHot(5), Layer.lstm(2), Layer.dense(5));
        int steps;

        public ModelSpec spec() { return spec; }
        public String backend() { return "test-double"; }
        public Weights weights() { throw notModelled(); }
        public void loadWeights(Weights w) { throw notModelled(); }
        public float[] forward(Batch b) { throw notModelled(); }
        public Evaluation evaluate(Batch b, int k) { throw notModelled(); }
        public TrainingSession train(TrainingConfig c) { throw notModelled(); }
        public ModelState newState(int n) { return new State(new int[n], 0); }
        public float[] step(ModelState s, float[] f) { throw notModelled(); }

        /** The generator only steps; anything else reaching this double is a test bug. */
        private static AssertionError notModelled() {
            return new AssertionError("the generator test double models step(state, tokens) only");
        }
        public void close() {}

        public float[] step(ModelState s, int[] tokens) {
            steps++;
            State st = (State) s;
            st.position++;
            float[] logits = new float[tokens.length * 5];
            for (int r = 0; r < tokens.length; r++) logits[r * 5 + (tokens[r] + 1) % 5] = 10;
            return logits;
        }

        static final class State implements ModelState {
            final int[] last;
            long position;

            State(int[] last, long position) { this.last = last; this.position = position; }
            public int batchSize() { return last.length; }
            public long position() { return position; }
            public ModelState copy() { return new State(last.clone(), position); }
            public void reorder(int[] sources) { }
        }
    }

    private static final Sampler ARGMAX = (logits, ctx) -> {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    };

    @Test
    void feedsThePrimerOnceThenOneStepPerToken() {
        CountingModel m = new CountingModel();
        List<int[]> out = Generator.of(m).sampler(ARGMAX).primer(0, 1).length(6).generate();
        assertArrayEquals(new int[] {2, 3, 4, 0, 1, 2}, out.get(0));
        assertEquals(2 + 5, m.steps, "primer steps + one step per generated token but the last");
    }

    @Test
    void stopTokenEndsEachRowAndListenersSeeEveryToken() {
        List<String> seen = new ArrayList<>();
        List<int[]> out = Generator.of(new CountingModel()).sampler(ARGMAX).primer(1).length(10).stopToken(4).samples(3)
                .listener((row, step, token) -> seen.add(row + ":" + token)).generate();
        assertEquals(3, out.size());
        for (int[] o : out) assertArrayEquals(new int[] {2, 3, 4}, o);
        assertEquals(9, seen.size());
    }

    @Test
    void theSamplerSeesHistoryAndARowSeededRandom() {
        List<Long> draws = new ArrayList<>();
        Sampler s = (logits, ctx) -> {
            if (ctx.step() == 0) draws.add(ctx.random().nextLong());
            assertEquals(1 + ctx.step(), ctx.history().length);
            return ARGMAX.next(logits, ctx);
        };
        Generator.of(new CountingModel()).sampler(s).primer(0).length(3).samples(2).seed(5).generate();
        assertEquals(new SeededRandom(5).nextLong(), draws.get(0));
        assertEquals(new SeededRandom(6).nextLong(), draws.get(1));
    }

    @Test
    void wrongVocabularyAndBadPrimerAreRefused() {
        CountingModel m = new CountingModel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generator.of(m).vocabulary(dev.cadenza.token.Vocabulary.of(List.of("a", "b"))));
        assertTrue(e.getMessage().contains("another vocabulary"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Generator.of(m).sampler(ARGMAX).primer(7).generate());
        assertTrue(e.getMessage().contains("primer token 7 at position 0"), e.getMessage());
    }
}
