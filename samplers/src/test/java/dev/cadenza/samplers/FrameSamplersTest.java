package dev.cadenza.samplers;

import dev.cadenza.generate.FrameContext;
import dev.cadenza.generate.FrameSampler;
import dev.cadenza.model.SeededRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Frame samplers: Bernoulli rates against their probabilities, the cap on notes, the threshold, and reproducibility. */
class FrameSamplersTest {
    private static final float[] LOGITS = {2f, 0f, -1f, -3f, 1f};

    private static float[] draw(FrameSampler s, long seed) {
        float[] frame = new float[LOGITS.length];
        s.next(LOGITS.clone(), new FrameContext(new float[0][], 0, 0, new SeededRandom(seed)), frame);
        return frame;
    }

    @Test
    void bernoulliDrawsEachLabelAtItsProbability() {
        int n = 20_000;
        int[] on = new int[LOGITS.length];
        FrameSampler s = FrameSamplers.bernoulli(1.0, 0);
        SeededRandom r = new SeededRandom(3);
        for (int i = 0; i < n; i++) {
            float[] frame = new float[LOGITS.length];
            s.next(LOGITS.clone(), new FrameContext(new float[0][], i, 0, r), frame);
            for (int j = 0; j < frame.length; j++) on[j] += (int) frame[j];
        }
        for (int j = 0; j < LOGITS.length; j++) {
            double p = 1 / (1 + Math.exp(-LOGITS[j]));
            double sd = Math.sqrt(p * (1 - p) / n);
            assertEquals(p, on[j] / (double) n, 5 * sd, "label " + j); // five standard errors
        }
        assertArrayEquals(draw(s, 9), draw(s, 9), "a seed reproduces a frame");
    }

    @Test
    void temperatureSharpensAndAtMostKeepsTheMostProbable() {
        float[] cold = draw(FrameSamplers.bernoulli(0.01, 0), 1);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, cold, "near temperature 0 the frame is the labels with positive logits");
        // at most 1 note: of the drawn labels, the most probable one
        for (long seed = 0; seed < 50; seed++) {
            float[] one = draw(FrameSamplers.bernoulli(1.0, 1), seed);
            double sum = 0;
            for (float v : one) sum += v;
            assertTrue(sum <= 1, "at most one label on");
        }
        assertArrayEquals(new float[] {1, 0, 0, 0, 1}, draw(FrameSamplers.threshold(0.6, 1.0, 0), 1));
        assertArrayEquals(new float[] {1, 0, 0, 0, 0}, draw(FrameSamplers.threshold(0.6, 1.0, 1), 1));
        // "at least": label 1's logit 0 is exactly p = 0.5, so it is on at the threshold 0.5
        assertArrayEquals(new float[] {1, 1, 0, 0, 1}, draw(FrameSamplers.threshold(0.5, 1.0, 0), 1));
        assertArrayEquals(new float[] {1, 1, 0, 0, 1}, draw(FrameSamplers.threshold(0.4, 1.0, 0), 1));
        assertThrows(IllegalArgumentException.class, () -> FrameSamplers.threshold(1.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameSamplers.bernoulli(0, 0));
    }
}
