package dev.cadenza.formats.midi;

import dev.cadenza.formats.midi.MidiReader.Mode;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static dev.cadenza.formats.midi.Smf.bytes;
import static dev.cadenza.formats.midi.Smf.concat;
import static dev.cadenza.formats.midi.Smf.header;
import static dev.cadenza.formats.midi.Smf.single;
import static dev.cadenza.formats.midi.Smf.track;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What the tolerant reader recovers agrees with midicsv's listing of the same file, where midicsv reads it: note-on
 * events (tick, channel, key, velocity) and note ends (tick, channel, key). midicsv reads no file that has a chunk
 * other than MTrk in it, mistakes the data bytes of 0xF1-0xF3 for delta times and real-time bytes between data bytes
 * for data, so those cases are compared with hand-made expectations in {@link MidiRecoveryTest} only.
 */
class MidiCsvAgreementTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsMidicsv() {
        Midicsv.require();
    }

    /** midicsv's note-ons with a velocity above 0, as "tick channel key velocity", each track shifted by its start. */
    private static List<String> csvOnsets(List<Midicsv.Row> rows, long[] trackStarts) {
        List<String> out = new ArrayList<>();
        for (Midicsv.Row r : rows)
            if (r.type().equals("Note_on_c") && r.intField(2) > 0)
                out.add((r.tick() + trackStarts[r.track()]) + " " + r.intField(0) + " " + r.intField(1) + " " + r.intField(2));
        out.sort(null);
        return out;
    }

    /** midicsv's note-offs (0x8n, and 0x9n with velocity 0) as "tick channel key". */
    private static List<String> csvEnds(List<Midicsv.Row> rows, long[] trackStarts) {
        List<String> out = new ArrayList<>();
        for (Midicsv.Row r : rows)
            if (r.type().equals("Note_off_c") || r.type().equals("Note_on_c") && r.intField(2) == 0)
                out.add((r.tick() + trackStarts[r.track()]) + " " + r.intField(0) + " " + r.intField(1));
        out.sort(null);
        return out;
    }

    private static List<String> onsets(Score s) {
        List<String> out = new ArrayList<>();
        for (Part p : s.parts()) for (Note n : p.notes()) out.add(n.onset() + " " + p.channel() + " " + n.pitch() + " " + n.velocity());
        out.sort(null);
        return out;
    }

    private static List<String> ends(Score s) {
        List<String> out = new ArrayList<>();
        for (Part p : s.parts()) for (Note n : p.notes()) out.add(n.end() + " " + p.channel() + " " + n.pitch());
        out.sort(null);
        return out;
    }

    /** Track starts for a file whose tracks all start at tick 0 (midicsv numbers tracks from 1 to at most 65535). */
    private static final long[] NO_SHIFT = new long[1 << 16];

    /** Reads {@code file} tolerantly and with midicsv; the notes, their starts and their ends, must agree. */
    private Score agree(byte[] file, String name, long[] trackStarts) throws Exception {
        Score ours = MidiReader.parse(file, name, Mode.TOLERANT).score();
        List<Midicsv.Row> rows = Midicsv.rows(file, dir, name);
        List<String> theirOnsets = csvOnsets(rows, trackStarts);
        assertFalse(theirOnsets.isEmpty(), name + ": midicsv lists no note");
        assertEquals(theirOnsets, onsets(ours), name + ": note-ons");
        assertEquals(csvEnds(rows, trackStarts), ends(ours), name + ": note ends");
        return ours;
    }

    @Test
    void lastChunkOneByteShort() throws Exception {
        byte[] whole = MidiWriter.toBytes(MidiRecoveryTest.eightNotes());
        assertEquals(8, agree(Arrays.copyOf(whole, whole.length - 1), "short.mid", NO_SHIFT).noteCount());
    }

    @Test
    void realTimeAndTuneRequestMessagesBetweenRunningStatusEvents() throws Exception {
        byte[] b = single(0, 0x90, 60, 64, 0, 0xF8, 0x10, 62, 65, 0, 0xFA, 0, 0xFC, 0x10, 64, 66, 0, 0xF6, 0, 0xFE,
                0x20, 0x80, 60, 0, 0, 0xF8, 0x10, 62, 0, 0xF8, 0, 64, 0);
        assertEquals(3, agree(b, "clock.mid", NO_SHIFT).noteCount());
    }

    @Test
    void format2SequencesStartWhereMidicsvEndsThePreviousTrack() throws Exception {
        byte[] p1 = track(0, 0x90, 60, 90, 0x60, 0x80, 60, 0, 0x60, 0xFF, 0x2F, 0);
        byte[] p2 = track(0, 0x90, 64, 91, 0x30, 0x90, 64, 0, 0x30, 0xFF, 0x2F, 0);
        byte[] p3 = track(0x10, 0x99, 36, 100, 0x10, 0x89, 36, 0, 0, 0x90, 67, 92, 0x10, 0x80, 67, 0, 0, 0xFF, 0x2F, 0);
        byte[] file = concat(header(2, 3, 96), p1, p2, p3);
        // midicsv lists each track from tick 0 and ends it at its End-of-Track tick: the next one starts there.
        List<Midicsv.Row> rows = Midicsv.rows(file, dir, "listing.mid");
        long[] starts = new long[5];
        for (Midicsv.Row r : rows) if (r.type().equals("End_track")) starts[r.track() + 1] = starts[r.track()] + r.tick();
        assertEquals(List.of(0L, 0L, 192L, 288L), Arrays.stream(starts, 0, 4).boxed().toList());
        Score s = agree(file, "format2.mid", starts);
        assertEquals("0,192,288", s.metadata().get("midi.sequenceStarts"));
    }

    @Test
    void junkAfterTheAnnouncedTracks() throws Exception {
        byte[] file = concat(MidiWriter.toBytes(MidiRecoveryTest.eightNotes()), bytes(0, 0, 0, 0x1A), "trailing text".getBytes());
        assertEquals(8, agree(file, "junk.mid", NO_SHIFT).noteCount());
    }

    /**
     * Each real file cut at 10 offsets: the note-ons read from the cut file are those midicsv lists for the events
     * before the cut. midicsv itself cannot be given the cut file: it reads a cut chunk into a buffer of the claimed
     * length whose tail is whatever memory held, and it finds the end of a track only by its End-of-Track event (it
     * does not count delta-time bytes). So it gets a copy that ends at the last whole event before the cut, found by
     * the framing rules alone ({@link #lastEventEnd}), followed by an End-of-Track, with the chunk length set to match.
     */
    @Test
    void everyRealFileCutAtTenPlacesGivesMidicsvsNoteOnsBeforeTheCut() throws Exception {
        Random random = new Random(11);
        int files = 0, cases = 0;
        long notes = 0;
        for (Path file : MidiCorpus.files()) {
            files++;
            byte[] whole = Files.readAllBytes(file);
            TreeSet<Integer> cuts = new TreeSet<>(List.of(whole.length));
            while (cuts.size() < 11) cuts.add(22 + random.nextInt(whole.length - 22));
            for (int cut : cuts) {
                cases++;
                String name = file.getFileName() + "[0," + cut + ")";
                Score ours = MidiReader.parse(Arrays.copyOf(whole, cut), name, Mode.TOLERANT).score();
                List<String> theirs = csvOnsets(Midicsv.rows(closedAtTheCut(whole, cut), dir, "cut.mid"), NO_SHIFT);
                assertEquals(theirs, onsets(ours), name);
                notes += ours.noteCount();
            }
        }
        System.out.printf("midicsv agreement on cut real files: %d files, %d cuts (the whole file among them), %d notes, all equal%n", files, cases, notes);
        assertEquals(41, files);
    }

    /**
     * The file up to the last whole event before {@code cut}, its track closed by an End-of-Track and the header's
     * track count set to the tracks kept: midicsv does not check that a track header was read and, at the end of the
     * file, reads the previous header again and garbage after it.
     */
    private static byte[] closedAtTheCut(byte[] whole, int cut) {
        int at = 8 + (int) u32(whole, 4), tracks = 0;
        byte[] out = null;
        while (at + 8 <= whole.length && out == null) {
            int body = at + 8, end = (int) (body + u32(whole, at + 4));
            if (cut < body) {
                out = Arrays.copyOf(whole, at); // a cut chunk header: the file ends before it
            } else if (cut < end) {
                byte[] closed = concat(Arrays.copyOfRange(whole, body, lastEventEnd(whole, body, cut)), bytes(0, 0xFF, 0x2F, 0));
                out = concat(Arrays.copyOf(whole, at), Smf.chunk("MTrk", closed));
                tracks++;
            } else {
                at = end;
                tracks++;
            }
        }
        if (out == null) return Arrays.copyOf(whole, cut);
        out[10] = (byte) (tracks >> 8);
        out[11] = (byte) tracks;
        return out;
    }

    /**
     * Where the last event that ends at or before {@code cut} ends, by the Standard MIDI File framing alone: a delta
     * time, a status byte or running status, and the event's length (2 or 1 data bytes, or a meta or sysex length).
     */
    private static int lastEventEnd(byte[] b, int from, int cut) {
        int p = from, last = from, running = 0;
        while (p < cut) {
            int q = p, n = 0;
            while (q < cut && (b[q] & 0x80) != 0) q++; // delta time
            if (++q >= cut) break;
            int status = b[q] & 0xFF;
            if (status >= 0x80) q++;
            else status = running;
            if (status < 0xF0) {
                running = status;
                n = (status & 0xF0) == 0xC0 || (status & 0xF0) == 0xD0 ? 1 : 2;
            } else {
                if (status == 0xFF) q++; // meta type
                long length = 0;
                while (q < cut && (b[q] & 0x80) != 0) length = length << 7 | (b[q++] & 0x7F);
                if (q >= cut) break;
                length = length << 7 | b[q++];
                if (length > cut) break;
                n = (int) length;
            }
            if (q + n > cut) break;
            p = last = q + n;
        }
        return last;
    }

    private static long u32(byte[] b, int at) {
        return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    @Test
    void theListingOfAKnownFileIsReadRight() throws Exception {
        byte[] file = concat(header(1, 1, 96), track(0, 0x90, 60, 1, 1, 0x80, 60, 0, 0, 0xFF, 0x2F, 0));
        List<Midicsv.Row> rows = Midicsv.rows(file, dir, "one.mid");
        assertEquals(List.of("0 0 60 1"), csvOnsets(rows, NO_SHIFT));
        assertEquals(List.of("1 0 60"), csvEnds(rows, NO_SHIFT));
    }
}
