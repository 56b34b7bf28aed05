package dev.cadenza.formats.midi;

import dev.cadenza.music.ControlChange;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.ProgramChange;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Standard MIDI Files (formats 0 and 1) into a {@link Score}, with its own parser: every length in the file is
 * checked against the bytes that are really there before it is used, so a corrupt file fails fast with a
 * {@link MidiFormatException} naming the file, the byte offset and what was expected, and never makes the reader
 * allocate what a header merely claims.
 * <p>
 * What it keeps:
 * <ul>
 * <li>one {@link Part} per (track, channel) that holds notes, in track order then channel order, named after its
 *     track (meta 0x03); channel 10 (index 9) parts have {@code drums = true};</li>
 * <li>the part's program: the last program change on its channel at or before its first note, taken from its own
 *     track when there is one there, else from any track, else 0; program changes after the first note stay in
 *     {@link Part#programChanges()};</li>
 * <li>control changes (sustain pedal CC64 and the others) in {@link Part#controls()}; those of a track and channel
 *     without notes go to the first part on the same channel;</li>
 * <li>the tempo map (0x51), time signatures (0x58), key signatures (0x59) from every track; the title (name of the
 *     first track), copyright (0x02) and text (0x01) in the metadata. Text is decoded as ISO-8859-1, which never
 *     fails; files written in Shift-JIS or GBK show mojibake names.</li>
 * </ul>
 * Pairing rule: a note-off (0x8n, or 0x9n with velocity 0) ends the <em>earliest</em> still-sounding note of the same
 * track, channel and pitch (first in, first out), as most readers do. A note-off with nothing to end is ignored, a
 * note that is still sounding when its track ends is ended at the track's last event, and a note that ends at the
 * tick it starts is given one tick; each of these is reported in {@link Result#warnings()}.
 * <p>
 * Running status is followed across meta and system-exclusive events (as javax.sound.midi and most players do),
 * pitch bend, aftertouch and sysex are skipped. Format 2 files and SMPTE time division are refused with a clear
 * message. More MTrk chunks than the header announces are read (with a warning); chunks of other types are skipped;
 * bytes after the announced tracks that do not form a chunk are ignored with a warning, while a bad chunk before
 * them is an error.
 */
public final class MidiReader {
    /** Largest file accepted from a stream: far above any real MIDI file, low enough never to exhaust memory. */
    public static final int MAX_FILE_BYTES = 64 << 20;

    private static final System.Logger LOG = System.getLogger(MidiReader.class.getName());
    private static final int MAX_WARNINGS = 1000;

    private MidiReader() {}

    /** A score read from MIDI with what the reader repaired or left out on the way. */
    public record Result(Score score, List<String> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /** Reads {@code file}; repairs are logged at WARNING level (use {@link #readWithWarnings(Path)} to get them). */
    /** Every file of {@code files} read into a score, in the order given. */
    public static java.util.List<Score> readAll(java.util.List<Path> files) throws IOException {
        java.util.List<Score> scores = new java.util.ArrayList<>(files.size());
        for (Path f : files) scores.add(read(f));
        return scores;
    }

    public static Score read(Path file) throws IOException {
        return logged(readWithWarnings(file));
    }

    /** Reads a whole stream; {@code sourceName} names it in error messages. */
    public static Score read(InputStream in, String sourceName) throws IOException {
        return logged(readWithWarnings(in, sourceName));
    }

    public static Result readWithWarnings(Path file) throws IOException {
        long size = Files.size(file);
        String name = file.toString();
        if (size > MAX_FILE_BYTES)
            throw new MidiFormatException(name, 0, "file of " + size + " bytes is larger than the " + MAX_FILE_BYTES + " bytes a MIDI file may have here");
        return parse(Files.readAllBytes(file), name);
    }

    public static Result readWithWarnings(InputStream in, String sourceName) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES)
            throw new MidiFormatException(sourceName, MAX_FILE_BYTES, "stream is longer than the " + MAX_FILE_BYTES + " bytes a MIDI file may have here");
        return parse(bytes, sourceName);
    }

    /** Parses the bytes of a whole Standard MIDI File. */
    public static Result parse(byte[] bytes, String sourceName) throws MidiFormatException {
        return new Parser(bytes, sourceName).parse();
    }

    private static Score logged(Result r) {
        if (!r.warnings().isEmpty() && LOG.isLoggable(System.Logger.Level.WARNING))
            LOG.log(System.Logger.Level.WARNING, r.warnings().size() + " repair(s) while reading MIDI, first: " + r.warnings().get(0));
        return r.score();
    }

    /** One (track, channel) while its track is being read. */
    private static final class PartBuilder {
        final int track, channel;
        final List<Note> notes = new ArrayList<>();
        final List<ControlChange> controls = new ArrayList<>();
        final List<ProgramChange> programs = new ArrayList<>();

        PartBuilder(int track, int channel) {
            this.track = track;
            this.channel = channel;
        }
    }

    private static final class Parser {
        private final byte[] b;
        private final String source;
        private final List<String> warnings = new ArrayList<>();
        private int pos;

        private final TreeMap<Integer, PartBuilder> parts = new TreeMap<>();
        private final List<String> trackNames = new ArrayList<>();
        private final List<TempoChange> tempos = new ArrayList<>();
        private final List<TimeSignature> meters = new ArrayList<>();
        private final List<KeySignature> keys = new ArrayList<>();
        private final StringBuilder copyright = new StringBuilder();
        private final StringBuilder text = new StringBuilder();

        Parser(byte[] bytes, String source) {
            this.b = bytes;
            this.source = source;
        }

        private MidiFormatException error(long at, String problem) {
            return new MidiFormatException(source, at, problem);
        }

        private void warn(String w) {
            if (warnings.size() < MAX_WARNINGS) warnings.add(w);
            else if (warnings.size() == MAX_WARNINGS) warnings.add("more repairs not listed");
        }

        private void need(int n, int end, String what) throws MidiFormatException {
            if (end - pos < n)
                throw error(pos, "expected " + what + " (" + n + " byte" + (n == 1 ? "" : "s") + "), but "
                        + (end == b.length ? "the file ends" : "the chunk ends") + " after " + Math.max(0, end - pos));
        }

        private int u8(int end, String what) throws MidiFormatException {
            need(1, end, what);
            return b[pos++] & 0xFF;
        }

        private int u16(String what) throws MidiFormatException {
            need(2, b.length, what);
            int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        private long u32(String what) throws MidiFormatException {
            need(4, b.length, what);
            long v = (long) (b[pos] & 0xFF) << 24 | (b[pos + 1] & 0xFF) << 16 | (b[pos + 2] & 0xFF) << 8 | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        /** A variable-length quantity: at most 4 bytes, 7 bits each, high bit set on all but the last. */
        private int vlq(int end, String what) throws MidiFormatException {
            int start = pos, value = 0;
            for (int i = 0; i < 4; i++) {
                int c = u8(end, what);
                value = value << 7 | (c & 0x7F);
                if ((c & 0x80) == 0) return value;
            }
            throw error(start, "expected " + what + " as a variable-length quantity of at most 4 bytes, but its 4th byte still has the continuation bit set");
        }

        private String chunkId(int at) {
            StringBuilder s = new StringBuilder();
            for (int i = at; i < at + 4; i++) {
                int c = b[i] & 0xFF;
                s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
            }
            return s.toString();
        }

        private boolean printableId(int at) {
            for (int i = at; i < at + 4; i++) if ((b[i] & 0xFF) < 0x20 || (b[i] & 0xFF) >= 0x7F) return false;
            return true;
        }

        Result parse() throws MidiFormatException {
            if (b.length < 14) {
                if (b.length < 4 || !chunkId(0).equals("MThd"))
                    throw error(0, "expected a Standard MIDI File header \"MThd\" (14 bytes), but the file has " + b.length + " bytes");
                throw error(b.length, "expected the 14-byte MThd header, but the file ends after " + b.length + " bytes");
            }
            if (!chunkId(0).equals("MThd"))
                throw error(0, "expected the chunk id \"MThd\" of a Standard MIDI File, found \"" + chunkId(0) + "\"");
            pos = 4;
            int lengthAt = pos;
            long headerLength = u32("header length");
            if (headerLength < 6)
                throw error(lengthAt, "expected a header length of at least 6, found " + headerLength);
            if (headerLength > b.length - 8)
                throw error(lengthAt, "header length " + headerLength + " runs past the end of the file (" + b.length + " bytes)");
            int formatAt = pos;
            int format = u16("format");
            int declaredTracks = u16("track count");
            int divisionAt = pos;
            int division = u16("time division");
            pos = 8 + (int) headerLength;
            if (format == 2)
                throw error(formatAt, "MIDI format 2 (independent sequences) is not supported; expected format 0 or 1");
            if (format > 2) throw error(formatAt, "expected MIDI format 0 or 1, found " + format);
            if ((division & 0x8000) != 0)
                throw error(divisionAt, "SMPTE time division (frames per second) is not supported; expected ticks per quarter note");
            if (division == 0) throw error(divisionAt, "expected ticks per quarter note > 0, found 0");

            int track = 0;
            while (pos < b.length) {
                int chunkAt = pos;
                if (track >= declaredTracks && track > 0 && (b.length - pos < 8 || !printableId(pos))) {
                    // Padding or junk after all announced tracks (some writers leave it): nothing more to read.
                    warn((b.length - pos) + " bytes after the last track (at byte " + pos + ") are not a chunk; ignored");
                    break;
                }
                need(8, b.length, "a chunk header (id and length)");
                String id = chunkId(pos);
                boolean mtrk = id.equals("MTrk");
                if (!mtrk && !printableId(pos))
                    throw error(chunkAt, "expected a chunk id such as \"MTrk\", found \"" + id + "\"");
                pos += 4;
                long length = u32("chunk length");
                if (length > b.length - pos)
                    throw error(chunkAt + 4, "chunk \"" + id + "\" claims " + length + " bytes, but only " + (b.length - pos) + " remain in the file");
                int end = pos + (int) length;
                if (mtrk) {
                    readTrack(track++, end);
                } else {
                    warn("skipped a chunk of unknown type \"" + id + "\" at byte " + chunkAt);
                }
                pos = end;
            }
            if (track == 0) throw error(b.length, "expected at least one MTrk chunk, found none");
            if (track != declaredTracks)
                warn("the header announces " + declaredTracks + " tracks, the file holds " + track + " MTrk chunks; all were read");
            if (format == 0 && track > 1) warn("format 0 file with " + track + " tracks; all were read");
            return new Result(build(division, format), warnings);
        }

        private void readTrack(int track, int end) throws MidiFormatException {
            long tick = 0;
            int running = -1;
            String name = null;
            Map<Integer, ArrayDeque<long[]>> sounding = new HashMap<>();
            boolean ended = false;
            while (pos < end) {
                int delta = vlq(end, "a delta time");
                tick += delta;
                int statusAt = pos;
                int status = u8(end, "an event status byte");
                if (status < 0x80) {
                    if (running < 0)
                        throw error(statusAt, String.format("expected a status byte, found data byte 0x%02X with no previous status to run on", status));
                    pos--; // the byte is the first data byte of a running-status event
                    status = running;
                }
                if (status >= 0x80 && status <= 0xEF) {
                    running = status;
                    int type = status & 0xF0, channel = status & 0x0F;
                    int d1 = data(end), d2 = type == 0xC0 || type == 0xD0 ? 0 : data(end);
                    switch (type) {
                        case 0x90 -> {
                            if (d2 > 0) {
                                sounding.computeIfAbsent(channel << 7 | d1, k -> new ArrayDeque<>()).addLast(new long[] {tick, d2});
                            } else {
                                noteOff(track, channel, d1, tick, sounding);
                            }
                        }
                        case 0x80 -> noteOff(track, channel, d1, tick, sounding);
                        case 0xB0 -> part(track, channel).controls.add(new ControlChange(tick, d1, d2));
                        case 0xC0 -> part(track, channel).programs.add(new ProgramChange(tick, d1));
                        default -> { } // poly/channel aftertouch and pitch bend are not kept
                    }
                } else if (status == 0xFF) {
                    int type = u8(end, "a meta event type");
                    int lengthAt = pos;
                    int length = vlq(end, "a meta event length");
                    if (length > end - pos)
                        throw error(lengthAt, String.format("meta event 0x%02X claims %d bytes, but only %d remain in the track chunk", type, length, end - pos));
                    int dataAt = pos;
                    pos += length;
                    if (type == 0x2F) {
                        ended = true;
                        if (pos < end) warn("track " + track + ": " + (end - pos) + " bytes after End-of-Track ignored");
                        pos = end;
                        break;
                    }
                    String n = meta(type, dataAt, length, tick, track);
                    if (n != null && name == null) name = n;
                } else if (status == 0xF0 || status == 0xF7) {
                    int lengthAt = pos;
                    int length = vlq(end, "a system-exclusive length");
                    if (length > end - pos)
                        throw error(lengthAt, "system-exclusive event claims " + length + " bytes, but only " + (end - pos) + " remain in the track chunk");
                    pos += length;
                } else {
                    throw error(statusAt, String.format("expected a channel, meta (0xFF) or sysex (0xF0/0xF7) status, found 0x%02X", status));
                }
            }
            if (!ended) warn("track " + track + " has no End-of-Track event");
            trackNames.add(name == null ? "" : name);
            // Notes still sounding at the end of the track end with it.
            for (Map.Entry<Integer, ArrayDeque<long[]>> e : new TreeMap<>(sounding).entrySet()) {
                int channel = e.getKey() >> 7, pitch = e.getKey() & 0x7F;
                for (long[] on : e.getValue()) {
                    warn("track " + track + " channel " + (channel + 1) + ": note " + pitch + " from tick " + on[0] + " never ends; ended at the track end, tick " + Math.max(tick, on[0] + 1));
                    addNote(track, channel, pitch, on, tick);
                }
            }
        }

        private int data(int end) throws MidiFormatException {
            int at = pos;
            int d = u8(end, "a data byte");
            if (d >= 0x80) throw error(at, String.format("expected a data byte (0x00-0x7F), found 0x%02X", d));
            return d;
        }

        private void noteOff(int track, int channel, int pitch, long tick, Map<Integer, ArrayDeque<long[]>> sounding) {
            ArrayDeque<long[]> q = sounding.get(channel << 7 | pitch);
            if (q == null || q.isEmpty()) {
                warn("track " + track + " channel " + (channel + 1) + ": note-off for " + pitch + " at tick " + tick + " with no sounding note; ignored");
                return;
            }
            long[] on = q.pollFirst();
            if (tick == on[0]) warn("track " + track + " channel " + (channel + 1) + ": note " + pitch + " at tick " + tick + " ends where it starts; given one tick");
            addNote(track, channel, pitch, on, tick);
        }

        private void addNote(int track, int channel, int pitch, long[] on, long endTick) {
            long duration = Math.max(1, endTick - on[0]);
            part(track, channel).notes.add(new Note(pitch, (int) on[1], on[0], duration));
        }

        private PartBuilder part(int track, int channel) {
            return parts.computeIfAbsent(track << 4 | channel, k -> new PartBuilder(track, channel));
        }

        private String latin1(int at, int length) {
            int n = length;
            while (n > 0 && b[at + n - 1] == 0) n--; // some writers NUL-terminate their strings
            return new String(b, at, n, StandardCharsets.ISO_8859_1).strip();
        }

        /** Handles one meta event; returns the track name when it is one. */
        private String meta(int type, int at, int length, long tick, int track) {
            switch (type) {
                case 0x01 -> append(text, latin1(at, length));
                case 0x02 -> append(copyright, latin1(at, length));
                case 0x03 -> {
                    return latin1(at, length);
                }
                case 0x51 -> {
                    if (length < 3) {
                        warn("track " + track + ": tempo event with " + length + " data bytes at tick " + tick + " ignored");
                    } else {
                        int micros = (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
                        if (micros == 0) warn("track " + track + ": tempo of 0 microseconds per quarter at tick " + tick + " ignored");
                        else tempos.add(new TempoChange(tick, micros));
                    }
                }
                case 0x58 -> {
                    int num = length >= 2 ? b[at] & 0xFF : 0, pow = length >= 2 ? b[at + 1] & 0xFF : 99;
                    if (num == 0 || pow > 30) warn("track " + track + ": malformed time signature at tick " + tick + " ignored");
                    else meters.add(new TimeSignature(tick, num, 1 << pow));
                }
                case 0x59 -> {
                    int fifths = length >= 2 ? b[at] : 99;
                    int mode = length >= 2 ? b[at + 1] & 0xFF : 0;
                    if (fifths < -7 || fifths > 7 || mode > 1) warn("track " + track + ": malformed key signature at tick " + tick + " ignored");
                    else keys.add(new KeySignature(tick, fifths, mode == 1 ? "minor" : "major"));
                }
                default -> { } // markers, lyrics, cue points, port and sequencer metas are not kept
            }
            return null;
        }

        private static void append(StringBuilder sb, String s) {
            if (s.isEmpty()) return;
            if (sb.length() > 0) sb.append('\n');
            sb.append(s);
        }

        private Score build(int division, int format) {
            List<PartBuilder> withNotes = new ArrayList<>();
            Map<Integer, PartBuilder> firstOnChannel = new HashMap<>();
            // Program changes per channel in tick order (ties in track order), for the lookups of programAt.
            Map<Integer, List<ProgramChange>> programsByChannel = new HashMap<>();
            for (PartBuilder p : parts.values()) {
                if (!p.notes.isEmpty()) {
                    withNotes.add(p);
                    firstOnChannel.putIfAbsent(p.channel, p);
                }
                programsByChannel.computeIfAbsent(p.channel, c -> new ArrayList<>()).addAll(p.programs);
            }
            for (List<ProgramChange> l : programsByChannel.values()) l.sort(Comparator.comparingLong(ProgramChange::tick));
            Map<PartBuilder, List<ControlChange>> controls = new LinkedHashMap<>();
            for (PartBuilder p : withNotes) controls.put(p, new ArrayList<>(p.controls));
            List<PartBuilder> grown = new ArrayList<>();
            for (PartBuilder p : parts.values())
                if (p.notes.isEmpty() && !p.controls.isEmpty()) {
                    PartBuilder owner = firstOnChannel.get(p.channel);
                    if (owner != null) {
                        controls.get(owner).addAll(p.controls);
                        grown.add(owner);
                    }
                }
            for (PartBuilder owner : grown) controls.get(owner).sort(Comparator.comparingLong(ControlChange::tick));
            List<Part> out = new ArrayList<>();
            for (PartBuilder p : withNotes) {
                long first = Long.MAX_VALUE;
                for (Note n : p.notes) first = Math.min(first, n.onset());
                int program = programAt(p, first, programsByChannel.getOrDefault(p.channel, List.of()));
                List<ProgramChange> later = new ArrayList<>();
                for (ProgramChange pc : p.programs) if (pc.tick() > first) later.add(pc);
                String name = p.track < trackNames.size() ? trackNames.get(p.track) : "";
                out.add(new Part(name, program, p.channel, p.channel == Part.DRUM_CHANNEL, p.notes, controls.get(p), later));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            metadata.put("midi.format", Integer.toString(format));
            if (copyright.length() > 0) metadata.put("copyright", copyright.toString());
            if (text.length() > 0) metadata.put("text", text.toString());
            String title = trackNames.isEmpty() ? "" : trackNames.get(0);
            return new Score(title, division, out, tempos, meters, keys, List.of(), metadata);
        }

        /**
         * The program in force on the part's channel at {@code tick}: the last change at or before it in the part's
         * own track, else the last one on the channel in any track ({@code channelPrograms}, sorted by tick), else 0.
         */
        private static int programAt(PartBuilder p, long tick, List<ProgramChange> channelPrograms) {
            ProgramChange own = null;
            for (ProgramChange pc : p.programs) if (pc.tick() <= tick) own = pc;
            if (own != null) return own.program();
            int lo = 0, hi = channelPrograms.size(); // first index with tick > the note's
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (channelPrograms.get(mid).tick() <= tick) lo = mid + 1;
                else hi = mid;
            }
            return lo == 0 ? 0 : channelPrograms.get(lo - 1).program();
        }
    }
}
