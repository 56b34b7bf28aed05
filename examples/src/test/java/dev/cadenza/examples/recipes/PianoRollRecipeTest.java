package dev.cadenza.examples.recipes;

import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PianoRollRecipeTest {
    private static float[][] frames(int... keysOn) {
        float[][] f = new float[keysOn.length][88];
        for (int t = 0; t < keysOn.length; t++) f[t][keysOn[t]] = 1;
        return f;
    }

    @Test
    void aChoraleFrameIsTheRowOnTheBeat() {
        int[][] rows = MusicFixtures.chorales().get(0); // 7 quarter chords, a half-note chord, a rest beat: 40 rows
        float[][] f = PianoRollRecipe.choraleFrames(rows);
        assertEquals(10, f.length);
        for (int t = 0; t < f.length; t++) {
            float[] expected = new float[88];
            for (int p : rows[4 * t]) if (p != 0) expected[p - 21] = 1;
            assertArrayEquals(expected, f[t], "frame " + t);
        }
        assertEquals(4, sum(f[0]), "C major: 72 67 64 48");
        assertEquals(0, sum(f[9]), "the rest beat");
    }

    @Test
    void examplesPredictTheNextFrameAndMaskThePadding() {
        List<Batch> whole = PianoRollRecipe.wholeSequences(List.of(frames(1, 2, 3, 4), frames(5, 6)));
        assertEquals(2, whole.size());
        Batch a = whole.get(0), b = whole.get(1);
        assertEquals(3, a.steps(), "4 frames predict 3");
        assertArrayEquals(new float[] {1, 1, 1}, a.mask());
        assertEquals(1, a.features()[1], "step 0 reads frame 0 (key 1)");
        assertEquals(1, a.targetValues()[2], "and predicts frame 1 (key 2)");
        assertEquals(1, a.targetValues()[2 * 88 + 4], "step 2 predicts frame 3 (key 4)");
        assertArrayEquals(new float[] {1, 0, 0}, b.mask(), "2 frames predict 1, padded to 3");
        assertEquals(0, sum(java.util.Arrays.copyOfRange(b.features(), 88, 3 * 88)), "padding is silent");
        // Windows of 2 steps every 2 over 6 frames: steps [0,2), [2,4), [4,5).
        List<Batch> windows = PianoRollRecipe.examples(List.<float[][]>of(frames(0, 1, 2, 3, 4, 5)), 2, 2);
        assertEquals(3, windows.size());
        assertEquals(1, windows.get(1).features()[2], "the second window reads frame 2 first");
        assertEquals(1, windows.get(1).targetValues()[3]);
        assertArrayEquals(new float[] {1, 0}, windows.get(2).mask());
    }

    @Test
    void presetsAreTheBenchmarkSizesAndEndInEightyEightSigmoids() {
        PianoRollRecipe r = PianoRollRecipe.chorales();
        for (String preset : r.presets()) {
            ModelSpec spec = r.spec(preset, null);
            assertEquals(88, spec.outputs(), preset);
            assertEquals(ModelSpec.Head.PER_STEP, spec.head(), preset);
            assertEquals(true, spec.causal(), preset + " must generate frame by frame");
        }
        assertEquals(302_488, r.spec("lstm", null).parameterCount(), "LSTM(225): about the 300K of Bai et al.'s JSB models");
        assertEquals(295_968, r.spec("gru", null).parameterCount(), "GRU(260)");
    }

    @Test
    void transpositionsShiftEveryKeyAndLeaveOutThoseThatFallOffTheKeyboard() {
        float[][] low = frames(1, 3), high = frames(80, 87);
        List<float[][]> t = PianoRollRecipe.transposed(List.<float[][]>of(low, high), 2);
        assertEquals(7, t.size(), "the low piece fits the shifts -1..+2, the high one -2..0");
        assertArrayEquals(frames(0, 2), t.get(0), "the low piece a semitone down");
        assertArrayEquals(frames(3, 5), t.get(3), "two up");
        assertArrayEquals(frames(78, 85), t.get(4), "the high piece two down");
        assertArrayEquals(high, t.get(6));
        assertEquals(List.<float[][]>of(low), PianoRollRecipe.transposed(List.<float[][]>of(low), 0));
    }

    private static float sum(float[] a) {
        float s = 0;
        for (float v : a) s += v;
        return s;
    }
}
