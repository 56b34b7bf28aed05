package dev.cadenza.formats.midi;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.ProgramChange;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a {@link Score} as a format-1 Standard MIDI File at the score's own resolution: a conductor track with the
 * title, copyright, tempo map, time and key signatures, then one track per part, named after the part, on the part's
 * channel (drum parts on channel 10, index 9; parts without a channel get the free channels in order), starting with
 * the part's program, then its program changes, control changes and notes.
 * <p>
 * {@link MidiReader} reads the result back to the same notes (pitch, onset, duration, velocity), parts, tempos and
 * signatures. Events at one tick are written note-offs first, then program changes, control changes and note-ons, so
 * a note that ends where the same pitch starts again is paired back correctly; the reader's first-in-first-out pairing
 * also needs that, among notes of one part and pitch that overlap, the one that starts first also ends first, which
 * holds for every score the reader produces.
 */
public final class MidiWriter {
    private MidiWriter() {}

    /**
     * Writes the score as a Standard MIDI File (created or replaced; not atomically, unlike the renderers' files).
     *
     * @param score the score
     * @param file the target file, in an existing folder
     * @throws IOException when the file cannot be written
     * @throws IllegalArgumentException when the score has more parts than a MIDI file has tracks
     */
    public static void write(Score score, Path file) throws IOException {
        Files.write(file, toBytes(score));
    }

    /**
     * Writes the score's Standard MIDI File bytes to {@code out}, which is not closed.
     *
     * @param score the score
     * @param out the stream
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException when the score has more parts than a MIDI file has tracks
     */
    public static void write(Score score, OutputStream out) throws IOException {
        out.write(toBytes(score));
    }

    /**
     * @throws IllegalArgumentException when the score has more parts than a MIDI file has tracks (65,534)
     * @param score the score
     * @return the whole file's bytes
     */
    public static byte[] toBytes(Score score) {
        if (score.parts().size() > 0xFFFE)
            throw new IllegalArgumentException("a MIDI file holds at most 65534 parts (one track each), the score has " + score.parts().size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> tracks = new ArrayList<>();
        tracks.add(conductor(score));
        int[] channels = channels(score.parts());
        for (int i = 0; i < score.parts().size(); i++) tracks.add(partTrack(score.parts().get(i), channels[i]));
        out.writeBytes(new byte[] {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 1});
        u16(out, tracks.size());
        u16(out, score.ticksPerQuarter());
        for (byte[] t : tracks) {
            out.writeBytes(new byte[] {'M', 'T', 'r', 'k'});
            u32(out, t.length);
            out.writeBytes(t);
        }
        return out.toByteArray();
    }

    /** The channel of each part: its own when it has one, drums on 9, otherwise the free channels in turn. */
    private static int[] channels(List<Part> parts) {
        int[] result = new int[parts.size()];
        int next = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            if (p.drums()) result[i] = Part.DRUM_CHANNEL;
            else if (p.channel() >= 0) result[i] = p.channel();
            else {
                if (next == Part.DRUM_CHANNEL) next++;
                result[i] = next % 16;
                next = (next + 1) % 16;
            }
        }
        return result;
    }

    /** One event of a track; {@code order} keeps note-offs before program, control and note-on events at one tick. */
    private record Event(long tick, int order, byte[] bytes) {}

    private static byte[] conductor(Score score) {
        List<Event> events = new ArrayList<>();
        if (!score.title().isEmpty()) events.add(new Event(0, 0, meta(0x03, latin1(score.title()))));
        String copyright = score.metadata().get("copyright");
        if (copyright != null && !copyright.isEmpty()) events.add(new Event(0, 0, meta(0x02, latin1(copyright))));
        for (TempoChange t : score.tempos()) {
            int m = t.microsPerQuarter();
            events.add(new Event(t.tick(), 1, meta(0x51, new byte[] {(byte) (m >> 16), (byte) (m >> 8), (byte) m})));
        }
        for (TimeSignature s : score.timeSignatures())
            events.add(new Event(s.tick(), 1, meta(0x58, new byte[] {(byte) s.numerator(),
                    (byte) Integer.numberOfTrailingZeros(s.denominator()), 24, 8})));
        for (KeySignature k : score.keySignatures())
            events.add(new Event(k.tick(), 1, meta(0x59, new byte[] {(byte) k.fifths(), (byte) (k.minor() ? 1 : 0)})));
        return track(events);
    }

    private static byte[] partTrack(Part part, int channel) {
        List<Event> events = new ArrayList<>();
        if (!part.name().isEmpty()) events.add(new Event(0, -1, meta(0x03, latin1(part.name()))));
        boolean programAtZero = false;
        for (ProgramChange pc : part.programChanges()) programAtZero |= pc.tick() == 0;
        if (!programAtZero) events.add(new Event(0, 1, new byte[] {(byte) (0xC0 | channel), (byte) part.program()}));
        for (ProgramChange pc : part.programChanges())
            events.add(new Event(pc.tick(), 1, new byte[] {(byte) (0xC0 | channel), (byte) pc.program()}));
        for (ControlChange cc : part.controls())
            events.add(new Event(cc.tick(), 2, new byte[] {(byte) (0xB0 | channel), (byte) cc.controller(), (byte) cc.value()}));
        for (Note n : part.notes()) {
            events.add(new Event(n.onset(), 3, new byte[] {(byte) (0x90 | channel), (byte) n.pitch(), (byte) n.velocity()}));
            events.add(new Event(n.end(), 0, new byte[] {(byte) (0x80 | channel), (byte) n.pitch(), 0x40}));
        }
        return track(events);
    }

    private static byte[] track(List<Event> events) {
        // A stable sort keeps the given order of events of one kind at one tick (e.g. two controls at one tick).
        events.sort(Comparator.comparingLong(Event::tick).thenComparingInt(Event::order));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long at = 0;
        for (Event e : events) {
            vlq(out, e.tick() - at);
            at = e.tick();
            out.writeBytes(e.bytes());
        }
        out.writeBytes(new byte[] {0, (byte) 0xFF, 0x2F, 0});
        return out.toByteArray();
    }

    private static byte[] meta(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(type);
        vlq(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A delta time as a variable-length quantity; gaps above 0x0FFFFFFF ticks (the largest 4-byte quantity) are refused. */
    private static void vlq(ByteArrayOutputStream out, long value) {
        if (value > 0x0FFFFFFFL)
            throw new IllegalArgumentException("a gap of " + value + " ticks between two events cannot be written as a MIDI delta time (at most 268435455)");
        int v = (int) value;
        int buffer = v & 0x7F;
        while ((v >>= 7) > 0) buffer = buffer << 8 | 0x80 | (v & 0x7F);
        while (true) {
            out.write(buffer & 0xFF);
            if ((buffer & 0x80) != 0) buffer >>>= 8;
            else break;
        }
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
