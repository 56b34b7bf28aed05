package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

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

/** ABC text checked by abc2midi: it must accept the tune and play back the part's pitches at the same times. */
class AbcRendererTest {
    @TempDir
    Path tmp;

    static String render(Score score, Map<String, String> options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AbcRenderer().render(score, out, Options.of(options));
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Note-ons as "pitch@quarters", sorted. abc2midi starts one tick late and strikes chord notes 10 ticks (of 480)
     * apart, so times are compared on a 32nd-note grid, which every test score keeps to.
     */
    private static List<String> noteOns(Sequence seq) {
        List<String> out = new ArrayList<>();
        for (Track t : seq.getTracks())
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0)
                    out.add(m.getData1() + "@" + Math.floor(8.0 * e.getTick() / seq.getResolution()) / 8.0);
            }
        out.sort(null);
        return out;
    }

    private static List<String> expectedOns(Score s, int pitchedPart) {
        List<String> out = new ArrayList<>();
        Part p = s.parts().stream().filter(q -> !q.drums()).toList().get(pitchedPart);
        for (Note n : p.notes()) out.add(n.pitch() + "@" + Math.floor(8.0 * n.onset() / s.ticksPerQuarter()) / 8.0);
        out.sort(null);
        return out;
    }

    /**
     * abc2midi accepts the tune without errors or warnings and its MIDI, without the accompaniment it makes from
     * chord symbols, has the part's note-ons. Returns the note-ons with that accompaniment.
     */
    private List<String> assertAbc2midiPlays(Score score, int part, String name) throws Exception {
        Path abc2midi = ExternalTool.require("abc2midi", "abcmidi");
        String text = render(score, Map.of("part", String.valueOf(part)));
        Path abc = tmp.resolve(name + ".abc"), mid = tmp.resolve(name + ".mid"), full = tmp.resolve(name + "-full.mid");
        Files.writeString(abc, text);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of(), 60, abc2midi.toString(), abc.toString(), "-NGUI", "-o", mid.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("Error") || r.output().contains("Warning"), "abc2midi complained:\n" + r.output() + "\n" + text);
        assertEquals(expectedOns(score, part), noteOns(MidiSystem.getSequence(mid.toFile())), text);
        r = ExternalTool.run(tmp, Map.of(), 60, abc2midi.toString(), abc.toString(), "-o", full.toString());
        assertEquals(0, r.exitCode(), r.output());
        return noteOns(MidiSystem.getSequence(full.toFile()));
    }

    @Test
    void scaleAndHeader() throws Exception {
        String abc = render(TestScores.cMajorScale(), Map.of());
        assertTrue(abc.startsWith("X:1\n") && abc.contains("\nT:C major scale\n") && abc.contains("\nM:4/4\n")
                && abc.contains("\nK:C"), abc);
        assertAbc2midiPlays(TestScores.cMajorScale(), 0, "scale");
    }

    @Test
    void chordsInAFlatKey() throws Exception {
        assertAbc2midiPlays(TestScores.chordsInThreeFour(), 0, "chords");
    }

    @Test
    void sixEightEachPartWithTiesAndRests() throws Exception {
        Score s = TestScores.twoPartsWithDrumsSixEight();
        assertAbc2midiPlays(s, 0, "six-eight-flute");
        assertAbc2midiPlays(s, 1, "six-eight-bass");
    }

    @Test
    void chordSymbolsAndAccidentalsInAModalKey() throws Exception {
        // G dorian (one flat): B natural needs a sign, and B flat later in the bar needs one again.
        List<Note> tune = List.of(new Note(62, 90, 0, 480), new Note(71, 90, 480, 240), new Note(71, 90, 720, 240),
                new Note(70, 90, 960, 960), new Note(74, 90, 1920, 1920));
        Score s = new Score("Modal", 480, List.of(Part.of("Fiddle", 40, tune)), List.of(TempoChange.bpm(0, 100)),
                List.of(new TimeSignature(0, 4, 4)), List.of(new KeySignature(0, -1, "dorian")),
                List.of(new Annotation(0, Annotation.Kind.CHORD_SYMBOL, "Dm"), new Annotation(1440, Annotation.Kind.CHORD_SYMBOL, "C"),
                        new Annotation(1920, Annotation.Kind.CHORD_SYMBOL, "Dm")), Map.of());
        List<String> withChords = assertAbc2midiPlays(s, 0, "modal");
        // abc2midi understood the symbols: its accompaniment plays D minor (D, F, A) and C major (C, E, G) chords.
        assertTrue(withChords.containsAll(List.of("50@1.0", "53@1.0", "57@1.0", "48@3.0", "52@3.0", "55@3.0")), withChords.toString());
    }

    @Test
    void everyVoiceOfABachChorale() throws Exception {
        Score chorale = TestScores.chorale("test", 306);
        for (int v = 0; v < 4; v++) assertAbc2midiPlays(chorale, v, "chorale-" + v);
    }

    @Test
    void performedTimingIsQuantizedOnRequest() throws Exception {
        Score exact = TestScores.cMajorScale();
        long[] jitter = {0, 13, -9, 21, -17, 5, 30, -24};
        List<Note> played = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Note n = exact.parts().get(0).notes().get(i);
            played.add(new Note(n.pitch(), n.velocity(), Math.max(0, n.onset() + jitter[i]), 470 + jitter[7 - i]));
        }
        Score performed = exact.withParts(List.of(exact.parts().get(0).withNotes(played)));
        assertEquals(render(exact, Map.of()).replace("T:C major scale", ""),
                render(performed, Map.of("quantize", "16")).replace("T:C major scale", ""));
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(TestScores.cMajorScale(), Map.of("L", "1/4")));
        assertTrue(e.getMessage().contains("unknown option L for the 'abc' renderer; known options: bars-per-line"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render(TestScores.cMajorScale(), Map.of("part", "1")));
        assertTrue(e.getMessage().contains("part"), e.getMessage());
    }

    /**
     * Issue 12 in ABC: a generated chorale (no key, raw frame lengths) becomes four voices in the key heard in it (A
     * major), with its rhythms split at the beats, which abc2midi plays note for note and abcm2ps engraves without error.
     */
    @Test
    void aGeneratedChoraleBecomesFourVoicesInItsKey() throws Exception {
        Score s = TestScores.generatedChorale();
        String abc = render(s, Map.of());
        assertTrue(abc.contains("\nK:A\n") && abc.contains("V:4 name=\"Bass\" clef=bass"), abc);
        assertTrue(!abc.contains("_"), "no flats in A major: " + abc);
        Path abc2midi = ExternalTool.require("abc2midi", "abcmidi");
        Path file = tmp.resolve("generated.abc"), mid = tmp.resolve("generated.mid");
        Files.writeString(file, abc);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of(), 60, abc2midi.toString(), file.toString(), "-NGUI", "-o", mid.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().contains("Error"), r.output());
        List<String> expected = new ArrayList<>();
        for (int v = 0; v < 4; v++) expected.addAll(expectedOns(s, v));
        expected.sort(null);
        assertEquals(expected, noteOns(MidiSystem.getSequence(mid.toFile())), abc);
        Path abcm2ps = ExternalTool.require("abcm2ps", "abcm2ps");
        r = ExternalTool.run(tmp, Map.of(), 60, abcm2ps.toString(), "-O", tmp.resolve("generated.ps").toString(), file.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertFalse(r.output().toLowerCase(java.util.Locale.ROOT).contains("error"), r.output());
    }
}
