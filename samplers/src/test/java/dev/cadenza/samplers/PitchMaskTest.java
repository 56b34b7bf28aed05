package dev.cadenza.samplers;

import dev.cadenza.generate.Generator;
import dev.cadenza.generate.SamplingContext;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.music.KeySignature;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Vocabulary;
import dev.cadenza.tokenizers.chorale.ChoraleArpeggioTokenizer;
import dev.cadenza.tokenizers.notechord.NoteChordTokenizer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pitch-range and key/scale masks over the real note-chord and chorale tokenizers: the masks ask each tokenizer which
 * pitches a token plays, so what a token means is written once, in its tokenizer.
 */
class PitchMaskTest {
    static final NoteChordTokenizer NOTE_CHORD = new NoteChordTokenizer(
            Vocabulary.of(List.of("C4", "E4", "G#4", "B5", "4.7.11", "0.4.7", "1.5.8", "A#3", "4")), Map.of());
    static final ChoraleArpeggioTokenizer CHORALE = new ChoraleArpeggioTokenizer();

    @Test
    void theTokenizersSayWhichPitchesTheirTokensPlay() {
        Vocabulary v = NOTE_CHORD.vocabulary();
        assertArrayEquals(new int[] {64}, NOTE_CHORD.pitches(v.id("E4")));
        assertArrayEquals(new int[] {64, 67, 71}, NOTE_CHORD.pitches(v.id("4.7.11"))); // pitch classes in octave 4
        assertArrayEquals(new int[] {64, 76}, NOTE_CHORD.pitches(v.id("4")));           // one class: octaves 4 and 5
        assertArrayEquals(new int[] {60}, CHORALE.pitches(25));
        assertArrayEquals(new int[0], CHORALE.pitches(0));
        assertThrows(IllegalArgumentException.class, () -> CHORALE.pitches(47));
        // The same pitches the decoder writes into the score.
        for (int t = 0; t < v.size(); t++) {
            int[] decoded = NOTE_CHORD.decodeScore(new int[] {t}).parts().get(0).notes().stream().mapToInt(n -> n.pitch()).sorted().toArray();
            int[] said = NOTE_CHORD.pitches(t).clone();
            java.util.Arrays.sort(said);
            assertArrayEquals(decoded, said, v.token(t));
        }
        NoteChordTokenizer kept = new NoteChordTokenizer(Vocabulary.of(List.of("E4:1/2", "0.4.7:3/2")), Map.of("timing", "kept"));
        assertArrayEquals(new int[] {64}, kept.pitches(0));
        assertArrayEquals(new int[] {60, 64, 67}, kept.pitches(1));
    }

    @Test
    void aRangeAllowsTokensWhosePitchesAllLieInIt() {
        boolean[] allowed = PitchMask.range(60, 72).allowed(NOTE_CHORD);
        //                               C4    E4    G#4   B5     4.7.11 0.4.7 1.5.8 A#3    4 (64, 76)
        assertArrayEquals(new boolean[] {true, true, true, false, true, true, true, false, false}, allowed);
        boolean[] chorale = PitchMask.range(60, 72).allowed(CHORALE);
        for (int t = 0; t <= 46; t++) assertEquals(t == 0 || (t >= 25 && t <= 37), chorale[t], "chorale token " + t);
    }

    @Test
    void aScaleAllowsTheSevenPitchClassesOfTheKey() {
        KeySignature g = PitchMask.key("G");
        assertEquals(1, g.fifths());
        boolean[] allowed = PitchMask.scale(g).allowed(NOTE_CHORD);
        //                               C4    E4    G#4    B5    4.7.11 0.4.7 1.5.8  A#3    4
        assertArrayEquals(new boolean[] {true, true, false, true, true, true, false, false, true}, allowed);
        // C major over chorale tokens: pitch n + 35 must be a white key.
        boolean[] chorale = PitchMask.scale(PitchMask.key("C")).allowed(CHORALE);
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
        int v = NOTE_CHORD.vocabulary().size();
        float[][] uniform = new float[v][v];
        boolean[] range = PitchMask.range(60, 72).allowed(NOTE_CHORD);
        boolean[] scale = PitchMask.scale(PitchMask.key("G")).allowed(NOTE_CHORD);
        var sampler = new ComposedSamplerProvider().create(Options.parse("pitch-low=60,pitch-high=72,key=G"));
        List<int[]> out = Generator.of(ContextTableModelDouble.bigram(uniform)).tokenizer(NOTE_CHORD).sampler(sampler).primer(0)
                .length(200).seed(3).generate(8);
        int[] seen = new int[v];
        for (int[] sample : out)
            for (int t : sample) {
                assertTrue(range[t] && scale[t], "token " + NOTE_CHORD.vocabulary().token(t) + " is outside the mask");
                seen[t]++;
            }
        for (int t = 0; t < v; t++)
            if (range[t] && scale[t]) assertTrue(seen[t] > 0, "allowed token " + NOTE_CHORD.vocabulary().token(t) + " never drawn");
    }

    @Test
    void withoutATokenizerTheMaskSaysWhatIsMissing() {
        var e = assertThrows(IllegalStateException.class, () -> PitchMask.range(60, 72)
                .process(new float[47], new SamplingContext(new int[] {1}, 0, 0, new SeededRandom(1), null)));
        assertTrue(e.getMessage().contains("tokenizer(...)"), e.getMessage());
    }
}
