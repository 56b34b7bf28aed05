package dev.cadenza.generate;

import dev.cadenza.Backend;
import dev.cadenza.LinearEngine;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;
import dev.cadenza.token.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class GeneratorTest {
    private static final Sampler ARGMAX = (logits, ctx) -> {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    };

    /** One-hot(5) -> Dense(5) whose logits favour (token + 1) mod 5 by 10 nats. */
    private static SequenceModel counting(LinearEngine engine) {
        ModelSpec spec = ModelSpec.of(Input.oneHot(5), Layer.dense(5));
        float[] w = new float[25];
        for (int i = 0; i < 5; i++) w[i * 5 + (i + 1) % 5] = 10;
        return new Backend(engine).create(spec, Weights.of(spec, List.of(new Tensor("layers.0.kernel", new int[] {5, 5}, w),
                Tensor.zeros("layers.0.bias", 5))));
    }

    @Test
    void feedsThePrimerOnceThenOneStepPerToken() {
        LinearEngine engine = new LinearEngine();
        int[] out = Generator.of(counting(engine)).sampler(ARGMAX).primer(0, 1).length(6).generate();
        assertArrayEquals(new int[] {2, 3, 4, 0, 1, 2}, out);
        assertEquals(2 + 5, engine.steps, "primer steps + one step per generated token but the last");
    }

    @Test
    void stopTokenEndsEachRowAndListenersSeeEveryToken() {
        List<String> seen = new ArrayList<>();
        List<int[]> out = Generator.of(counting(new LinearEngine())).sampler(ARGMAX).primer(1).length(10).stopToken(4)
                .listener((row, step, token) -> seen.add(row + ":" + token)).generate(3);
        assertEquals(3, out.size());
        for (int[] o : out) assertArrayEquals(new int[] {2, 3, 4}, o);
        assertEquals(9, seen.size());
    }

    @Test
    void theSamplerSeesHistoryAndARowSeededRandomAndItsOwnMemory() {
        List<Long> draws = Collections.synchronizedList(new ArrayList<>());
        Object key = new Object();
        Sampler s = (logits, ctx) -> {
            if (ctx.step() == 0) draws.add(ctx.random().nextLong());
            assertEquals(1 + ctx.step(), ctx.history().length);
            int[] calls = ctx.memory().get(key, () -> new int[1]);
            assertEquals(ctx.step(), calls[0]++, "the row's memory follows its own steps");
            return ARGMAX.next(logits, ctx);
        };
        Generator.of(counting(new LinearEngine())).sampler(s).primer(0).length(3).seed(5).generate(2);
        assertEquals(new SeededRandom(5).nextLong(), draws.get(0));
        assertEquals(new SeededRandom(6).nextLong(), draws.get(1));
    }

    @Test
    void wrongVocabularyBadPrimerAndMissingConditioningAreRefused() {
        SequenceModel m = counting(new LinearEngine());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Generator.of(m).vocabulary(Vocabulary.of(List.of("a", "b"))));
        assertTrue(e.getMessage().contains("another vocabulary"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Generator.of(m).sampler(ARGMAX).primer(7).generate());
        assertTrue(e.getMessage().contains("primer token 7 at position 0"), e.getMessage());
        ModelSpec conditioned = ModelSpec.of(Input.conditioned(Input.oneHot(5), 2), Layer.dense(5));
        SequenceModel c = LinearEngine.backend().create(conditioned, 1);
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Generator.of(c).sampler(ARGMAX).primer(0).generate());
        assertTrue(s.getMessage().contains("conditioning(...)"), s.getMessage());
        ModelSpec frames = ModelSpec.of(Input.multiHot(4), Layer.dense(4)).withLoss(Loss.SIGMOID_CROSS_ENTROPY);
        e = assertThrows(IllegalArgumentException.class, () -> Generator.of(LinearEngine.backend().create(frames, 1)));
        assertTrue(e.getMessage().contains("FrameGenerator"), e.getMessage());
    }

    @Test
    void theConditioningOfEveryStepReachesTheModel() {
        // Input: one-hot(3) and a 3-wide conditioning vector; the logits copy the conditioning (x 10) and ignore the token.
        ModelSpec spec = ModelSpec.of(Input.conditioned(Input.oneHot(3), 3), Layer.dense(3));
        float[] w = new float[6 * 3];
        for (int j = 0; j < 3; j++) w[(3 + j) * 3 + j] = 10;
        SequenceModel model = LinearEngine.backend().create(spec, Weights.of(spec, List.of(new Tensor("layers.0.kernel", new int[] {6, 3}, w),
                Tensor.zeros("layers.0.bias", 3))));
        int[] chart = {2, 2, 0, 1, 1, 0, 2};
        List<Integer> positions = Collections.synchronizedList(new ArrayList<>());
        int[] out = Generator.of(model).sampler(ARGMAX).primer(0, 0).length(5).conditioning((row, position, history, c, offset) -> {
            positions.add(position);
            assertEquals(position + 1, history.length, "the history ends with the token fed at this position");
            c[offset + chart[position]] = 1;
        }).generate();
        // The token after position p follows chart[p].
        assertArrayEquals(new int[] {chart[1], chart[2], chart[3], chart[4], chart[5]}, out);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), positions);
    }

    @Test
    void oneGeneratorGeneratesTheSameFromEightThreads() throws Exception {
        SequenceModel model = counting(new LinearEngine());
        Sampler drawing = (logits, ctx) -> ctx.random().nextInt(logits.length);
        Generator g = Generator.of(model).sampler(drawing).primer(1).length(50).seed(3);
        int[] alone = g.generate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) futures.add(pool.submit(() -> g.generate()));
            for (Future<int[]> f : futures) assertArrayEquals(alone, f.get());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void framesAreDrawnAndFedBack() {
        // Multi-hot(4) -> Dense(4): label j is on when label j - 1 was (logit +10), off otherwise (-10).
        ModelSpec spec = ModelSpec.of(Input.multiHot(4), Layer.dense(4)).withLoss(Loss.SIGMOID_CROSS_ENTROPY);
        float[] w = new float[16];
        for (int j = 0; j < 4; j++) w[j * 4 + (j + 1) % 4] = 20;
        float[] b = {-10, -10, -10, -10};
        SequenceModel model = LinearEngine.backend().create(spec, Weights.of(spec, List.of(new Tensor("layers.0.kernel", new int[] {4, 4}, w),
                new Tensor("layers.0.bias", new int[] {4}, b))));
        FrameSampler threshold = (logits, ctx, frame) -> {
            for (int j = 0; j < logits.length; j++) frame[j] = logits[j] > 0 ? 1 : 0;
        };
        float[][] out = FrameGenerator.of(model).sampler(threshold).primer(new float[] {1, 0, 1, 0}).length(3).generate();
        assertArrayEquals(new float[] {0, 1, 0, 1}, out[0]);
        assertArrayEquals(new float[] {1, 0, 1, 0}, out[1]);
        assertArrayEquals(new float[] {0, 1, 0, 1}, out[2]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameGenerator.of(model).primer(new float[] {1, 0, 0.5f, 0}));
        assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FrameGenerator.of(counting(new LinearEngine())));
    }
}
