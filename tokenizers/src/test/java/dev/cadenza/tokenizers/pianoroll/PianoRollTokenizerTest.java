package dev.cadenza.tokenizers.pianoroll;

import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.spi.Options;
import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.token.Tokenizer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PianoRollTokenizerTest {
    private static Score score(int tpq, List<Part> parts) {
        return Score.of("t", tpq, 100, new TimeSignature(0, 4, 4), parts);
    }

    private static float[] keys(int... pitches) {
        float[] f = new float[PianoRollTokenizer.KEYS];
        for (int p : pitches) f[p - 21] = 1;
        return f;
    }

    @Test
    void aChordOfAQuarterNoteIsFourSixteenthFramesAndAShortNoteKeepsOneFrame() {
        PianoRollTokenizer t = new PianoRollTokenizer();
        // A C major triad for a quarter note, then a 32nd-note D at the second sixteenth of beat 2 (tick 600 of 480 per quarter).
        Score s = score(480, List.of(Part.of("p", 0, List.of(new Note(60, 80, 0, 480), new Note(64, 80, 0, 480), new Note(67, 80, 0, 480),
                new Note(62, 80, 600, 60)))));
        float[][] f = t.frames(s);
        assertEquals(6, f.length, "the D rounds to frame 5 and lasts one frame");
        for (int i = 0; i < 4; i++) assertArrayEquals(keys(60, 64, 67), f[i], "frame " + i);
        assertArrayEquals(keys(), f[4]);
        assertArrayEquals(keys(62), f[5]);
        assertEquals(0, f[0][0]);
        assertEquals(1, f[0][60 - 21]);
    }

    @Test
    void framesBecomeHeldNotesAndComeBackTheSame() {
        PianoRollTokenizer t = new PianoRollTokenizer(Map.of("voices", "single"));
        float[][] frames = {keys(60, 64), keys(60, 64), keys(60, 65), keys(), keys(108, 21)};
        Score s = t.score(frames);
        List<Note> notes = s.parts().get(0).notes();
        assertEquals(5, notes.size(), "C held 3 frames, E 2, F 1, then A0 and C8: " + notes);
        assertEquals(new Note(60, 80, 0, 360), notes.get(0), "three frames of 120 ticks");
        assertEquals(480, s.ticksPerQuarter());
        float[][] back = t.frames(s);
        assertEquals(frames.length, back.length);
        for (int i = 0; i < frames.length; i++) assertArrayEquals(frames[i], back[i], "frame " + i);
        int[] ids = t.encodeFrames(frames);
        assertArrayEquals(new int[] {40, 44, 0, 40, 44, 0, 40, 45, 0, 0, 1, 88, 0}, ids, "keys lowest first, then the frame end");
        float[][] decoded = t.decodeFrames(ids);
        for (int i = 0; i < frames.length; i++) assertArrayEquals(frames[i], decoded[i]);
        assertEquals("60 64\n60 64\n60 65\n.\n21 108\n", t.decodeText(ids));
        assertArrayEquals(new int[] {60}, t.pitches(40));
        assertArrayEquals(new int[0], t.pitches(0));
    }

    @Test
    void pianoStavesSplitAtMiddleCAndFourVoicesTakeTheKeysFromTheTop() {
        float[][] frames = {keys(72, 67, 64, 48), keys(72, 67, 64, 48), keys(72, 48), keys(55)};
        Score piano = new PianoRollTokenizer(Map.of("voices", "piano")).score(frames);
        assertEquals(List.of("Piano right", "Piano left"), piano.parts().stream().map(Part::name).toList());
        assertEquals(3, piano.parts().get(0).notes().size());
        assertTrue(piano.parts().get(1).notes().stream().allMatch(n -> n.pitch() < 60));
        int[][] rows = PianoRollTokenizer.satb(frames);
        assertArrayEquals(new int[] {72, 67, 64, 48}, rows[0]);
        assertArrayEquals(new int[] {72, 0, 0, 48}, rows[2], "two keys: soprano and bass");
        assertArrayEquals(new int[] {55, 0, 0, 0}, rows[3]);
        Score satb = new PianoRollTokenizer(Map.of("voices", "satb", "framesPerQuarter", "1")).score(frames);
        assertEquals(List.of("Soprano", "Alto", "Tenor", "Bass"), satb.parts().stream().map(Part::name).toList());
        assertEquals(List.of(new Note(72, 80, 0, 360), new Note(55, 80, 360, 120)), satb.parts().get(0).notes(),
                "the soprano's C held three quarter notes, then G");
        assertEquals(120, satb.ticksPerQuarter());
        assertArrayEquals(new int[] {72, 70, 69, 67}, PianoRollTokenizer.satb(new float[][] {keys(72, 71, 70, 69, 68, 67)})[0],
                "six keys share four voices, each keeping its highest");
    }

    @Test
    void notesOffTheKeyboardAndFramesThatAreNotZeroOrOneAreRefusedByName() {
        PianoRollTokenizer t = new PianoRollTokenizer();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.frames(score(480, List.of(Part.of("bass", 0, List.of(new Note(12, 80, 960, 480)))))));
        assertTrue(e.getMessage().contains("'bass'") && e.getMessage().contains("tick 960") && e.getMessage().contains("pitch 12"), e.getMessage());
        float[] half = keys(60);
        half[3] = 0.5f;
        e = assertThrows(IllegalArgumentException.class, () -> t.score(new float[][] {keys(), half}));
        assertTrue(e.getMessage().contains("frame 1, key 24 holds 0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PianoRollTokenizer(Map.of("voices", "choir")));
        assertTrue(e.getMessage().contains("voices"), e.getMessage());
    }

    @Test
    void theProviderIsFoundByNameAndRestoresTheTokenizerFromItsSavedState() {
        Tokenizer<Score> fitted = Cadenza.discover().tokenizer(PianoRollTokenizer.NAME, Score.class)
                .fit(List.of(score(4, List.of(Part.of("p", 0, List.of(new Note(60, 80, 0, 4)))))), Options.of(Map.of("framesPerQuarter", "1")));
        TokenizerState state = TokenizerState.of(fitted);
        Tokenizer<Score> restored = new PianoRollTokenizerProvider().restore(state.config(), state.vocabulary());
        assertEquals(fitted, restored);
        assertEquals(89, restored.vocabulary().size());
        assertEquals("1", restored.config().get("framesPerQuarter"));
    }

    @Test
    void everyRealPianoFileFitsOnTheKeyboardAndItsRollRoundTripsThroughNotes() throws IOException {
        Corpus corpus = RealCorpus.require(Corpus.MIDI_PIANO);
        PianoRollTokenizer t = new PianoRollTokenizer();
        int files = 0;
        for (Path p : corpus.midiFiles("piano")) {
            float[][] f = t.frames(MidiReader.read(p));
            assertTrue(f.length > 100, p + " has " + f.length + " frames");
            float[][] back = t.frames(t.score(f));
            assertEquals(f.length, back.length, p.toString());
            for (int i = 0; i < f.length; i++) assertArrayEquals(f[i], back[i], p + " frame " + i);
            files++;
        }
        assertEquals(30, files);
    }
}
