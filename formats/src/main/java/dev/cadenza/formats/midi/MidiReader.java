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
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Reads Standard MIDI Files (formats 0, 1 and 2; ticks-per-quarter or SMPTE time division) into a {@link Score},
 * with its own parser: every length in the file is checked against the bytes that are really there before it is
 * used, so the reader never allocates what a header merely claims and never runs past the data.
 *
 * <h2>Modes</h2>
 * {@link Mode#TOLERANT} (the default of every method without a mode) recovers what a broken file still holds, as
 * midicsv and most players do, and reports each thing it skipped, repaired or assumed as a {@link Warning}:
 * <ul>
 * <li>a chunk that claims more bytes than the file has (a file cut short, or a corrupt length) is read up to the end
 *     of the file, or up to the next {@code "MTrk"} id when one follows;</li>
 * <li>an event cut off or malformed inside a track (a truncated event, a data byte with the high bit set, a
 *     variable-length quantity over 4 bytes, a meta or sysex length past the chunk) ends that track there: the events
 *     before it are kept, the rest of the chunk is skipped, and nothing after the break is guessed at, so no note is
 *     ever invented;</li>
 * <li>system common and real-time messages inside a track (0xF1 MTC quarter frame with its data byte, 0xF2 song
 *     position with 2, 0xF3 song select with 1, 0xF4-0xF6 and 0xF8-0xFE with none: a sequencer's recorded timing
 *     clock 0xF8, start 0xFA, stop 0xFC, active sensing 0xFE) are skipped, also where a real-time byte sits between
 *     the data bytes of another message; running status carries across them, as it does across meta and sysex events
 *     (midicsv and javax.sound.midi do the same);</li>
 * <li>bytes between or after chunks that do not form a chunk are skipped up to the next {@code "MTrk"} id, or to the
 *     end of the file;</li>
 * <li>an unusable header length, format number or time division is replaced by the standard length (6), format 1 or
 *     480 ticks per quarter note.</li>
 * </ul>
 * Only a file with nothing to read is refused with a {@link MidiFormatException}: one without the 14-byte
 * {@code MThd} header (an empty file, a file of another kind) or without any {@code MTrk} chunk. A file that is
 * readable but holds no note (a conductor track only, or cut before its first note) gives a score without parts.
 * <p>
 * {@link Mode#STRICT} throws a {@link MidiFormatException} at the first of the faults above, naming the file, the
 * byte offset and what was expected there. It still reads what the Standard MIDI File specification allows or what
 * every reader accepts, with the same warnings as the tolerant mode: unknown chunk types (skipped), more or fewer
 * {@code MTrk} chunks than the header announces, padding after the announced tracks, tracks without End-of-Track,
 * note-offs without a note and notes without a note-off.
 *
 * <h2>Warnings</h2>
 * Each {@link Warning} names the file, the byte offset (from the start of the file) where the reader found what it
 * reports, and a sentence saying what it skipped or assumed; its {@link Warning#toString()} reads like an error
 * message: {@code "song.mid: at byte 1234: track 2: expected a data byte (0x00-0x7F), found 0x91; skipped the event
 * that starts at byte 1231 and the 40 bytes after it to the end of the chunk"}. At most {@value #MAX_WARNINGS} are
 * listed; one more says how many were left out. {@link #read(Path)} logs them through {@link System.Logger} (a
 * WARNING line naming the file, the count and the first, and each one at DEBUG); {@link #readWithWarnings(Path)}
 * returns them.
 *
 * <h2>What it keeps</h2>
 * <ul>
 * <li>one {@link Part} per (track, channel) that holds notes, in track order then channel order, named after its
 *     track (meta 0x03); channel 10 (index 9) parts have {@code drums = true};</li>
 * <li>the part's program: the last program change on its channel at or before its first note, taken from its own
 *     track when there is one there, else from any track, else 0; program changes after the first note stay in
 *     {@link Part#programChanges()};</li>
 * <li>control changes (sustain pedal CC64 and the others) in {@link Part#controls()}; those of a track and channel
 *     without notes go to the first part on the same channel;</li>
 * <li>the tempo map (0x51), time signatures (0x58), key signatures (0x59) from every track; the title (name of the
 *     first track), copyright (0x02) and text (0x01) in the metadata, with {@code midi.format}. Text is decoded as
 *     ISO-8859-1, which never fails; files written in Shift-JIS or GBK show mojibake names.</li>
 * </ul>
 * Pairing rule: a note-off (0x8n, or 0x9n with velocity 0) ends the <em>earliest</em> still-sounding note of the same
 * track, channel and pitch (first in, first out), as most readers do. A note-off with nothing to end is ignored, a
 * note that is still sounding when its track ends is ended at the track's last event, and a note that ends at the
 * tick it starts is given one tick; each of these is reported as a warning. Pitch bend, aftertouch and sysex are
 * skipped.
 * <p>
 * <b>Format 2</b> (independent sequences): the tracks are read as consecutive patterns in time, each starting where
 * the previous one ends, at its End-of-Track tick. That is how TiMidity++ plays them (it starts each track at the
 * last event read so far, which differs only where a pattern ends with a rest); music21 reads every track as a part
 * from tick 0, and midicsv lists each track from tick 0. Patterns played together would sound sequences that were
 * never meant to sound at once. The start tick of each track is kept in the metadata as {@code midi.sequenceStarts}
 * (comma-separated), so a caller can cut the score back into its sequences.
 * <p>
 * <b>SMPTE time division</b> (frames per second and ticks per frame instead of ticks per quarter note): ticks keep
 * their real length; the score gets {@code frames x ticksPerFrame} ticks per quarter and one tempo of 1,000,000
 * microseconds per quarter (1,001,000 for 29.97 drop-frame), so a quarter note lasts one second of ticks, and any
 * tempo events of the file (which SMPTE time ignores) are left out with a warning. The metadata keeps
 * {@code midi.smpte}, e.g. {@code "25 frames per second, 40 ticks per frame"}.
 */
public final class MidiReader {
    /** Largest file accepted from a stream: far above any real MIDI file, low enough never to exhaust memory. */
    public static final int MAX_FILE_BYTES = 64 << 20;

    /** Most warnings listed in one {@link Result}; one more says how many were left out. */
    public static final int MAX_WARNINGS = 1000;

    /** Ticks per quarter note assumed when the header's time division is unusable (tolerant mode). */
    static final int ASSUMED_TICKS_PER_QUARTER = 480;

    private static final System.Logger LOG = System.getLogger(MidiReader.class.getName());

    private MidiReader() {}

    /** How the reader treats a file that breaks the rules of the Standard MIDI File format. */
    public enum Mode {
        /** Recover every event that can be recovered and report what was skipped or assumed as warnings. */
        TOLERANT,
        /** Throw a {@link MidiFormatException} naming the file, the offset and the expectation at the first fault. */
        STRICT
    }

    /**
     * Something the reader skipped, repaired or assumed.
     *
     * @param source  the file name, or the name given for a stream or bytes
     * @param offset  byte offset from the start of the file where the reader found it
     * @param message what was found there and what the reader did about it
     */
    public record Warning(String source, long offset, String message) {
        /**
         * Checks that the source and message are given.
         *
         * @param source the file or stream name, not null
         * @param offset the byte offset
         * @param message what was found and done, not null
         */
        public Warning {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(message, "message");
        }

        /** {@code "<source>: at byte <offset>: <message>"}, the form of {@link MidiFormatException#getMessage()}. */
        @Override
        public String toString() {
            return source + ": at byte " + offset + ": " + message;
        }
    }

    /**
     * A score read from MIDI with what the reader skipped, repaired or assumed on the way, in file order.
     *
     * @param score the score read
     * @param warnings what was skipped, repaired or assumed, in file order; copied (at most {@link #MAX_WARNINGS} and
     *     one
     * more saying how many were left out)
     */
    public record Result(Score score, List<Warning> warnings) {
        /**
         * Copies the warnings.
         *
         * @param score not null
         * @param warnings the warnings
         */
        public Result {
            Objects.requireNonNull(score, "score");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Every file of {@code files} read (tolerantly, warnings logged) into a score, in the order given.
     *
     * @param files MIDI files
     * @return one score per file
     * @throws IOException when a file cannot be read or is not a MIDI file
     */
    public static List<Score> readAll(List<Path> files) throws IOException {
        List<Score> scores = new ArrayList<>(files.size());
        for (Path f : files) scores.add(read(f));
        return scores;
    }

    /**
     * Reads {@code file} in {@link Mode#TOLERANT} mode; warnings are logged (use {@link #readWithWarnings(Path)} to get
     * them).
     *
     * @param file a MIDI file
     * @return the score
     * @throws IOException when the file cannot be read or is not a MIDI file ({@link MidiFormatException})
     */
    public static Score read(Path file) throws IOException {
        return read(file, Mode.TOLERANT);
    }

    /**
     * Reads {@code file} in the given mode; warnings are logged.
     *
     * @param file a MIDI file
     * @param mode how faults are treated
     * @return the score
     * @throws IOException when the file cannot be read, is not a MIDI file, or (strict) breaks the format
     */
    public static Score read(Path file, Mode mode) throws IOException {
        return logged(readWithWarnings(file, mode));
    }

    /**
     * Reads a whole stream in {@link Mode#TOLERANT} mode; {@code sourceName} names it in messages.
     *
     * @param in the stream, read to its end (not closed)
     * @param sourceName the name for messages
     * @return the score
     * @throws IOException when the stream fails, is too long, or is not a MIDI file
     */
    public static Score read(InputStream in, String sourceName) throws IOException {
        return read(in, sourceName, Mode.TOLERANT);
    }

    /**
     * Reads a whole stream in the given mode; {@code sourceName} names it in messages; warnings are logged.
     *
     * @param in the stream, read to its end (not closed)
     * @param sourceName the name for messages
     * @param mode how faults are treated
     * @return the score
     * @throws IOException when the stream fails, is too long, is not a MIDI file, or (strict) breaks the format
     */
    public static Score read(InputStream in, String sourceName, Mode mode) throws IOException {
        return logged(readWithWarnings(in, sourceName, mode));
    }

    /**
     * Reads {@code file} in {@link Mode#TOLERANT} mode and returns the score with the warnings.
     *
     * @param file a MIDI file
     * @return the score and the warnings
     * @throws IOException when the file cannot be read, is too large, or is not a MIDI file
     */
    public static Result readWithWarnings(Path file) throws IOException {
        return readWithWarnings(file, Mode.TOLERANT);
    }

    /**
     * Reads {@code file} in the given mode and returns the score with the warnings.
     *
     * @param file a MIDI file
     * @param mode how faults are treated
     * @return the score and the warnings (none in strict mode)
     * @throws IOException when the file cannot be read, is too large, is not a MIDI file, or (strict) breaks the format
     */
    public static Result readWithWarnings(Path file, Mode mode) throws IOException {
        long size = Files.size(file);
        String name = file.toString();
        if (size > MAX_FILE_BYTES)
            throw new MidiFormatException(name, 0, "file of " + size + " bytes is larger than the " + MAX_FILE_BYTES + " bytes a MIDI file may have here");
        return parse(Files.readAllBytes(file), name, mode);
    }

    /**
     * Reads a whole stream in {@link Mode#TOLERANT} mode and returns the score with the warnings.
     *
     * @param in the stream, read to its end (not closed)
     * @param sourceName the name for messages
     * @return the score and the warnings
     * @throws IOException when the stream fails, is too long, or is not a MIDI file
     */
    public static Result readWithWarnings(InputStream in, String sourceName) throws IOException {
        return readWithWarnings(in, sourceName, Mode.TOLERANT);
    }

    /**
     * Reads a whole stream (at most {@link #MAX_FILE_BYTES}) in the given mode and returns the score with the warnings.
     *
     * @param in the stream, read to its end (not closed)
     * @param sourceName the name for messages
     * @param mode how faults are treated
     * @return the score and the warnings
     * @throws IOException when the stream fails, is too long, is not a MIDI file, or (strict) breaks the format
     */
    public static Result readWithWarnings(InputStream in, String sourceName, Mode mode) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES)
            throw new MidiFormatException(sourceName, MAX_FILE_BYTES, "stream is longer than the " + MAX_FILE_BYTES + " bytes a MIDI file may have here");
        return parse(bytes, sourceName, mode);
    }

    /**
     * Parses the bytes of a whole Standard MIDI File in {@link Mode#TOLERANT} mode.
     *
     * @param bytes the whole file
     * @param sourceName the name for messages, or null
     * @return the score and the warnings
     * @throws MidiFormatException when the bytes are not a MIDI file
     */
    public static Result parse(byte[] bytes, String sourceName) throws MidiFormatException {
        return parse(bytes, sourceName, Mode.TOLERANT);
    }

    /**
     * Parses the bytes of a whole Standard MIDI File in the given mode; {@code sourceName} names it in messages.
     *
     * @param bytes the whole file
     * @param sourceName the name for messages, or null
     * @param mode how faults are treated
     * @return the score and the warnings
     * @throws MidiFormatException when the bytes are not a MIDI file, or (strict) at the first fault
     */
    public static Result parse(byte[] bytes, String sourceName, Mode mode) throws MidiFormatException {
        return new Parser(bytes, sourceName == null ? "" : sourceName, Objects.requireNonNull(mode, "mode") == Mode.STRICT).parse();
    }

    private static Score logged(Result r) {
        List<Warning> w = r.warnings();
        if (!w.isEmpty() && LOG.isLoggable(System.Logger.Level.WARNING)) {
            Warning first = w.get(0);
            LOG.log(System.Logger.Level.WARNING, first.source() + ": " + w.size() + " warning(s) while reading MIDI, the first at byte "
                    + first.offset() + ": " + first.message());
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) for (Warning each : w) LOG.log(System.Logger.Level.DEBUG, each.toString());
        }
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

    /** One MTrk chunk while it is being read. */
    private static final class TrackState {
        final int index;
        /** Tick of the last complete event. */
        long tick;
        int running = -1;
        String name;
        boolean ended;
        /** Byte offset of the event being read (its delta time). */
        int eventAt;
        /** Sounding notes by channel << 7 | pitch: {onset tick, velocity, byte offset of the note-on}. */
        final Map<Integer, ArrayDeque<long[]>> sounding = new HashMap<>();
        /** System common and real-time messages skipped, by status & 0x0F, with the offset of the first of each. */
        final int[] systemCount = new int[16];
        final long[] systemFirst = new long[16];

        TrackState(int index, long startTick) {
            this.index = index;
            this.tick = startTick;
        }

        void system(int status, long at) {
            if (systemCount[status & 0x0F]++ == 0) systemFirst[status & 0x0F] = at;
        }
    }

    private static final class Parser {
        private final byte[] b;
        private final String source;
        private final boolean strict;
        private final List<Warning> warnings = new ArrayList<>();
        private int warningsLeftOut;
        private long firstLeftOutAt;
        private int pos;

        private int ticksPerQuarter;
        /** Microseconds per quarter that make SMPTE ticks their real length; 0 for ticks-per-quarter files. */
        private int smpteMicros;
        private String smpte;

        private final TreeMap<Integer, PartBuilder> parts = new TreeMap<>();
        private final List<String> trackNames = new ArrayList<>();
        private final List<TempoChange> tempos = new ArrayList<>();
        private long firstTempoAt = -1;
        private final List<TimeSignature> meters = new ArrayList<>();
        private final List<KeySignature> keys = new ArrayList<>();
        private final StringBuilder copyright = new StringBuilder();
        private final StringBuilder text = new StringBuilder();

        Parser(byte[] bytes, String source, boolean strict) {
            this.b = bytes;
            this.source = source;
            this.strict = strict;
        }

        private MidiFormatException error(long at, String problem) {
            return new MidiFormatException(source, at, problem);
        }

        private void warn(long at, String message) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(new Warning(source, at, message));
            } else if (warningsLeftOut++ == 0) {
                firstLeftOutAt = at;
            }
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
            for (int i = at; i < at + 4 && i < b.length; i++) {
                int c = b[i] & 0xFF;
                s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
            }
            return s.toString();
        }

        private boolean printableId(int at) {
            for (int i = at; i < at + 4; i++) if ((b[i] & 0xFF) < 0x20 || (b[i] & 0xFF) >= 0x7F) return false;
            return true;
        }

        private boolean isMTrk(int at) {
            return at + 4 <= b.length && b[at] == 'M' && b[at + 1] == 'T' && b[at + 2] == 'r' && b[at + 3] == 'k';
        }

        /** Offset of the first {@code "MTrk"} id at or after {@code from}, or -1. */
        private int nextMTrk(int from) {
            for (int i = Math.max(from, 0); i + 4 <= b.length; i++) if (isMTrk(i)) return i;
            return -1;
        }

        /**
         * Tolerant mode: bytes at {@code from} that are not a chunk are skipped up to the next {@code "MTrk"} id
         * (returns true) or, when none follows, to the end of the file (returns false).
         */
        private boolean skipToNextTrack(int from, String what) {
            int next = nextMTrk(from + 1);
            if (next < 0) {
                warn(from, what + "; the " + (b.length - from) + " bytes from here to the end of the file are ignored");
                pos = b.length;
                return false;
            }
            warn(from, what + "; skipped " + (next - from) + " bytes to the \"MTrk\" chunk at byte " + next);
            pos = next;
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
            long headerLength = u32("header length");
            int format = u16("format");
            int declaredTracks = u16("track count");
            int division = u16("time division");
            String lengthProblem = headerLength < 6 ? "expected a header length of at least 6, found " + headerLength
                    : headerLength > b.length - 8 ? "header length " + headerLength + " runs past the end of the file (" + b.length + " bytes)" : null;
            if (lengthProblem != null) {
                if (strict) throw error(4, lengthProblem);
                warn(4, lengthProblem + "; assumed the standard length 6");
                pos = 14;
            } else {
                pos = 8 + (int) headerLength;
            }
            if (format > 2) {
                if (strict) throw error(8, "expected MIDI format 0, 1 or 2, found " + format);
                warn(8, "format " + format + " is not a MIDI format (0, 1 or 2); read as format 1");
                format = 1;
            }
            timeDivision(division);

            int track = 0;
            long sequenceStart = 0;
            StringJoiner sequenceStarts = new StringJoiner(",");
            while (pos < b.length) {
                int chunkAt = pos;
                boolean afterAnnounced = track >= declaredTracks && track > 0;
                if (b.length - pos < 8 || !printableId(pos)) {
                    if (afterAnnounced) {
                        // Padding or junk after all announced tracks (some writers leave it): nothing more to read.
                        warn(pos, (b.length - pos) + " bytes after the last track are not a chunk; ignored");
                        break;
                    }
                    if (strict) {
                        need(8, b.length, "a chunk header (id and length)");
                        throw error(chunkAt, "expected a chunk id such as \"MTrk\", found \"" + chunkId(pos) + "\"");
                    }
                    if (!skipToNextTrack(chunkAt, b.length - pos < 8 ? "expected a chunk header (id and length, 8 bytes), but the file ends after " + (b.length - pos)
                            : "expected a chunk id such as \"MTrk\", found \"" + chunkId(pos) + "\"")) break;
                    continue;
                }
                String id = chunkId(pos);
                boolean mtrk = id.equals("MTrk");
                pos += 4;
                long length = u32("chunk length");
                int end;
                if (length > b.length - pos) {
                    String problem = "chunk \"" + id + "\" claims " + length + " bytes, but only " + (b.length - pos) + " remain in the file";
                    if (strict) throw error(chunkAt + 4, problem);
                    if (!mtrk) {
                        // An unknown id with an impossible length is more likely junk than a chunk.
                        if (!skipToNextTrack(chunkAt, problem)) break;
                        continue;
                    }
                    int next = nextMTrk(pos);
                    end = next < 0 ? b.length : next;
                    warn(chunkAt + 4, problem + (next < 0 ? "; read what there is" : "; read up to the next \"MTrk\" id at byte " + next));
                } else {
                    end = pos + (int) length;
                }
                if (mtrk) {
                    long trackEnd = readTrack(track++, end, format == 2 ? sequenceStart : 0);
                    if (format == 2) {
                        sequenceStarts.add(Long.toString(sequenceStart));
                        sequenceStart = trackEnd;
                    }
                } else {
                    warn(chunkAt, "skipped a chunk of unknown type \"" + id + "\" (" + length + " bytes)");
                }
                pos = end;
            }
            if (track == 0) throw error(b.length, "expected at least one MTrk chunk, found none");
            if (track != declaredTracks)
                warn(10, "the header announces " + declaredTracks + " tracks, the file holds " + track + " MTrk chunks; all were read");
            if (format == 0 && track > 1) warn(8, "format 0 file with " + track + " tracks; all were read");
            Score score = build(format, format == 2 ? sequenceStarts.toString() : null);
            if (warningsLeftOut > 0) warnings.add(new Warning(source, firstLeftOutAt, warningsLeftOut + " more warnings not listed, the first of them here"));
            return new Result(score, warnings);
        }

        /** Sets the score's resolution from the header's time division (ticks per quarter, or SMPTE frames and ticks). */
        private void timeDivision(int division) throws MidiFormatException {
            String problem = null;
            if ((division & 0x8000) != 0) {
                int framesPerSecond = -(byte) (division >> 8), ticksPerFrame = division & 0xFF;
                boolean knownRate = framesPerSecond == 24 || framesPerSecond == 25 || framesPerSecond == 29 || framesPerSecond == 30;
                if (knownRate && ticksPerFrame > 0) {
                    // 29 is 30-frame drop-frame timecode, which runs at 30000/1001 frames per second.
                    ticksPerQuarter = (framesPerSecond == 29 ? 30 : framesPerSecond) * ticksPerFrame;
                    smpteMicros = framesPerSecond == 29 ? 1_001_000 : 1_000_000;
                    smpte = (framesPerSecond == 29 ? "29.97 (30 drop-frame)" : Integer.toString(framesPerSecond))
                            + " frames per second, " + ticksPerFrame + " ticks per frame";
                    return;
                }
                problem = "expected an SMPTE time division of 24, 25, 29 (drop-frame) or 30 frames per second and at least 1 tick per frame, found "
                        + framesPerSecond + " frames per second and " + ticksPerFrame + " ticks per frame";
            } else if (division == 0) {
                problem = "expected ticks per quarter note > 0, found 0";
            }
            if (problem == null) {
                ticksPerQuarter = division;
                return;
            }
            if (strict) throw error(12, problem);
            warn(12, problem + "; assumed " + ASSUMED_TICKS_PER_QUARTER + " ticks per quarter note");
            ticksPerQuarter = ASSUMED_TICKS_PER_QUARTER;
        }

        /**
         * Reads the MTrk body from {@code pos} to {@code end} as track {@code track}, its ticks counted from
         * {@code startTick}; returns the tick where the track ends (its End-of-Track, else its last event).
         */
        private long readTrack(int track, int end, long startTick) throws MidiFormatException {
            TrackState t = new TrackState(track, startTick);
            boolean cut = false;
            try {
                events(t, end);
            } catch (MidiFormatException e) {
                if (strict) throw e;
                // Keep what precedes the break; guessing where the next event starts could invent notes.
                warn(e.offset(), "track " + track + ": " + e.problem() + "; skipped the event that starts at byte " + t.eventAt
                        + (end > t.eventAt ? " and the rest of the chunk, " + (end - t.eventAt) + " bytes in all" : ""));
                pos = end;
                cut = true;
            }
            if (!t.ended && !cut) warn(end, "track " + track + " has no End-of-Track event");
            for (int low = 0; low < 16; low++)
                if (t.systemCount[low] > 0) {
                    int status = 0xF0 | low, n = t.systemCount[low];
                    warn(t.systemFirst[low], String.format("track %d: skipped %d system %s message%s 0x%02X (%s), the first here",
                            track, n, status < 0xF8 ? "common" : "real-time", n == 1 ? "" : "s", status, systemName(status)));
                }
            trackNames.add(t.name == null ? "" : t.name);
            // Notes still sounding at the end of the track end with it.
            for (Map.Entry<Integer, ArrayDeque<long[]>> e : new TreeMap<>(t.sounding).entrySet()) {
                int channel = e.getKey() >> 7, pitch = e.getKey() & 0x7F;
                for (long[] on : e.getValue()) {
                    warn(on[2], "track " + track + " channel " + (channel + 1) + ": note " + pitch + " from tick " + on[0]
                            + " never ends; ended at the track end, tick " + Math.max(t.tick, on[0] + 1));
                    addNote(track, channel, pitch, on, t.tick);
                }
            }
            return t.tick;
        }

        private static String systemName(int status) {
            return switch (status) {
                case 0xF1 -> "MIDI time code quarter frame";
                case 0xF2 -> "song position pointer";
                case 0xF3 -> "song select";
                case 0xF6 -> "tune request";
                case 0xF8 -> "timing clock";
                case 0xFA -> "start";
                case 0xFB -> "continue";
                case 0xFC -> "stop";
                case 0xFE -> "active sensing";
                default -> "undefined";
            };
        }

        /** The events of one track; a fault throws, leaving {@code t} as it was after the last complete event. */
        private void events(TrackState t, int end) throws MidiFormatException {
            while (pos < end) {
                t.eventAt = pos;
                long tick = t.tick + vlq(end, "a delta time");
                int statusAt = pos;
                int status = u8(end, "an event status byte");
                if (status < 0x80) {
                    if (t.running < 0)
                        throw error(statusAt, String.format("expected a status byte, found data byte 0x%02X with no previous status to run on", status));
                    pos--; // the byte is the first data byte of a running-status event
                    status = t.running;
                }
                if (status <= 0xEF) {
                    t.running = status;
                    int type = status & 0xF0, channel = status & 0x0F;
                    int d1 = data(end, t), d2 = type == 0xC0 || type == 0xD0 ? 0 : data(end, t);
                    t.tick = tick;
                    switch (type) {
                        case 0x90 -> {
                            if (d2 > 0) {
                                t.sounding.computeIfAbsent(channel << 7 | d1, k -> new ArrayDeque<>()).addLast(new long[] {tick, d2, statusAt});
                            } else {
                                noteOff(t, channel, d1, statusAt);
                            }
                        }
                        case 0x80 -> noteOff(t, channel, d1, statusAt);
                        case 0xB0 -> part(t.index, channel).controls.add(new ControlChange(tick, d1, d2));
                        case 0xC0 -> part(t.index, channel).programs.add(new ProgramChange(tick, d1));
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
                    t.tick = tick;
                    if (type == 0x2F) {
                        t.ended = true;
                        if (pos < end) warn(pos, "track " + t.index + ": " + (end - pos) + " bytes after End-of-Track ignored");
                        pos = end;
                        break;
                    }
                    String n = meta(type, dataAt, length, tick, t.index, statusAt);
                    if (n != null && t.name == null) t.name = n;
                } else if (status == 0xF0 || status == 0xF7) {
                    int lengthAt = pos;
                    int length = vlq(end, "a system-exclusive length");
                    if (length > end - pos)
                        throw error(lengthAt, "system-exclusive event claims " + length + " bytes, but only " + (end - pos) + " remain in the track chunk");
                    pos += length;
                    t.tick = tick;
                } else if (!strict) {
                    // System common (with its data bytes) and real-time messages have no place in a file, but
                    // sequencers record them; they carry no notes, and running status carries across them.
                    int dataBytes = status == 0xF2 ? 2 : status == 0xF1 || status == 0xF3 ? 1 : 0;
                    for (int i = 0; i < dataBytes; i++) data(end, t);
                    t.system(status, statusAt);
                    t.tick = tick;
                } else {
                    throw error(statusAt, String.format("expected a channel, meta (0xFF) or sysex (0xF0/0xF7) status, found 0x%02X", status));
                }
            }
        }

        /** One data byte; in tolerant mode real-time bytes (0xF8-0xFE) before it are skipped, as MIDI allows on the wire. */
        private int data(int end, TrackState t) throws MidiFormatException {
            while (true) {
                int at = pos;
                int d = u8(end, "a data byte");
                if (d < 0x80) return d;
                if (strict || d < 0xF8 || d == 0xFF) throw error(at, String.format("expected a data byte (0x00-0x7F), found 0x%02X", d));
                t.system(d, at);
            }
        }

        private void noteOff(TrackState t, int channel, int pitch, int at) {
            ArrayDeque<long[]> q = t.sounding.get(channel << 7 | pitch);
            if (q == null || q.isEmpty()) {
                warn(at, "track " + t.index + " channel " + (channel + 1) + ": note-off for " + pitch + " at tick " + t.tick + " with no sounding note; ignored");
                return;
            }
            long[] on = q.pollFirst();
            if (t.tick == on[0]) warn(at, "track " + t.index + " channel " + (channel + 1) + ": note " + pitch + " at tick " + t.tick + " ends where it starts; given one tick");
            addNote(t.index, channel, pitch, on, t.tick);
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

        /** Handles one meta event whose status byte is at {@code eventAt}; returns the track name when it is one. */
        private String meta(int type, int at, int length, long tick, int track, int eventAt) {
            switch (type) {
                case 0x01 -> append(text, latin1(at, length));
                case 0x02 -> append(copyright, latin1(at, length));
                case 0x03 -> {
                    return latin1(at, length);
                }
                case 0x51 -> {
                    if (length < 3) {
                        warn(eventAt, "track " + track + ": tempo event with " + length + " data bytes at tick " + tick + " ignored");
                    } else {
                        int micros = (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
                        if (micros == 0) {
                            warn(eventAt, "track " + track + ": tempo of 0 microseconds per quarter at tick " + tick + " ignored");
                        } else {
                            if (firstTempoAt < 0) firstTempoAt = eventAt;
                            tempos.add(new TempoChange(tick, micros));
                        }
                    }
                }
                case 0x58 -> {
                    int num = length >= 2 ? b[at] & 0xFF : 0, pow = length >= 2 ? b[at + 1] & 0xFF : 99;
                    if (num == 0 || pow > 30) warn(eventAt, "track " + track + ": malformed time signature at tick " + tick + " ignored");
                    else meters.add(new TimeSignature(tick, num, 1 << pow));
                }
                case 0x59 -> {
                    int fifths = length >= 2 ? b[at] : 99;
                    int mode = length >= 2 ? b[at + 1] & 0xFF : 0;
                    if (fifths < -7 || fifths > 7 || mode > 1) warn(eventAt, "track " + track + ": malformed key signature at tick " + tick + " ignored");
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

        private Score build(int format, String sequenceStarts) {
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
            if (sequenceStarts != null) metadata.put("midi.sequenceStarts", sequenceStarts);
            List<TempoChange> tempoMap = tempos;
            if (smpteMicros > 0) {
                metadata.put("midi.smpte", smpte);
                if (!tempos.isEmpty())
                    warn(firstTempoAt, tempos.size() + " tempo event(s) ignored: SMPTE time division fixes the length of a tick, the first here");
                tempoMap = List.of(new TempoChange(0, smpteMicros));
            }
            if (copyright.length() > 0) metadata.put("copyright", copyright.toString());
            if (text.length() > 0) metadata.put("text", text.toString());
            String title = trackNames.isEmpty() ? "" : trackNames.get(0);
            return new Score(title, ticksPerQuarter, out, tempoMap, meters, keys, List.of(), metadata);
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
