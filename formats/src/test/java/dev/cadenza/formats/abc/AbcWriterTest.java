package dev.cadenza.formats.abc;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbcWriterTest {
    private static AbcBook irish() throws IOException {
        return AbcReader.readBook(RealCorpus.require(Corpus.IRISH).root().resolve("abc/irish.abc"));
    }

    @Test
    void irishTunesRoundTripThroughText() throws IOException {
        AbcBook book = irish();
        for (AbcBook.Entry e : book.tunes()) {
            String text = AbcWriter.write(e.score());
            Score back = AbcReader.read(text, "written " + e.tune().number());
            assertEquals(e.score().parts().get(0).notes(), back.parts().get(0).notes(), () -> e.tune().title() + "\n" + text);
            assertEquals(e.score().title(), back.title());
            assertEquals(e.score().keySignatures(), back.keySignatures(), () -> e.tune().title() + "\n" + text);
            assertEquals(e.score().annotations(), back.annotations(), () -> e.tune().title() + "\n" + text);
            assertEquals(e.score().tempos(), back.tempos());
        }
        assertEquals(803, book.tunes().size());
    }

    @Test
    void nottinghamChordSymbolsMetersAndChordsRoundTrip() throws IOException {
        AbcBook book = AbcReader.readBook(RealCorpus.require(Corpus.NOTTINGHAM).root().resolve("abc/nottingham/ashover.abc"));
        for (AbcBook.Entry e : book.tunes()) {
            String text = AbcWriter.write(e.score());
            Score back = AbcReader.read(text);
            assertEquals(e.score().parts().get(0).notes(), back.parts().get(0).notes(), () -> e.tune().title() + "\n" + text);
            assertEquals(e.score().annotations(), back.annotations(), () -> e.tune().title() + "\n" + text);
            assertEquals(e.score().timeSignatures(), back.timeSignatures(), () -> e.tune().title() + "\n" + text);
        }
    }

    @Test
    void writesHeaderAccidentalsTiesAndRests() throws Exception {
        int q = 480;
        List<Note> notes = List.of(
                new Note(66, 80, 0, q),            // F# in G: no accidental
                new Note(65, 80, q, q / 2),        // F natural: =F
                new Note(66, 80, 3 * q / 2, q / 2), // F# again in the same bar: written ^F (beamed with =F in its beat)
                new Note(70, 80, 2 * q, q),        // Bb: in A dorian a flat B, as musicians spell it
                new Note(72, 80, 4 * q, 2 * q),    // after a quarter rest, across the bar line: tied
                new Note(48, 80, 6 * q, q / 3), new Note(84, 80, 6 * q + q / 3, q / 3), new Note(59, 80, 6 * q + 2 * q / 3, q / 3));
        Score s = new Score("Test \"tune\"", q, List.of(Part.of("melody", 0, notes)), List.of(TempoChange.bpm(0, 90)),
                List.of(new TimeSignature(0, 5, 4)), List.of(new KeySignature(0, 1, "dorian")),
                List.of(new Annotation(0, Annotation.Kind.CHORD_SYMBOL, "Am", 0), new Annotation(4 * q, Annotation.Kind.TEXT, "Coda", 0)), Map.of());
        String abc = AbcWriter.write(s, new AbcWriter.Options(7, 4, 0, 0));
        assertTrue(abc.startsWith("X:7\nT:Test \"tune\"\nM:5/4\nL:1/8\nQ:1/4=90\nK:ADor\n"), abc);
        // the bar is filled with rests; three triplet notes on a beat are one (3 group
        assertTrue(abc.contains("\"Am\"F2 =F^F _B2 z2 \"^Coda\"c2-|c2 (3C,c'B, z6|]"), abc);
        Score back = AbcReader.read(abc);
        assertEquals(notes, back.parts().get(0).notes());
        assertEquals(s.annotations(), back.annotations());
        assertEquals(s.tempos(), back.tempos());
    }

    @Test
    void gridRoundsUnquantizedTimesToNotation() throws Exception {
        // a played phrase at 220 ticks per quarter: slightly early and late notes
        List<Note> played = List.of(new Note(60, 90, 3, 105), new Note(62, 90, 108, 117), new Note(64, 90, 221, 436),
                new Note(65, 90, 660, 71), new Note(67, 90, 733, 75), new Note(69, 90, 806, 74));
        Score s = Score.of("played", 220, 100, new TimeSignature(0, 4, 4), List.of(Part.of("p", 0, played)));
        String abc = AbcWriter.write(s, AbcWriter.Options.DEFAULT.withGrid(12));
        // the half note on beat two is tied at the middle of the bar, as engravers write it
        assertTrue(abc.contains("CD E2- E2 (3=FGA|]"), abc);
        Score back = AbcReader.read(abc);
        assertEquals(List.of(0L, 240L, 480L, 1440L, 1600L, 1760L),
                back.parts().get(0).notes().stream().map(Note::onset).toList());
        assertEquals(List.of(240L, 240L, 960L, 160L, 160L, 160L),
                back.parts().get(0).notes().stream().map(Note::duration).toList());
        assertThrows(IllegalArgumentException.class, () -> AbcWriter.Options.DEFAULT.withGrid(-1));
    }

    @Test
    void keyNamesForEveryMode() throws Exception {
        assertEquals("G", AbcWriter.keyName(new KeySignature(0, 1, "major")));
        assertEquals("Em", AbcWriter.keyName(new KeySignature(0, 1, "minor")));
        assertEquals("DMix", AbcWriter.keyName(new KeySignature(0, 1, "mixolydian")));
        assertEquals("Bb", AbcWriter.keyName(new KeySignature(0, -2, "major")));
        assertEquals("C#m", AbcWriter.keyName(new KeySignature(0, 4, "minor")));
        assertEquals("Cb", AbcWriter.keyName(new KeySignature(0, -7, "major")));
        assertEquals("FLyd", AbcWriter.keyName(new KeySignature(0, 0, "lydian")));
    }

    @Test
    void overlappingNotesOfOnePartBecomeOverlaysAndStayExact() throws Exception {
        List<Note> notes = List.of(new Note(60, 80, 0, 960), new Note(64, 80, 0, 480), new Note(67, 80, 240, 480));
        Score s = Score.of("poly", 480, 120, new TimeSignature(0, 4, 4), List.of(Part.of("melody", 0, notes)));
        String abc = AbcWriter.write(s);
        // the voice and two overlays, each filled to the bar line (x: invisible rests); G is tied at the beat
        assertTrue(abc.endsWith("K:C\nE2 z2 z4 & C4 x4 & xG- Gx x4|]\n"), abc);
        Score back = AbcReader.read(abc);
        assertEquals(notes, back.parts().get(0).notes());
    }

    @Test
    void abc2midiPlaysWrittenTunesAsWeRead(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Abc2Midi.available(), "abc2midi is not installed (apt-get install abcmidi): check skipped");
        AbcBook book = irish();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> results = new ArrayList<>();
        int n = 0;
        for (AbcBook.Entry e : book.tunes()) {
            int id = n++;
            results.add(pool.submit(() -> {
                String diff = AbcReaderAbc2MidiTest.compare(e.score(), Abc2Midi.notes(AbcWriter.write(e.score()), dir, "w" + id));
                return diff == null ? null : e.tune().title() + ": " + diff;
            }));
        }
        List<String> differ = new ArrayList<>();
        for (Future<String> f : results) if (f.get() != null) differ.add(f.get());
        pool.shutdown();
        assertEquals(List.of(), differ);
    }

    /** A chorale CSV as a score, the way tokenizers' ChoraleArpeggioTokenizer.toScore does: a sixteenth per row. */
    static Score chorale(int[][] rows, String title) {
        String[] names = {"Soprano", "Alto", "Tenor", "Bass"};
        List<Part> parts = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            List<Note> notes = new ArrayList<>();
            int r = 0;
            while (r < rows.length) {
                int p = rows[r][v], start = r;
                while (r < rows.length && rows[r][v] == p) r++;
                if (p != 0) notes.add(new Note(p, 80, start, r - start));
            }
            parts.add(Part.of(names[v], 0, notes));
        }
        return new Score(title, 4, parts, List.of(TempoChange.bpm(0, 100)), List.of(new TimeSignature(0, 4, 4)), List.of(),
                List.of(), Map.of());
    }

    /** Each part's notes as (pitch, onset, duration) at 480 ticks per quarter, the reader's resolution. */
    static List<List<String>> notesPerPart(Score s) {
        List<List<String>> out = new ArrayList<>();
        long scale = 480 / s.ticksPerQuarter(), rest = 480 % s.ticksPerQuarter();
        for (Part p : s.parts()) {
            List<String> notes = new ArrayList<>();
            for (Note n : p.notes())
                notes.add(rest == 0 ? n.pitch() + "@" + n.onset() * scale + "/" + n.duration() * scale
                        : n.pitch() + "@" + n.onset() * 480.0 / s.ticksPerQuarter() + "/" + n.duration() * 480.0 / s.ticksPerQuarter());
            notes.sort(null);
            out.add(notes);
        }
        return out;
    }

    /** Score -> ABC -> Score: every part's notes, names and programs, and the meters, come back; null when they do. */
    static String roundTripDifference(Score s) throws AbcParseException {
        String abc = AbcWriter.write(s);
        Score back = AbcReader.read(abc, "written");
        if (!notesPerPart(s).equals(notesPerPart(back))) return "notes differ:\n" + abc;
        if (!s.parts().stream().map(p -> p.name() + "/" + p.program()).toList()
                .equals(back.parts().stream().map(p -> p.name() + "/" + p.program()).toList())) return "names or programs differ:\n" + abc;
        List<String> meters = s.timeSignatures().stream().map(t -> t.tick() * 480 / s.ticksPerQuarter() + ":" + t.numerator() + "/" + t.denominator()).toList();
        if (!meters.isEmpty() && !meters.equals(back.timeSignatures().stream().map(t -> t.tick() + ":" + t.numerator() + "/" + t.denominator()).toList()))
            return "meters differ:\n" + abc;
        return null;
    }

    @Test
    void fixtureChoralesRoundTripAsFourVoices() throws Exception {
        int i = 0;
        for (int[][] rows : MusicFixtures.chorales()) {
            Score s = chorale(rows, "fixture " + i++);
            assertEquals(null, roundTripDifference(s));
            String abc = AbcWriter.write(s);
            assertTrue(abc.contains("V:1 name=\"Soprano\"\nV:2 name=\"Alto\"\nV:3 name=\"Tenor\"") && abc.contains("V:4 name=\"Bass\" clef=bass\n"), abc);
        }
        // the fixtures are in C, G, F and D major and give no key: the writer hears it
        assertEquals(List.of("K:C", "K:G", "K:F", "K:D"), MusicFixtures.chorales().stream()
                .map(r -> AbcWriter.write(chorale(r, "")).lines().filter(l -> l.startsWith("K:")).findFirst().orElseThrow()).toList());
    }

    @Test
    void realChoralesRoundTripExactly() throws Exception {
        var corpus = RealCorpus.require(Corpus.JSB_CHORALES);
        List<String> differ = new ArrayList<>();
        int n = 0;
        for (String split : List.of("train", "valid", "test"))
            for (Path f : corpus.jsbChoraleFiles(split)) {
                String d = roundTripDifference(chorale(dev.cadenza.formats.chorale.ChoraleCsv.read(f), f.getFileName().toString()));
                if (d != null) differ.add(f.getFileName() + ": " + d);
                n++;
            }
        assertEquals(382, n);
        assertEquals(List.of(), differ);
    }

    @Test
    void pianoPiecesRoundTripExactlyAsTwoHands() throws Exception {
        List<Path> files = RealCorpus.require(Corpus.MIDI_PIANO).midiFiles("piano");
        List<String> differ = new ArrayList<>();
        for (Path f : files) {
            Score s = dev.cadenza.formats.midi.MidiReader.read(f);
            String d = roundTripDifference(s);
            if (d != null) differ.add(f.getFileName() + ": " + d.substring(0, Math.min(400, d.length())));
        }
        assertEquals(30, files.size());
        assertEquals(List.of(), differ);
    }

    /** What abc2midi plays from the written tune against what we read from it; null when they agree. */
    private static String abc2midiDifference(String abc, Path dir, String name) throws Exception {
        return AbcReaderAbc2MidiTest.compare(AbcReader.read(abc), Abc2Midi.notes(abc, dir, name));
    }

    @Test
    void abc2midiAndAbcm2psTakeTheWrittenVoices(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Abc2Midi.available() || Abcm2ps.available(), "neither abc2midi nor abcm2ps is installed: check skipped");
        List<String> tunes = new ArrayList<>();
        for (int[][] rows : MusicFixtures.chorales()) tunes.add(AbcWriter.write(chorale(rows, "fixture")));
        // a piano piece written by hand: two hands, a held bass under moving notes (an overlay), a meter and key change
        List<Note> right = new ArrayList<>(), left = new ArrayList<>();
        int[] melody = {76, 74, 72, 74, 76, 76, 76, 74, 74, 74, 76, 79, 79};
        for (int i = 0; i < melody.length; i++) right.add(new Note(melody[i], 80, i * 480L, i == 12 ? 960 : 480));
        for (int bar = 0; bar < 3; bar++) {
            left.add(new Note(48 + (bar == 1 ? 7 : 0), 80, bar * 1920L, 1920));
            for (int beat = 0; beat < 4; beat++) left.add(new Note(55 + 4 * (beat % 2), 80, bar * 1920L + beat * 480, 240));
        }
        left.add(new Note(52, 80, 5760, 720));
        right.add(new Note(60, 80, 5760, 720));
        Score piano = new Score("Piano sketch", 480, List.of(Part.of("Piano right", 0, right), Part.of("Piano left", 0, left)),
                List.of(TempoChange.bpm(0, 90)), List.of(new TimeSignature(0, 4, 4), new TimeSignature(5760, 3, 4)),
                List.of(new KeySignature(0, 0, "major"), new KeySignature(5760, 1, "major")), List.of(), Map.of());
        assertEquals(null, roundTripDifference(piano));
        tunes.add(AbcWriter.write(piano));
        int i = 0;
        for (String abc : tunes) {
            String name = "voices" + i++;
            if (Abc2Midi.available()) assertEquals(null, abc2midiDifference(abc, dir, name), abc);
            if (Abcm2ps.available()) assertEquals(List.of(), Abcm2ps.errors(abc, dir, name), abc);
        }
        assertTrue(tunes.get(tunes.size() - 1).contains("&"), tunes.get(tunes.size() - 1));
    }

    /**
     * The real chorales and the piano corpus, written as voices, through abc2midi and abcm2ps: abc2midi plays the notes
     * we read back, abcm2ps engraves without error. The piano files are performances, so they are written on a grid of
     * sixteenths and triplet eighths (exact performed lengths are valid ABC that abc2midi misplays). Pieces that need
     * more than four voices on a staff are written as chords with ties: abc2midi staggers the notes of a chord and
     * ends a note tied through several chords early, so for them only onsets and pitches must agree (counted apart).
     */
    @Test
    void abc2midiPlaysAndAbcm2psEngravesTheCorpora(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Abc2Midi.available() && Abcm2ps.available(), "abc2midi or abcm2ps is not installed (apt-get install abcmidi abcm2ps): check skipped");
        var chorales = RealCorpus.require(Corpus.JSB_CHORALES).jsbChoraleFiles("test");
        List<Path> piano = RealCorpus.require(Corpus.MIDI_PIANO).midiFiles("piano");
        List<String> problems = new ArrayList<>();
        int n = 0, agree = 0;
        for (Path f : chorales) {
            String abc = AbcWriter.write(chorale(dev.cadenza.formats.chorale.ChoraleCsv.read(f), f.getFileName().toString()));
            String d = abc2midiDifference(abc, dir, "c" + n);
            if (d == null) agree++;
            else problems.add(f.getFileName() + ": " + d);
            problems.addAll(Abcm2ps.errors(abc, dir, "c" + n++).stream().map(e -> f.getFileName() + ": abcm2ps: " + e).toList());
        }
        int pianoAgree = 0, staggered = 0;
        for (Path f : piano) {
            String abc = AbcWriter.write(dev.cadenza.formats.midi.MidiReader.read(f), AbcWriter.Options.DEFAULT.withGrid(12));
            Score ours = AbcReader.read(abc);
            List<Abc2Midi.MidiNote> theirs = Abc2Midi.notes(abc, dir, "p" + n);
            String d = AbcReaderAbc2MidiTest.compare(ours, theirs);
            if (d != null && onsetsAndPitches(ours).equals(onsetsAndPitches(theirs))) {
                staggered++; // only ends of notes tied through chords differ
                d = null;
            }
            if (d == null) pianoAgree++;
            else problems.add(f.getFileName() + ": " + d);
            problems.addAll(Abcm2ps.errors(abc, dir, "p" + n++).stream().map(e -> f.getFileName() + ": abcm2ps: " + e).toList());
        }
        System.out.printf("written ABC: abc2midi plays %d of %d test chorales and %d of %d piano pieces (grid 12) as we read them"
                + " (%d of these only with tied chord notes ending early)%n", agree, chorales.size(), pianoAgree, piano.size(), staggered);
        assertEquals(List.of(), problems);
    }

    private static List<String> onsetsAndPitches(Score s) {
        List<String> out = new ArrayList<>();
        for (Part p : s.parts()) for (Note n : p.notes()) out.add(n.onset() + ":" + n.pitch());
        out.sort(null);
        return out;
    }

    private static List<String> onsetsAndPitches(List<Abc2Midi.MidiNote> notes) {
        List<String> out = new ArrayList<>();
        for (Abc2Midi.MidiNote n : AbcReaderAbc2MidiTest.unstaggered(notes)) out.add(Math.max(0, n.onset() - 1) + ":" + n.pitch());
        out.sort(null);
        return out;
    }
}
