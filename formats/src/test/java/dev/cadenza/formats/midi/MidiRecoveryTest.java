package dev.cadenza.formats.midi;

import dev.cadenza.formats.midi.MidiReader.Mode;
import dev.cadenza.formats.midi.MidiReader.Result;
import dev.cadenza.formats.midi.MidiReader.Warning;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.cadenza.formats.midi.MidiCorruptInputTest.failure;
import static dev.cadenza.formats.midi.Smf.bytes;
import static dev.cadenza.formats.midi.Smf.concat;
import static dev.cadenza.formats.midi.Smf.header;
import static dev.cadenza.formats.midi.Smf.single;
import static dev.cadenza.formats.midi.Smf.track;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tolerant mode on crafted broken files: what precedes a fault is kept, what was skipped or assumed is reported with
 * the file, the offset and what was done, and strict mode refuses the same file at the same place.
 */
class MidiRecoveryTest {
    private static final String NAME = "broken.mid";

    private static Result tolerant(byte[] b) throws MidiFormatException {
        Result r = MidiReader.parse(b, NAME, Mode.TOLERANT);
        for (Warning w : r.warnings()) {
            assertEquals(NAME, w.source());
            assertTrue(w.offset() >= 0 && w.offset() <= b.length, w.toString());
            assertEquals(NAME + ": at byte " + w.offset() + ": " + w.message(), w.toString());
        }
        return r;
    }

    /** Asserts that {@code r} has a warning at {@code offset} whose message contains every one of {@code texts}. */
    private static Warning warning(Result r, long offset, String... texts) {
        for (Warning w : r.warnings())
            if (w.offset() == offset && Arrays.stream(texts).allMatch(w.message()::contains)) return w;
        throw new AssertionError("no warning at byte " + offset + " saying " + Arrays.toString(texts) + " in " + r.warnings());
    }

    private static List<Note> notes(Score s) {
        List<Note> all = new ArrayList<>();
        for (Part p : s.parts()) all.addAll(p.notes());
        all.sort(null);
        return all;
    }

    private static int lastIndexOfMTrk(byte[] b) {
        for (int i = b.length - 4; i >= 0; i--) if (b[i] == 'M' && b[i + 1] == 'T' && b[i + 2] == 'r' && b[i + 3] == 'k') return i;
        throw new AssertionError("no MTrk");
    }

    /** Eight notes of a scale written by the project's own writer: a format-1 file of a conductor and one part track. */
    static Score eightNotes() {
        List<Note> notes = new ArrayList<>();
        int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
        for (int i = 0; i < scale.length; i++) notes.add(new Note(scale[i], 80 + i, i * 96L, 90));
        return Score.of("scale", 96, 100, null, List.of(Part.of("melody", 0, notes)));
    }

    @Test
    void lastChunkOneByteShortKeepsEveryNote() throws Exception {
        Score original = eightNotes();
        byte[] whole = MidiWriter.toBytes(original);
        byte[] cut = Arrays.copyOf(whole, whole.length - 1); // the End-of-Track's length byte is missing
        int chunk = lastIndexOfMTrk(cut);
        int claimed = whole.length - chunk - 8;
        Result r = tolerant(cut);
        assertEquals(original.parts().get(0).notes(), r.score().parts().get(0).notes());
        assertEquals("melody", r.score().parts().get(0).name());
        assertEquals(original.tempos(), r.score().tempos());
        warning(r, chunk + 4, "chunk \"MTrk\" claims " + claimed + " bytes, but only " + (claimed - 1) + " remain in the file; read what there is");
        warning(r, cut.length, "track 1: expected a meta event length (1 byte), but the file ends after 0",
                "skipped the event that starts at byte " + (cut.length - 3) + " and the rest of the chunk, 3 bytes in all");
        assertEquals(2, r.warnings().size(), r.warnings().toString());
        failure(Mode.STRICT, cut, chunk + 4, "chunk \"MTrk\" claims " + claimed + " bytes, but only " + (claimed - 1) + " remain");
    }

    @Test
    void fileCutInsideAnEventKeepsWhatPrecedes() throws Exception {
        // 60 from 0 to 96, 62 from 96 to 192, then the note-on of 64 is cut after its key number.
        byte[] whole = single(0, 0x90, 60, 70, 0x60, 0x80, 60, 0, 0, 0x90, 62, 71, 0x60, 0x80, 62, 0, 0, 0x90, 64, 72);
        byte[] cut = Arrays.copyOf(whole, 22 + 19);
        Result r = tolerant(cut);
        assertEquals(List.of(new Note(60, 70, 0, 96), new Note(62, 71, 96, 96)), notes(r.score()));
        warning(r, 41, "track 0: expected a data byte (1 byte), but the file ends after 0",
                "skipped the event that starts at byte 38 and the rest of the chunk, 3 bytes in all");
        failure(Mode.STRICT, cut, 18, "claims");

        // Cut after a delta time: the note that had begun lasts to the last complete event, and a warning says so.
        byte[] afterDelta = Arrays.copyOf(whole, 22 + 5);
        Result d = tolerant(afterDelta);
        assertEquals(List.of(new Note(60, 70, 0, 1)), notes(d.score()));
        warning(d, 27, "expected an event status byte", "skipped the event that starts at byte 26");
        warning(d, 23, "note 60 from tick 0 never ends; ended at the track end, tick 1");
    }

    @Test
    void cutInsideAChunkOfAFormat1FileKeepsTheTracksBefore() throws Exception {
        byte[] a = track(0, 0xFF, 0x03, 1, 'A', 0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        byte[] b = track(0, 0x91, 67, 90, 0x60, 0x81, 67, 0, 0, 0xFF, 0x2F, 0);
        byte[] whole = concat(header(1, 2, 96), a, b);
        byte[] cut = Arrays.copyOf(whole, 14 + a.length + 8 + 3); // inside the note-on of the second track
        Result r = tolerant(cut);
        assertEquals(1, r.score().parts().size());
        assertEquals("A", r.score().title());
        assertEquals(List.of(new Note(60, 90, 0, 96)), r.score().parts().get(0).notes());
        warning(r, 14 + a.length + 4, "claims 12 bytes, but only 3 remain");
        // Cut inside the second chunk's header: its 6 bytes are not a chunk, and the header's track count is off.
        byte[] inHeader = Arrays.copyOf(whole, 14 + a.length + 6);
        Result h = tolerant(inHeader);
        assertEquals(1, h.score().noteCount());
        warning(h, 14 + a.length, "expected a chunk header (id and length, 8 bytes), but the file ends after 6", "ignored");
        warning(h, 10, "the header announces 2 tracks, the file holds 1 MTrk chunks");
        failure(Mode.STRICT, inHeader, 14 + a.length, "expected a chunk header");
    }

    @Test
    void chunkLengthBeyondTheFileIsReadUpToWhatThereIs() throws Exception {
        byte[] b = single(0, 0x90, 60, 1, 1, 0x80, 60, 0);
        b[18] = (byte) 0xFF; // MTrk length now about 4 GB
        Result r = tolerant(b);
        assertEquals(List.of(new Note(60, 1, 0, 1)), notes(r.score()));
        warning(r, 18, "chunk \"MTrk\" claims 4278190092 bytes, but only 12 remain in the file; read what there is");
        assertEquals(1, r.warnings().size(), r.warnings().toString());
    }

    @Test
    void tooLongChunkInTheMiddleEndsAtTheNextTrack() throws Exception {
        byte[] a = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        byte[] b = track(0, 0x91, 67, 91, 0x30, 0x81, 67, 0, 0, 0xFF, 0x2F, 0);
        byte[] file = concat(header(1, 2, 96), a, b);
        file[18] = 0x7F; // the first track claims two gigabytes
        Result r = tolerant(file);
        assertEquals(List.of(new Note(60, 90, 0, 96), new Note(67, 91, 0, 48)), notes(r.score()));
        warning(r, 18, "read up to the next \"MTrk\" id at byte " + (14 + a.length));
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        failure(Mode.STRICT, file, 18, "claims");
    }

    @Test
    void systemCommonAndRealTimeMessagesInATrackAreSkipped() throws Exception {
        byte[] b = single(
                0, 0x90, 60, 64,        // 22: note-on at tick 0
                0, 0xF8,                // 26: timing clock
                0, 0xFA,                // 28: start
                0x10, 0xF1, 0x25,       // 30: MTC quarter frame and its data byte, tick 16
                0, 0xF2, 0x10, 0x20,    // 33: song position pointer, 2 data bytes
                0, 0xF3, 5,             // 37: song select, 1 data byte
                0, 0xF6,                // 40: tune request
                0, 0xFC,                // 42: stop
                0, 0xFE,                // 44: active sensing
                0x20, 0x80, 60, 0,      // 46: note-off at tick 48
                0, 0xF8, 0, 0xF8);      // 50: two more clocks
        Result r = tolerant(b);
        assertEquals(List.of(new Note(60, 64, 0, 48)), notes(r.score()));
        warning(r, 31, "track 0: skipped 1 system common message 0xF1 (MIDI time code quarter frame)");
        warning(r, 34, "skipped 1 system common message 0xF2 (song position pointer)");
        warning(r, 38, "skipped 1 system common message 0xF3 (song select)");
        warning(r, 41, "skipped 1 system common message 0xF6 (tune request)");
        warning(r, 27, "skipped 3 system real-time messages 0xF8 (timing clock), the first here");
        warning(r, 29, "0xFA (start)");
        warning(r, 43, "0xFC (stop)");
        warning(r, 45, "0xFE (active sensing)");
        assertEquals(8, r.warnings().size(), r.warnings().toString());
        failure(Mode.STRICT, b, 27, "expected a channel, meta (0xFF) or sysex (0xF0/0xF7) status, found 0xF8");
    }

    @Test
    void realTimeBytesBetweenDataBytesAreSkipped() throws Exception {
        byte[] b = single(0, 0x90, 0xF8, 60, 0xFE, 64, 0x60, 0x80, 60, 0xF8, 0);
        Result r = tolerant(b);
        assertEquals(List.of(new Note(60, 64, 0, 96)), notes(r.score()));
        warning(r, 24, "skipped 2 system real-time messages 0xF8 (timing clock)");
        warning(r, 26, "skipped 1 system real-time message 0xFE (active sensing)");
        failure(Mode.STRICT, b, 24, "expected a data byte (0x00-0x7F), found 0xF8");
        // A system common byte is no real-time byte: between data bytes it breaks the event, and the track ends there.
        Result common = tolerant(single(0, 0x90, 60, 64, 0x60, 0x80, 60, 0, 0, 0x90, 0xF2, 62, 64));
        assertEquals(List.of(new Note(60, 64, 0, 96)), notes(common.score()));
        warning(common, 32, "expected a data byte (0x00-0x7F), found 0xF2", "skipped the event that starts at byte 30");
    }

    @Test
    void runningStatusCarriesAcrossSystemMessages() throws Exception {
        byte[] b = single(0, 0x90, 60, 64,
                0, 0xF8, 0, 62, 64,            // clock, then a running-status note-on
                0, 0xF2, 0, 0, 0, 64, 64,      // song position, then another
                0, 0xFC, 0x60, 60, 0,          // stop, then running-status note-offs
                0, 62, 0, 0, 64, 0);
        Result r = tolerant(b);
        assertEquals(List.of(new Note(60, 64, 0, 96), new Note(62, 64, 0, 96), new Note(64, 64, 0, 96)), notes(r.score()));
        assertEquals(3, r.warnings().size(), r.warnings().toString());
    }

    @Test
    void bytesThatAreNotAChunkAreSkippedToTheNextTrack() throws Exception {
        byte[] a = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        byte[] b = track(0, 0x90, 64, 90, 0x60, 0x80, 64, 0, 0, 0xFF, 0x2F, 0);
        int junkAt = 14 + a.length;
        byte[] file = concat(header(1, 2, 96), a, bytes(0, 0, 0x1A, 0xFF, 7), b);
        Result r = tolerant(file);
        assertEquals(List.of(new Note(60, 90, 0, 96), new Note(64, 90, 0, 96)), notes(r.score()));
        warning(r, junkAt, "expected a chunk id such as \"MTrk\", found \"\\x00\\x00\\x1A\\xFF\"", "skipped 5 bytes to the \"MTrk\" chunk at byte " + (junkAt + 5));
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        failure(Mode.STRICT, file, junkAt, "expected a chunk id");
    }

    @Test
    void trailingGarbageIsIgnored() throws Exception {
        byte[] a = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        // Text after the announced track: its first 4 bytes look like a chunk id, its "length" runs past the file.
        byte[] text = concat(header(0, 1, 96), a, "saved by SomeSequencer 1.0".getBytes());
        Result r = tolerant(text);
        assertEquals(1, r.score().noteCount());
        warning(r, 14 + a.length, "chunk \"save\" claims", "from here to the end of the file are ignored");
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        failure(Mode.STRICT, text, 14 + a.length + 4, "chunk \"save\" claims");
        // Garbage where the header promises another track.
        byte[] short2 = concat(header(1, 2, 96), a, bytes(0, 0, 0, 0x1A));
        Result s = tolerant(short2);
        assertEquals(1, s.score().noteCount());
        warning(s, 14 + a.length, "expected a chunk header (id and length, 8 bytes), but the file ends after 4", "4 bytes from here to the end of the file are ignored");
        warning(s, 10, "announces 2 tracks, the file holds 1");
        failure(Mode.STRICT, short2, 14 + a.length, "expected a chunk header (id and length) (8 bytes), but the file ends after 4");
    }

    @Test
    void headerTrackCountDisagreeingWithTheChunksIsReportedInBothModes() throws Exception {
        byte[] a = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        for (int announced : new int[] {1, 3}) {
            byte[] file = concat(header(1, announced, 96), a, a);
            for (Mode mode : Mode.values()) {
                Result r = MidiReader.parse(file, NAME, mode);
                assertEquals(2, r.score().parts().size());
                warning(r, 10, "the header announces " + announced + " tracks, the file holds 2 MTrk chunks; all were read");
            }
        }
    }

    @Test
    void format2SequencesFollowOneAnother() throws Exception {
        // Pattern 1 lasts 192 ticks (its End-of-Track), pattern 2 starts there with its own tempo.
        byte[] p1 = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0x60, 0xFF, 0x2F, 0);
        byte[] p2 = track(0, 0xFF, 0x51, 3, 0x0F, 0x42, 0x40, 0, 0x90, 64, 91, 0x30, 0x80, 64, 0, 0x30, 0xFF, 0x2F, 0);
        byte[] p3 = track(0, 0x90, 67, 92, 0x10, 0x80, 67, 0, 0, 0xFF, 0x2F, 0);
        byte[] file = concat(header(2, 3, 96), p1, p2, p3);
        for (Mode mode : Mode.values()) {
            Result r = MidiReader.parse(file, NAME, mode);
            assertEquals(List.of(), r.warnings());
            Score s = r.score();
            assertEquals("2", s.metadata().get("midi.format"));
            assertEquals("0,192,288", s.metadata().get("midi.sequenceStarts"));
            assertEquals(3, s.parts().size());
            assertEquals(List.of(new Note(60, 90, 0, 96)), s.parts().get(0).notes());
            assertEquals(List.of(new Note(64, 91, 192, 48)), s.parts().get(1).notes());
            assertEquals(List.of(new Note(67, 92, 288, 16)), s.parts().get(2).notes());
            assertEquals(List.of(new TempoChange(192, 1_000_000)), s.tempos());
        }
    }

    @Test
    void smpteDivisionKeepsTheRealLengthOfTicks() throws Exception {
        // 25 frames per second, 40 ticks per frame: 1000 ticks a second. A tempo event means nothing in SMPTE time.
        byte[] t = track(0, 0xFF, 0x51, 3, 0x07, 0xA1, 0x20, 0, 0x90, 60, 90, 0x87, 0x68, 0x80, 60, 0, 0, 0x90, 62, 90, 0x83, 0x74, 0x80, 62, 0, 0, 0xFF, 0x2F, 0);
        byte[] file = concat(header(1, 1, 0xE728), t);
        for (Mode mode : Mode.values()) {
            Result r = MidiReader.parse(file, NAME, mode);
            Score s = r.score();
            assertEquals(1000, s.ticksPerQuarter());
            assertEquals(List.of(new TempoChange(0, 1_000_000)), s.tempos());
            assertEquals(List.of(new Note(60, 90, 0, 1000), new Note(62, 90, 1000, 500)), notes(s));
            assertEquals(1.5, s.seconds(1500), 1e-12);
            assertEquals("25 frames per second, 40 ticks per frame", s.metadata().get("midi.smpte"));
            warning(r, 23, "1 tempo event(s) ignored: SMPTE time division fixes the length of a tick");
            // javax.sound.midi agrees on the length in microseconds.
            Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(file));
            assertEquals(Sequence.SMPTE_25, seq.getDivisionType());
            assertEquals(seq.getMicrosecondLength() / 1e6, s.seconds(1500), 1e-9);
        }
        // 30 drop-frame (code -29) runs at 29.97 frames per second.
        byte[] drop = concat(header(1, 1, 0xE350), track(0, 0x90, 60, 90, 0x83, 0xD4, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0));
        Score s = MidiReader.parse(drop, NAME, Mode.STRICT).score();
        assertEquals(30 * 80, s.ticksPerQuarter());
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(drop));
        assertEquals(Sequence.SMPTE_30DROP, seq.getDivisionType());
        long ticks = notes(s).get(0).end();
        assertEquals(60_000L, ticks);
        assertEquals(seq.getMicrosecondLength() / 1e6, s.seconds(ticks), 1e-5 * s.seconds(ticks));
        assertEquals(60_000 / (30 * 80 * 1000.0 / 1001), s.seconds(ticks), 1e-9);
    }

    @Test
    void unusableHeaderFieldsAreReplacedByStandardValues() throws Exception {
        byte[] t = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0, 0xFF, 0x2F, 0);
        byte[] file = concat(header(7, 1, 0), t);
        file[7] = 2; // header length 2
        Result r = tolerant(file);
        assertEquals(480, r.score().ticksPerQuarter());
        assertEquals("1", r.score().metadata().get("midi.format"));
        assertEquals(List.of(new Note(60, 90, 0, 96)), notes(r.score()));
        warning(r, 4, "expected a header length of at least 6, found 2; assumed the standard length 6");
        warning(r, 8, "format 7 is not a MIDI format (0, 1 or 2); read as format 1");
        warning(r, 12, "expected ticks per quarter note > 0, found 0; assumed 480 ticks per quarter note");
        failure(Mode.STRICT, file, 4, "at least 6");

        Result smpte = tolerant(concat(header(1, 1, 0xE900), t)); // -23 frames per second, 0 ticks per frame
        assertEquals(480, smpte.score().ticksPerQuarter());
        warning(smpte, 12, "found 23 frames per second and 0 ticks per frame; assumed 480 ticks per quarter note");
    }

    @Test
    void warningsAreCappedAndSayHowManyWereLeftOut() throws Exception {
        int strays = 3000;
        int[] events = new int[4 + 3 * (strays - 1)];
        int i = 0;
        events[i++] = 0;
        events[i++] = 0x80;
        events[i++] = 60;
        events[i++] = 0;
        for (int k = 1; k < strays; k++) {
            events[i++] = 0;
            events[i++] = 60;
            events[i++] = 0;
        }
        Result r = tolerant(single(events));
        assertEquals(MidiReader.MAX_WARNINGS + 1, r.warnings().size());
        Warning last = r.warnings().get(MidiReader.MAX_WARNINGS);
        assertEquals("2000 more warnings not listed, the first of them here", last.message());
        assertEquals(22 + 4 + 3 * (MidiReader.MAX_WARNINGS - 1) + 1, last.offset());
    }

    @Test
    void readLogsTheWarningsWithTheFileName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("clock.mid");
        Files.write(file, single(0, 0x90, 60, 64, 0, 0xF8, 0x60, 0x80, 60, 0));
        Logger jul = Logger.getLogger(MidiReader.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        jul.addHandler(capture);
        try {
            assertEquals(1, MidiReader.read(file).noteCount());
        } finally {
            jul.removeHandler(capture);
        }
        assertTrue(records.stream().anyMatch(rec -> rec.getMessage().equals(file + ": 1 warning(s) while reading MIDI, the first at byte 27: "
                + "track 0: skipped 1 system real-time message 0xF8 (timing clock), the first here")), records.toString());
        MidiFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MidiFormatException.class, () -> MidiReader.read(file, Mode.STRICT));
        assertEquals(file + ": at byte 27: expected a channel, meta (0xFF) or sysex (0xF0/0xF7) status, found 0xF8", e.getMessage());
    }
}
