package dev.cadenza.formats;

import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A user's own folder of music: everything readable is read, and every file or tune that is not is listed, never dropped. */
class MusicFilesTest {
    private static Score scale(int offset) {
        List<Note> notes = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) notes.add(new Note(60 + offset + i, 90, i * 480L, 480));
        return Score.of("scale " + offset, 480, 120, null, List.of(Part.of("Piano", 0, notes)));
    }

    @Test
    void aFolderOfMidiFilesIsReadAndTheBadOnesAreListed(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        MidiWriter.write(scale(0), dir.resolve("a.mid"));
        MidiWriter.write(scale(2), dir.resolve("sub/b.MIDI"));
        byte[] whole = MidiWriter.toBytes(scale(4));
        Files.write(dir.resolve("c.mid"), java.util.Arrays.copyOf(whole, whole.length - 1)); // last chunk one byte short
        Files.writeString(dir.resolve("d.mid"), "not a MIDI file at all");
        Files.writeString(dir.resolve("notes.txt"), "ignored: not a MIDI file name");
        MusicFiles.Read<Score> read = MusicFiles.midi(dir);
        assertEquals(4, read.files());
        assertEquals(3, read.items().size(), read.problems().toString());
        assertEquals(List.of(dir.resolve("a.mid"), dir.resolve("c.mid"), dir.resolve("sub/b.MIDI")),
                read.items().stream().map(MusicFiles.Item::source).toList());
        assertEquals(1, read.skipped().size());
        assertEquals(dir.resolve("d.mid"), read.skipped().get(0).file());
        assertTrue(read.skipped().get(0).message().contains("d.mid"), read.skipped().get(0).message());
        assertTrue(read.problems().stream().anyMatch(p -> !p.skipped() && p.file().equals(dir.resolve("c.mid"))),
                "the repaired file is listed with the reader's warning: " + read.problems());
        assertTrue(read.summary().contains("3 items from 4 files"), read.summary());
        // One file alone is a corpus too.
        assertEquals(1, MusicFiles.midi(dir.resolve("a.mid")).items().size());
    }

    @Test
    void tuneBooksAreCutIntoTunesAndARefusedTuneIsNamed(@TempDir Path dir) throws IOException {
        String book = String.join("\n\n", MusicFixtures.abcTunes()) + "\n\nX:9\nT:Broken\nM:4/4\nK:G\nab(3:99999999999999 c|\n";
        Files.writeString(dir.resolve("book.abc"), book);
        MusicFiles.Read<String> tunes = MusicFiles.abcTunes(dir);
        assertEquals(MusicFixtures.abcTunes().size(), tunes.items().size());
        assertEquals(1, tunes.skipped().size());
        assertTrue(tunes.skipped().get(0).message().contains("X:9") && tunes.skipped().get(0).message().contains("line"),
                tunes.skipped().get(0).message());
        assertEquals(MusicFixtures.abcTunes().size(), MusicFiles.abcScores(dir).values().size());
    }

    @Test
    void choraleFilesAndEmptyOrMissingPaths(@TempDir Path dir) throws IOException {
        List<String> csv = MusicFixtures.choraleCsvFiles();
        for (int i = 0; i < csv.size(); i++) Files.writeString(dir.resolve("chorale_" + i + ".csv"), csv.get(i));
        Files.writeString(dir.resolve("bad.csv"), "note0,note1,note2,note3\n60,61,x,40\n");
        MusicFiles.Read<int[][]> read = MusicFiles.choraleCsv(dir);
        assertEquals(csv.size(), read.items().size());
        assertTrue(read.skipped().get(0).message().contains("line 2, column 3"), read.skipped().get(0).message());
        IOException none = assertThrows(IOException.class, () -> MusicFiles.midi(dir));
        assertTrue(none.getMessage().contains("no MIDI file"), none.getMessage());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> MusicFiles.abcTunes(dir.resolve("missing")));
        Files.writeString(dir.resolve("only.abc"), "no tunes here\n");
        IOException nothing = assertThrows(IOException.class, () -> MusicFiles.abcTunes(dir.resolve("only.abc")));
        assertTrue(nothing.getMessage().contains("nothing could be read") && nothing.getMessage().contains("no tune"), nothing.getMessage());
        // Read as scores, a tuneless book is listed too, beside a book whose tunes read.
        Files.writeString(dir.resolve("tunes.abc"), MusicFixtures.abcTunes().get(0));
        MusicFiles.Read<dev.cadenza.music.Score> scores = MusicFiles.abcScores(dir);
        assertEquals(1, scores.items().size());
        assertTrue(scores.skipped().stream().anyMatch(p -> p.message().contains("no tune")), scores.skipped().toString());
    }
}
