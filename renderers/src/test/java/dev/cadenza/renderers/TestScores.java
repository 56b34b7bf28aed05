package dev.cadenza.renderers;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Scores built in code for the renderer tests, and a JSB chorale from the shared corpus as a 4-part score. */
final class TestScores {
    static final int TPQ = 480;

    private TestScores() {}

    /** C major scale C4..C5 in quarter notes, 4/4, 120 bpm, one piano part: two full bars. */
    static Score cMajorScale() {
        int[] pitches = {60, 62, 64, 65, 67, 69, 71, 72};
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < pitches.length; i++) notes.add(new Note(pitches[i], 90, (long) i * TPQ, TPQ));
        return Score.of("C major scale", TPQ, 120, new TimeSignature(0, 4, 4), List.of(Part.of("Piano", 0, notes)));
    }

    /** One A4 held for {@code seconds} at 120 bpm. */
    static Score sustainedA4(double seconds) {
        long ticks = Math.round(seconds * 2 * TPQ);
        return Score.of("A4", TPQ, 120, new TimeSignature(0, 4, 4),
                List.of(Part.of("Flute", 73, List.of(new Note(69, 100, 0, ticks)))));
    }

    /** Block chords (I-IV-V-I, half notes), in F major, 3/4 with a dotted half each: four bars. */
    static Score chordsInThreeFour() {
        int[][] chords = {{53, 57, 60}, {58, 62, 65}, {60, 64, 67, 70}, {53, 57, 60, 65}};
        List<Note> notes = new ArrayList<>();
        for (int c = 0; c < chords.length; c++)
            for (int p : chords[c]) notes.add(new Note(p, 80, (long) c * 3 * TPQ, 3L * TPQ));
        return new Score("Chords in 3/4", TPQ, List.of(Part.of("Strings", 48, notes)), List.of(TempoChange.bpm(0, 90)),
                List.of(new TimeSignature(0, 3, 4)), List.of(new KeySignature(0, -1, "major")), List.of(), Map.of());
    }

    /**
     * Two pitched parts and a drum part in 6/8: a melody with a note tied over the bar line, a bass with a rest, and
     * drums (kick, snare, closed hi-hat) on channel 10. Two bars.
     */
    static Score twoPartsWithDrumsSixEight() {
        long e = TPQ / 2; // eighth note
        List<Note> melody = List.of(
                new Note(76, 100, 0, 3 * e), new Note(74, 100, 3 * e, e), new Note(72, 100, 4 * e, 4 * e), // tied over bar
                new Note(71, 100, 8 * e, e), new Note(72, 100, 9 * e, 3 * e));
        List<Note> bass = List.of(new Note(48, 90, 0, 6 * e), new Note(43, 90, 9 * e, 3 * e)); // rest at 6e..9e
        List<Note> drums = new ArrayList<>();
        for (int bar = 0; bar < 2; bar++) {
            long at = bar * 6 * e;
            drums.add(new Note(36, 110, at, e));
            drums.add(new Note(38, 100, at + 3 * e, e));
            for (int i = 0; i < 6; i++) drums.add(new Note(42, 70, at + i * e, e / 2));
        }
        Part drumPart = new Part("Drums", 0, Part.DRUM_CHANNEL, true, drums, List.of(), List.of());
        return new Score("Two parts and drums", TPQ,
                List.of(Part.of("Flute", 73, melody), Part.of("Bass", 32, bass), drumPart),
                List.of(TempoChange.bpm(0, 100)), List.of(new TimeSignature(0, 6, 8)),
                List.of(new KeySignature(0, 0, "major")), List.of(), Map.of());
    }

    /** Overlapping notes in one part: a held bass under a moving melody, plus a note held across two bars. */
    static Score overlappingVoices() {
        List<Note> notes = List.of(
                new Note(48, 80, 0, 4L * TPQ),                       // whole-note bass under...
                new Note(67, 90, 0, TPQ), new Note(69, 90, TPQ, TPQ),  // ...a melody
                new Note(71, 90, 2L * TPQ, TPQ / 2), new Note(72, 90, 5L * TPQ / 2, 3L * TPQ / 2 + 2L * TPQ), // tied over bar
                new Note(64, 80, 2L * TPQ, 2L * TPQ), new Note(60, 80, 2L * TPQ, 2L * TPQ)); // a chord in a third voice
        return Score.of("Voices", TPQ, 96, new TimeSignature(0, 4, 4), List.of(Part.of("Piano", 0, notes)));
    }

    /** A chorale CSV of the shared corpus (one row per sixteenth, columns soprano..bass, 0 = silent) as 4 parts. */
    static Score chorale(String split, int number) throws IOException {
        Path csv = RealCorpus.require(Corpus.JSB_CHORALES).root().resolve("jsb_chorales").resolve(split)
                .resolve(String.format("chorale_%03d.csv", number));
        List<String> lines = Files.readAllLines(csv);
        int[][] rows = new int[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            rows[i - 1] = new int[4];
            for (int v = 0; v < 4; v++) rows[i - 1][v] = Integer.parseInt(cells[v].trim());
        }
        String[] names = {"Soprano", "Alto", "Tenor", "Bass"};
        int sixteenth = TPQ / 4;
        List<Part> parts = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            List<Note> notes = new ArrayList<>();
            int r = 0;
            while (r < rows.length) {
                int pitch = rows[r][v];
                int s = r;
                // Held and re-struck notes look the same in the CSV; like the chorale recipes, a run is one note.
                while (r < rows.length && rows[r][v] == pitch) r++;
                if (pitch > 0) notes.add(new Note(pitch, 80, (long) s * sixteenth, (long) (r - s) * sixteenth));
            }
            parts.add(Part.of(names[v], 52, notes));
        }
        return new Score("Chorale " + number, TPQ, parts, List.of(TempoChange.bpm(0, 80)),
                List.of(new TimeSignature(0, 4, 4)), List.of(), List.of(), Map.of());
    }

    /**
     * A chorale as a sampling model writes it (issue 12): four voices in A major / F sharp minor on a sixteenth grid, with
     * no key signature, and the raw frame lengths of a model that holds notes for any number of frames (7, 5, 3
     * sixteenths, starting anywhere). Four bars of 4/4, seeded so it is always the same.
     */
    static Score generatedChorale() {
        java.util.Random random = new java.util.Random(12);
        int[] scale = {57, 59, 61, 62, 64, 66, 68, 69, 71, 73, 74, 76, 78, 80, 81}; // A major from A3
        int[][] ranges = {{7, 14}, {4, 10}, {0, 7}, {0, 5}}; // scale degrees each voice moves in
        String[] names = {"Soprano", "Alto", "Tenor", "Bass"};
        int tpq = 4; // frames of a sixteenth
        List<Part> parts = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            List<Note> notes = new ArrayList<>();
            long at = 0;
            int degree = (ranges[v][0] + ranges[v][1]) / 2;
            while (at < 16 * tpq) {
                long length = Math.min(16L * tpq - at, 1 + random.nextInt(8));
                degree = Math.max(ranges[v][0], Math.min(ranges[v][1], degree + random.nextInt(5) - 2));
                notes.add(new Note(scale[degree] - (v == 3 ? 12 : 0), 80, at, length));
                at += length;
            }
            parts.add(Part.of(names[v], 0, notes));
        }
        return new Score("Generated chorale", tpq, parts, List.of(TempoChange.bpm(0, 80)), List.of(new TimeSignature(0, 4, 4)),
                List.of(), List.of(), Map.of());
    }
}
