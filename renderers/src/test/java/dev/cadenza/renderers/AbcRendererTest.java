package dev.cadenza.renderers;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ABC text checked by abc2midi: it must accept the tune and play back the same pitches at the same times. */
class AbcRendererTest {
    @TempDir
    Path tmp;

    static String render(Score score) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AbcRenderer().render(score, out, Map.of());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Note-ons as "pitch@quarters" in time order, of every channel. */
    private static List<String> noteOns(Sequence seq) {
        List<long[]> ons = new ArrayList<>();
        for (Track t : seq.getTracks())
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0)
                    ons.add(new long[] {e.getTick(), m.getData1()});
            }
        ons.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        // abc2midi starts one tick late and strikes chord notes 10 ticks (of 480) apart: compare on a 32nd-note grid,
        // which every test score keeps to.
        List<String> out = new ArrayList<>();
        for (long[] o : ons) out.add(o[1] + "@" + Math.floor(8.0 * o[0] / seq.getResolution()) / 8.0);
        out.sort(null);
        return out;
    }

    private static List<String> expectedOns(Score s) {
        List<long[]> ons = new ArrayList<>();
        for (Part p : s.parts()) if (!p.drums()) for (Note n : p.notes()) ons.add(new long[] {n.onset(), n.pitch()});
        ons.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        List<String> out = new ArrayList<>();
        for (long[] o : ons) out.add(o[1] + "@" + Math.floor(8.0 * o[0] / s.ticksPerQuarter()) / 8.0);
        out.sort(null);
        return out;
    }

    /**
     * abc2midi accepts the tune without errors or warnings and its MIDI, without the accompaniment it makes from
     * chord symbols, has the score's note-ons. Returns the note-ons with that accompaniment.
     */
    private List<String> assertAbc2midiPlays(Score score, String name) throws Exception {
        Path abc2midi = ExternalTool.require("abc2midi", "abcmidi");
        String text = render(score);
        Path abc = tmp.resolve(name + ".abc"), mid = tmp.resolve(name + ".mid"), full = tmp.resolve(name + "-full.mid");
        Files.writeString(abc, text);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of(), 60, abc2midi.toString(), abc.toString(), "-NGUI", "-o", mid.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("Error") || r.output().contains("Warning"), "abc2midi complained:\n" + r.output() + "\n" + text);
        assertEquals(expectedOns(score), noteOns(MidiSystem.getSequence(mid.toFile())), text);
        r = ExternalTool.run(tmp, Map.of(), 60, abc2midi.toString(), abc.toString(), "-o", full.toString());
        assertEquals(0, r.exitCode(), r.output());
        return noteOns(MidiSystem.getSequence(full.toFile()));
    }

    @Test
    void scaleAndHeader() throws Exception {
        String abc = render(TestScores.cMajorScale());
        assertTrue(abc.startsWith("X:1\nT:C major scale\nM:4/4\nL:1/8\nQ:1/4=120\nK:C\n"), abc);
        assertTrue(abc.contains("C2D2E2F2|G2A2B2c2|]"), abc);
        assertAbc2midiPlays(TestScores.cMajorScale(), "scale");
    }

    @Test
    void chordsWithKeyRelativeAccidentals() throws Exception {
        String abc = render(TestScores.chordsInThreeFour());
        assertTrue(abc.contains("K:F\n") && abc.contains("[B,6D6F6]"), "B flat needs no accidental in F: " + abc);
        assertAbc2midiPlays(TestScores.chordsInThreeFour(), "chords");
    }

    @Test
    void sixEightTwoVoicesTiesAndRests() throws Exception {
        Score s = TestScores.twoPartsWithDrumsSixEight();
        String abc = render(s);
        assertTrue(abc.contains("V:2") && abc.contains("-|"), "two voices and a tie over the bar: " + abc);
        assertAbc2midiPlays(s.withParts(s.parts().subList(0, 2)), "six-eight");
    }

    @Test
    void chordSymbolsAccidentalsInTheBarAndModes() throws Exception {
        int tpq = 480;
        // G dorian (one flat): B natural needs a sign, carries through the bar, and B flat then needs one again.
        List<Note> tune = List.of(new Note(62, 90, 0, 480), new Note(71, 90, 480, 240), new Note(71, 90, 720, 240),
                new Note(70, 90, 960, 960), new Note(74, 90, 1920, 1920));
        Score s = new Score("Modal", tpq, List.of(Part.of("Fiddle", 40, tune)), List.of(TempoChange.bpm(0, 100)),
                List.of(new TimeSignature(0, 4, 4)), List.of(new KeySignature(0, -1, "dorian")),
                List.of(new Annotation(0, Annotation.Kind.CHORD_SYMBOL, "Dm"), new Annotation(1440, Annotation.Kind.CHORD_SYMBOL, "C"),
                        new Annotation(1920, Annotation.Kind.CHORD_SYMBOL, "Dm")), Map.of());
        String abc = render(s);
        // fifths -1 dorian is G dorian (one flat)
        assertTrue(abc.contains("K:G dor\n"), abc);
        assertTrue(abc.contains("\"Dm\"D2=BB_B2-\"C\"B2|\"Dm\"d8|]"), abc);
        List<String> withChords = assertAbc2midiPlays(s, "modal");
        // abc2midi understood the symbols: its accompaniment plays D minor (D, F, A) and C major (C, E, G) chords.
        assertTrue(withChords.containsAll(List.of("50@1.0", "53@1.0", "57@1.0", "48@3.0", "52@3.0", "55@3.0")), withChords.toString());
    }

    @Test
    void bachChoraleInFourVoices() throws Exception {
        assertAbc2midiPlays(TestScores.chorale("test", 306), "chorale");
    }

    @Test
    void optionsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AbcRenderer().render(TestScores.cMajorScale(), new ByteArrayOutputStream(), Map.of("L", "1/4")));
        assertTrue(e.getMessage().contains("'L'") || e.getMessage().contains("[L]"), e.getMessage());
    }
}
