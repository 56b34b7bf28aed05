package dev.cadenza.samplers;

import dev.cadenza.generate.Generator;
import dev.cadenza.music.KeySignature;
import dev.cadenza.token.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pitch-range and key/scale masks over note-chord and chorale vocabularies. */
class PitchMaskTest {
    static final Vocabulary NOTE_CHORD = new Vocabulary(
            List.of("<s>", "C4", "E4", "G#4", "B5", "4.7.11", "0.4.7", "1.5.8", "A#3", "rest"), List.of("<s>"));

    static Vocabulary chorale() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i <= 46; i++) tokens.add(String.valueOf(i));
        return Vocabulary.of(tokens);
    }

    @Test
    void noteAndChordTokensHaveTheirPitches() {
        PitchMapping m = PitchMapping.noteChord();
        assertArrayEquals(new int[] {64}, m.pitches("E4"));
        assertArrayEquals(new int[] {73}, m.pitches("C#5"));
        assertArrayEquals(new int[] {49}, m.pitches("Db3"));
        assertArrayEquals(new int[] {64, 67, 71}, m.pitches("4.7.11")); // pitch classes in octave 4
        assertArrayEquals(new int[] {64, 76}, m.pitches("4"));           // one class: octaves 4 and 5
        assertArrayEquals(new int[] {64}, m.pitches("E4:1/2"));          // timing=kept tokens
        assertArrayEquals(new int[] {60, 64, 67}, m.pitches("0.4.7:3/2"));
        assertArrayEquals(new int[0], m.pitches("rest"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.pitches("4.13"));
        assertTrue(e.getMessage().contains("'4.13'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.pitches("E"));
        assertArrayEquals(new int[] {60}, PitchMapping.chorale().pitches("25"));
        assertArrayEquals(new int[0], PitchMapping.chorale().pitches("0"));
        assertThrows(IllegalArgumentException.class, () -> PitchMapping.chorale().pitches("47"));
    }

    @Test
    void aRangeAllowsTokensWhosePitchesAllLieInIt() {
        boolean[] allowed = PitchMask.range(PitchMapping.noteChord(), 60, 72).allowed(NOTE_CHORD);
        //                          <s>   C4    E4    G#4   B5     4.7.11 0.4.7 1.5.8 A#3    rest
        assertArrayEquals(new boolean[] {true, true, true, true, false, true, true, true, false, true}, allowed);
        boolean[] chorale = PitchMask.range(PitchMapping.chorale(), 60, 72).allowed(chorale());
        for (int t = 0; t <= 46; t++) assertEquals(t == 0 || (t >= 25 && t <= 37), chorale[t], "chorale token " + t);
    }

    @Test
    void aScaleAllowsTheSevenPitchClassesOfTheKey() {
        KeySignature g = PitchMask.key("G");
        assertEquals(1, g.fifths());
        boolean[] allowed = PitchMask.scale(PitchMapping.noteChord(), g).allowed(NOTE_CHORD);
        //                          <s>   C4    E4    G#4    B5    4.7.11 0.4.7 1.5.8  A#3    rest
        assertArrayEquals(new boolean[] {true, true, true, false, true, true, true, false, false, true}, allowed);
        // C major over chorale tokens: pitch n + 35 must be a white key.
        boolean[] chorale = PitchMask.scale(PitchMapping.chorale(), PitchMask.key("C")).allowed(chorale());
        for (int t = 1; t <= 46; t++) {
            int pc = (t + 35) % 12;
            assertEquals(pc == 0 || pc == 2 || pc == 4 || pc == 5 || pc == 7 || pc == 9 || pc == 11, chorale[t], "token " + t);
        }
    }

    @Test
    void keysAreReadWithTheirModes() {
        assertEquals(1, PitchMask.key("A dorian").fifths());
        assertEquals(1, PitchMask.key("Em").fifths());
        assertEquals("minor", PitchMask.key("Em").mode());
        assertEquals(3, PitchMask.key("F#m").fifths());
        assertEquals(-2, PitchMask.key("Bb major").fifths());
        assertEquals(0, PitchMask.key("D Dorian").fifths());
        assertEquals(-1, PitchMask.key("C mixolydian").fifths());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PitchMask.key("G blues"));
        assertTrue(e.getMessage().contains("blues"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PitchMask.key("H"));
        assertThrows(IllegalArgumentException.class, () -> PitchMask.key("G# major")); // 8 sharps
    }

    @Test
    void generationUnderAMaskNeverLeavesIt() {
        int v = NOTE_CHORD.size();
        float[][] uniform = new float[v][v];
        ContextTableModelDouble model = ContextTableModelDouble.bigram(uniform);
        boolean[] range = PitchMask.range(PitchMapping.noteChord(), 60, 72).allowed(NOTE_CHORD);
        boolean[] scale = PitchMask.scale(PitchMapping.noteChord(), PitchMask.key("G")).allowed(NOTE_CHORD);
        var sampler = new ComposedSamplerProvider().create(Map.of("pitch-low", "60", "pitch-high", "72", "key", "G", "tokens", "note-chord"));
        List<int[]> out = Generator.of(model).vocabulary(NOTE_CHORD).sampler(sampler).primer(0).length(200).samples(8).seed(3).generate();
        int[] seen = new int[v];
        for (int[] sample : out)
            for (int t : sample) {
                assertTrue(range[t] && scale[t], "token " + NOTE_CHORD.token(t) + " is outside the mask");
                seen[t]++;
            }
        for (int t = 0; t < v; t++) if (range[t] && scale[t]) assertTrue(seen[t] > 0, "allowed token " + NOTE_CHORD.token(t) + " never drawn");
    }

    @Test
    void withoutAVocabularyTheMaskSaysWhatIsMissing() {
        var e = assertThrows(IllegalStateException.class, () -> PitchMask.range(PitchMapping.chorale(), 60, 72)
                .process(new float[47], new dev.cadenza.generate.SamplingContext(new int[] {1}, 0, 0, new dev.cadenza.model.SeededRandom(1), null)));
        assertTrue(e.getMessage().contains("vocabulary"), e.getMessage());
    }
}
