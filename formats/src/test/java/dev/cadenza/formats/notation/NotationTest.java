package dev.cadenza.formats.notation;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.testkit.MusicFixtures;
import dev.cadenza.testkit.RealCorpus;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key finding, spelling and beat splitting on known answers. */
class NotationTest {
    private static final int Q = 480;

    private static Part line(int... pitches) {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < pitches.length; i++) notes.add(new Note(pitches[i], 80, (long) i * Q, Q));
        return Part.of("line", 0, notes);
    }

    private static Part chords(int[][] chords) {
        List<Note> notes = new ArrayList<>();
        for (int c = 0; c < chords.length; c++)
            for (int p : chords[c]) notes.add(new Note(p, 80, (long) c * Q, c == chords.length - 1 ? 2 * Q : Q));
        return Part.of("chords", 0, notes);
    }

    private static String key(Part... parts) {
        KeySignature k = KeyFinder.estimate(List.of(parts));
        return k.fifths() + " " + k.mode();
    }

    @Test
    void scalesAndCadencesInEveryKey() {
        assertEquals("0 major", key(line(60, 62, 64, 65, 67, 69, 71, 72, 67, 60)));
        assertEquals("0 minor", key(line(57, 59, 60, 62, 64, 65, 68, 69, 64, 57))); // A harmonic minor
        for (int tonic = 0; tonic < 12; tonic++) {
            int t = 48 + tonic;
            // I IV V7 I in major; i iv V i with the leading tone in minor
            String major = key(chords(new int[][] {{t, t + 4, t + 7}, {t + 5, t + 9, t + 12}, {t + 7, t + 11, t + 14, t + 17}, {t, t + 4, t + 7}}));
            String minor = key(chords(new int[][] {{t, t + 3, t + 7}, {t + 5, t + 8, t + 12}, {t + 7, t + 11, t + 14}, {t, t + 3, t + 7}}));
            assertEquals(KeyFinder.key(tonic, false).fifths() + " major", major, "tonic " + tonic);
            assertEquals(KeyFinder.key(tonic, true).fifths() + " minor", minor, "tonic " + tonic);
        }
        assertEquals(-5, KeyFinder.key(1, false).fifths()); // Db, not C#
        assertEquals(4, KeyFinder.key(1, true).fifths()); // C# minor
    }

    @Test
    void theFixtureChoralesAreInTheirKeys() {
        List<String> found = new ArrayList<>();
        for (int[][] rows : MusicFixtures.chorales()) {
            List<Part> parts = new ArrayList<>();
            for (int v = 0; v < 4; v++) {
                List<Note> notes = new ArrayList<>();
                for (int r = 0; r < rows.length; r++) if (rows[r][v] != 0) notes.add(new Note(rows[r][v], 80, r, 1));
                parts.add(Part.of("v" + v, 0, notes));
            }
            KeySignature k = KeyFinder.estimate(parts);
            found.add(k.fifths() + " " + k.mode());
        }
        assertEquals(List.of("0 major", "1 major", "-1 major", "2 major"), found); // C, G, F, D
    }

    /**
     * The piano corpus's own key signatures: the estimate has the file's signature in at least 80% of the pieces. Their
     * mode byte is not compared: these files call C minor, A minor and C sharp minor pieces major.
     */
    @Test
    void pianoPiecesHaveTheSignatureTheirFilesGive() throws Exception {
        List<Path> files = RealCorpus.require(Corpus.MIDI_PIANO).midiFiles("piano");
        int same = 0;
        List<String> differ = new ArrayList<>();
        for (Path f : files) {
            Score s = MidiReader.read(f);
            KeySignature file = s.keySignatures().get(0), found = KeyFinder.estimate(s.parts());
            if (file.fifths() == found.fifths()) same++;
            else differ.add(f.getFileName() + ": file " + file.fifths() + ", found " + found.fifths() + " " + found.mode());
        }
        System.out.println("KeyFinder: the piano corpus's signature in " + same + " of " + files.size() + " pieces; others: " + differ);
        assertTrue(same >= 0.8 * files.size(), same + " of " + files.size() + ": " + differ);
        // known minor pieces whose files say major
        for (String[] known : new String[][] {{"bach_847.mid", "-3 minor"}, {"elise.mid", "0 minor"}, {"mond_1.mid", "4 minor"},
                {"chpn-p20.mid", "-3 minor"}}) {
            Score s = MidiReader.read(files.stream().filter(p -> p.getFileName().toString().equals(known[0])).findFirst().orElseThrow());
            KeySignature k = KeyFinder.estimate(s.parts());
            assertEquals(known[1], k.fifths() + " " + k.mode(), known[0]);
        }
    }

    private static String spell(int midi, int fifths, String mode) {
        Spelling s = Spelling.of(midi, new KeySignature(0, fifths, mode));
        String alter = switch (s.alter()) { case 2 -> "##"; case 1 -> "#"; case -1 -> "b"; case -2 -> "bb"; default -> ""; };
        assertEquals(midi, s.midi());
        return s.step() + alter + s.octave();
    }

    @Test
    void pitchesAreSpelledAsTheKeyWantsThem() {
        assertEquals(List.of("C#4", "Eb4", "F#4", "G#4", "Bb4"), List.of(61, 63, 66, 68, 70).stream().map(p -> spell(p, 0, "major")).toList());
        assertEquals(List.of("G#4", "F#4", "D#4", "Bb4"), List.of(68, 66, 63, 70).stream().map(p -> spell(p, 0, "minor")).toList());
        assertEquals(List.of("C#4", "Bb4", "E4"), List.of(61, 70, 64).stream().map(p -> spell(p, -1, "minor")).toList());
        assertEquals(List.of("Db4", "Gb4", "Ab4", "A4"), List.of(61, 66, 68, 69).stream().map(p -> spell(p, -3, "major")).toList());
        assertEquals(List.of("E#4", "B#3", "D#5"), List.of(65, 60, 75).stream().map(p -> spell(p, 5, "major")).toList());
        assertEquals(List.of(1, 0, 0, 1, 0, 0, 0), java.util.Arrays.stream(Spelling.signature(2)).boxed().toList()); // F# C#
        assertEquals(List.of(0, 0, -1, 0, 0, -1, -1), java.util.Arrays.stream(Spelling.signature(-3)).boxed().toList()); // Bb Eb Ab
    }

    private static List<Long> split(int numerator, int denominator, long start, long end) {
        return MeterBeats.of(new TimeSignature(0, numerator, denominator), Q).split(start, end);
    }

    @Test
    void notesAreSplitWhereTheyHideABeat() {
        // 4/4: a whole bar, a half on beat 2 (tied at the middle), dotted quarters on beats 1 and 3 but not on 2
        assertEquals(List.of(1920L), split(4, 4, 0, 1920));
        assertEquals(List.of(480L, 480L), split(4, 4, 480, 1440));
        assertEquals(List.of(720L), split(4, 4, 0, 720));
        assertEquals(List.of(720L), split(4, 4, 960, 1680));
        assertEquals(List.of(480L, 240L), split(4, 4, 480, 1200));
        assertEquals(List.of(240L, 240L), split(4, 4, 240, 720)); // a quarter off the beat is tied at the beat
        assertEquals(List.of(960L, 720L), split(4, 4, 0, 1680)); // no double dots
        assertEquals(List.of(240L), split(4, 4, 120, 360)); // inside a beat: 16th, 8th, 16th
        assertEquals(List.of(180L, 240L), split(4, 4, 60, 480)); // seven 32nds from the second: at the half beat
        // 3/4 and 2/2
        assertEquals(List.of(960L), split(3, 4, 480, 1440));
        assertEquals(List.of(1440L), split(2, 2, 0, 1440));
        // compound: 6/8 and 12/8 beat in dotted quarters
        assertEquals(List.of(720L, 240L), split(6, 8, 0, 960));
        assertEquals(List.of(1440L), split(6, 8, 0, 1440));
        assertEquals(List.of(240L, 240L), split(6, 8, 480, 960));
        assertEquals(List.of(720L, 720L), split(12, 8, 720, 2160));
        // 5/8 beats 2+3; triplets; a performed length inside a beat stays whole
        assertEquals(List.of(480L, 720L), split(5, 8, 0, 1200));
        assertEquals(List.of(160L), split(2, 4, 0, 160));
        assertEquals(List.of(160L, 160L), split(2, 4, 320, 640));
        assertEquals(List.of(456L), split(4, 4, 0, 456));
        assertTrue(MeterBeats.of(new TimeSignature(0, 6, 8), Q).onBeat(720));
    }

    private static List<Note> tune(long[][] noteLengths) {
        List<Note> notes = new ArrayList<>();
        long at = 0;
        for (long[] n : noteLengths) {
            notes.add(new Note((int) n[0], 80, at, n[1]));
            at += n[1];
        }
        return notes;
    }

    @Test
    void pickupsAreFoundFromBarLinesAndChordSymbols() {
        long e = Q / 2;
        TimeSignature fourFour = new TimeSignature(0, 4, 4), sixEight = new TimeSignature(0, 6, 8);
        // a reel "A|d2e fed|e2d cAG|A4 F2E2|D4 z2": the quarters cross bar lines unless the bars start an eighth in
        List<Note> reel = tune(new long[][] {{69, e}, {74, 2 * e}, {76, e}, {78, e}, {76, e}, {74, e}, {76, 2 * e}, {74, e},
                {72, e}, {69, e}, {67, e}, {69, 4 * e}, {66, 2 * e}, {64, 2 * e}, {62, 4 * e}});
        assertEquals(e, Anacrusis.of(reel, fourFour, Q));
        // the same notes from the downbeat: no pickup
        List<Note> noPickup = reel.subList(1, reel.size()).stream().map(n -> new Note(n.pitch(), 80, n.onset() - e, n.duration())).toList();
        assertEquals(0, Anacrusis.of(noPickup, fourFour, Q));
        // a jig of eighths fits any bar lines: the chord symbols, on the downbeats, place them ("f|"A"ecc c2f|...)
        List<Note> jig = tune(new long[][] {{78, e}, {76, e}, {73, e}, {73, e}, {73, 2 * e}, {78, e}, {76, e}, {73, e}, {73, e},
                {73, 2 * e}, {78, e}});
        assertEquals(0, Anacrusis.of(jig, sixEight, Q));
        assertEquals(e, Anacrusis.of(jig, List.of(e, e + 6 * e), sixEight, Q));
    }
}
