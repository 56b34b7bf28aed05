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
    void writesHeaderAccidentalsTiesAndRests() {
        int q = 480;
        List<Note> notes = List.of(
                new Note(66, 80, 0, q),            // F# in G: no accidental
                new Note(65, 80, q, q / 2),        // F natural: =F
                new Note(66, 80, 3 * q / 2, q / 2), // F# again in the same bar: written ^F
                new Note(70, 80, 2 * q, q),        // Bb: a flat is not in G, black key in a sharp key: ^A
                new Note(72, 80, 4 * q, 2 * q),    // after a quarter rest, across the bar line: tied
                new Note(48, 80, 6 * q, q / 3), new Note(84, 80, 6 * q + q / 3, q / 3), new Note(59, 80, 6 * q + 2 * q / 3, q / 3));
        Score s = new Score("Test \"tune\"", q, List.of(Part.of("melody", 0, notes)), List.of(TempoChange.bpm(0, 90)),
                List.of(new TimeSignature(0, 5, 4)), List.of(new KeySignature(0, 1, "dorian")),
                List.of(new Annotation(0, Annotation.Kind.CHORD_SYMBOL, "Am"), new Annotation(4 * q, Annotation.Kind.TEXT, "Coda")), Map.of());
        String abc = AbcWriter.write(s, new AbcWriter.Options(7, 4, 0, 0));
        assertTrue(abc.startsWith("X:7\nT:Test \"tune\"\nM:5/4\nL:1/8\nQ:1/4=90\nK:ADor\n"), abc);
        assertTrue(abc.contains("\"Am\"F2 =F ^F ^A2 z2 \"^Coda\"c2-|c2 (3:2:1C, (3:2:1c' (3:2:1B,"), abc);
        Score back = AbcReader.read(abc);
        assertEquals(notes, back.parts().get(0).notes());
        assertEquals(s.annotations(), back.annotations());
        assertEquals(s.tempos(), back.tempos());
    }

    @Test
    void gridRoundsUnquantizedTimesToNotation() {
        // a played phrase at 220 ticks per quarter: slightly early and late notes
        List<Note> played = List.of(new Note(60, 90, 3, 105), new Note(62, 90, 108, 117), new Note(64, 90, 221, 436),
                new Note(65, 90, 660, 71), new Note(67, 90, 733, 75), new Note(69, 90, 806, 74));
        Score s = Score.of("played", 220, 100, new TimeSignature(0, 4, 4), List.of(Part.of("p", 0, played)));
        String abc = AbcWriter.write(s, AbcWriter.Options.DEFAULT.withGrid(12));
        assertTrue(abc.contains("C D E4 (3:2:1F (3:2:1G (3:2:1A"), abc);
        Score back = AbcReader.read(abc);
        assertEquals(List.of(0L, 240L, 480L, 1440L, 1600L, 1760L),
                back.parts().get(0).notes().stream().map(Note::onset).toList());
        assertEquals(List.of(240L, 240L, 960L, 160L, 160L, 160L),
                back.parts().get(0).notes().stream().map(Note::duration).toList());
        assertThrows(IllegalArgumentException.class, () -> AbcWriter.Options.DEFAULT.withGrid(-1));
    }

    @Test
    void keyNamesForEveryMode() {
        assertEquals("G", AbcWriter.keyName(new KeySignature(0, 1, "major")));
        assertEquals("Em", AbcWriter.keyName(new KeySignature(0, 1, "minor")));
        assertEquals("DMix", AbcWriter.keyName(new KeySignature(0, 1, "mixolydian")));
        assertEquals("Bb", AbcWriter.keyName(new KeySignature(0, -2, "major")));
        assertEquals("C#m", AbcWriter.keyName(new KeySignature(0, 4, "minor")));
        assertEquals("Cb", AbcWriter.keyName(new KeySignature(0, -7, "major")));
        assertEquals("FLyd", AbcWriter.keyName(new KeySignature(0, 0, "lydian")));
    }

    @Test
    void overlappingNotesBecomeAMelody() {
        List<Note> notes = List.of(new Note(60, 80, 0, 960), new Note(64, 80, 0, 480), new Note(67, 80, 240, 480));
        Score s = Score.of("poly", 480, 120, new TimeSignature(0, 4, 4), List.of(Part.of("p", 0, notes)));
        Score back = AbcReader.read(AbcWriter.write(s));
        assertEquals(List.of(new Note(60, 80, 0, 240), new Note(64, 80, 0, 240), new Note(67, 80, 240, 480)),
                back.parts().get(0).notes());
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
}
