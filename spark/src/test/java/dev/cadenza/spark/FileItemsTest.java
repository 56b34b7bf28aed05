package dev.cadenza.spark;

import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One file's items and problems, as each executor reads them: nothing is left out without a reason. */
class MusicFilesTest {
    private static final MidiReader.Mode TOLERANT = MidiReader.Mode.TOLERANT;

    @Test
    void anAbcBookReadAsScoresListsEveryTuneTheReaderSkips() {
        List<String> tunes = MusicFixtures.abcTunes();
        String broken = "X:9\nT:Broken\nM:4/4\nL:1/4\nK:C\nCDEF|Z99999999999|\n"; // a rest longer than any number the reader holds
        String book = tunes.get(0) + "\n" + broken + "\n" + tunes.get(2);
        FileItems.Items r = FileItems.read("book.abc", book.getBytes(StandardCharsets.UTF_8), Score.class, TOLERANT);
        assertEquals(2, r.items().size());
        assertEquals(List.of("Fixture Jig", "Fixture Waltz"), r.titles());
        assertEquals(1, r.problems().size());
        FileProblem p = r.problems().get(0);
        assertEquals(FileProblem.SKIPPED, p.severity());
        assertTrue(p.place().startsWith("tune 9, line "), p.place());
        assertEquals(AbcReader.readBook(book, "book.abc").skipped().get(0).reason().problem(), p.message());
    }

    @Test
    void aChoraleFileWithABadCellIsNamedWithItsLineAndColumn() {
        FileItems.Items r = FileItems.read("c.csv", "note0,note1,note2,note3\n60,64,67,48\n60,64,x,48\n".getBytes(StandardCharsets.US_ASCII),
                int[][].class, TOLERANT);
        assertTrue(r.items().isEmpty());
        assertEquals(FileProblem.ERROR, r.problems().get(0).severity());
        assertTrue(r.problems().get(0).message().contains("line 3, column 3"), r.problems().get(0).message());
        FileItems.Items good = FileItems.read("g.csv", MusicFixtures.choraleCsvFiles().get(0).getBytes(StandardCharsets.US_ASCII),
                int[][].class, TOLERANT);
        assertArrayEquals(MusicFixtures.chorales().get(0), (int[][]) good.items().get(0));
    }

    @Test
    void aMidiFileReadWithRepairsIsKeptAndItsWarningsCounted() {
        byte[] bytes = MidiWriter.toBytes(Score.of("t", 480, 120, null, List.of(Part.of("p", 0, List.of(new Note(60, 80, 0, 480))))));
        // Cut the End-of-Track meta event (FF 2F 00) off the last track: the tolerant reader repairs and says so.
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        FileItems.Items r = FileItems.read("cut.mid", cut, Score.class, TOLERANT);
        assertEquals(1, r.items().size(), r.problems().toString());
        assertEquals(FileProblem.WARNING, r.problems().get(0).severity());
        assertTrue(r.problems().get(0).place().startsWith("byte "), r.problems().toString());
        FileItems.Items strict = FileItems.read("cut.mid", cut, Score.class, MidiReader.Mode.STRICT);
        assertTrue(strict.items().isEmpty());
        assertEquals(FileProblem.ERROR, strict.problems().get(0).severity());
    }

    @Test
    void aFileOfAnotherKindOrForAnotherTokenizerIsListed() {
        FileItems.Items txt = FileItems.read("readme.txt", new byte[] {1}, Score.class, TOLERANT);
        assertTrue(txt.problems().get(0).message().contains("not a music file"), txt.problems().toString());
        FileItems.Items wrong = FileItems.read("c.csv", MusicFixtures.choraleCsvFiles().get(0).getBytes(StandardCharsets.US_ASCII),
                String.class, TOLERANT);
        assertTrue(wrong.items().isEmpty());
        assertTrue(wrong.problems().get(0).message().contains("tokenizer reads String"), wrong.problems().toString());
    }
}
