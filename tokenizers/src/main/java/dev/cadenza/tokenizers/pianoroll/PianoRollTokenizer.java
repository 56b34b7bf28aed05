package dev.cadenza.tokenizers.pianoroll;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Piano rolls: a score as a sequence of frames over the 88 piano keys (MIDI 21..108), {@code framesPerQuarter} frames
 * per quarter note, each key on (1) or off (0), as the polyphonic music benchmark of Boulanger-Lewandowski et al. (2012)
 * feeds multi-hot models. A held note and a re-struck one look the same, as in the benchmark.
 * <p>
 * A note covers the frames from its onset to its end, both rounded to the nearest frame, and at least one frame, so a
 * note shorter than a frame is kept. {@link #score(float[][])} goes back: a key on in consecutive frames is one held
 * note, and the notes go into parts by the {@code voices} option: {@code satb} (four voices: in each frame the keys on,
 * highest first, go to soprano, alto, tenor, bass), {@code piano} (right hand from middle C up, left hand below) or
 * {@code single} (one part).
 * <p>
 * The token form, for checkpoints and the evaluation's n-gram statistics: each frame is the keys on in it, lowest
 * first, as their MIDI numbers ("21".."108"), then the frame end {@value #FRAME_END}. The vocabulary is fixed: id 0 is
 * the frame end and id {@code k + 1} is key {@code k} (pitch {@code 21 + k}).
 * <p>
 * Options: {@code framesPerQuarter} (1..96, default 4: a sixteenth-note grid), {@code voices} (default {@code piano}),
 * {@code bpm} (quarter notes per minute of decoded scores, default 100).
 */
public final class PianoRollTokenizer implements Tokenizer<Score> {
    /** The provider name, saved in checkpoints. */
    public static final String NAME = "piano-roll";
    /** The lowest piano key, A0: key index 0 of a frame. */
    public static final int LOWEST_KEY = 21;
    /** The number of keys, and of values per frame: frames hold keys 21..108. */
    public static final int KEYS = 88;
    /** The token that ends a frame. */
    public static final String FRAME_END = "|";
    /** Ticks per frame of decoded scores. */
    static final int TICKS_PER_FRAME = 120;
    private static final String[] SATB = {"Soprano", "Alto", "Tenor", "Bass"};
    private static final Vocabulary VOCABULARY;

    static {
        List<String> tokens = new ArrayList<>();
        tokens.add(FRAME_END);
        for (int k = 0; k < KEYS; k++) tokens.add(Integer.toString(LOWEST_KEY + k));
        VOCABULARY = Vocabulary.of(tokens);
    }

    /** How decoded notes are laid out in parts. */
    public enum Voices {
        /** Four voices: in each frame the keys on, highest first, go to soprano, alto, tenor and bass. */
        SATB,
        /** Two staves: the right hand from middle C up, the left hand below. */
        PIANO,
        /** One part with every note. */
        SINGLE
    }

    private final int framesPerQuarter;
    private final Voices voices;
    private final double bpm;

    /** A sixteenth-note grid, two piano staves, 100 quarter notes per minute. */
    public PianoRollTokenizer() {
        this(Map.of());
    }

    /**
     * A tokenizer with options in their string form: {@code framesPerQuarter} (4), {@code voices} ({@code satb},
     * {@code piano} or {@code single}; {@code piano}), {@code bpm} (100).
     *
     * @throws IllegalArgumentException for an unknown option or a value out of range, naming it
     * @param options {@code framesPerQuarter}, {@code voices} and {@code bpm} in their string form
     */
    public PianoRollTokenizer(Map<String, String> options) {
        Options o = Options.of(options).readBy("tokenizer '" + NAME + "'", Set.of("framesPerQuarter", "voices", "bpm"));
        this.framesPerQuarter = o.integer("framesPerQuarter", 4, 1, 96);
        this.voices = Voices.valueOf(o.choice("voices", "piano", Set.of("satb", "piano", "single")).toUpperCase(java.util.Locale.ROOT));
        this.bpm = o.number("bpm", 100, 1e-3, 1000);
    }

    /**
     * Frames per quarter note.
     *
     * @return 1..96
     */
    public int framesPerQuarter() {
        return framesPerQuarter;
    }

    /**
     * How decoded frames are laid out in parts.
     *
     * @return the layout
     */
    public Voices voices() {
        return voices;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("framesPerQuarter", Integer.toString(framesPerQuarter));
        c.put("voices", voices.name().toLowerCase(java.util.Locale.ROOT));
        c.put("bpm", Double.toString(bpm));
        return c;
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public Class<Score> itemType() {
        return Score.class;
    }

    /** A key token sounds its pitch; the frame end sounds nothing. */
    @Override
    public int[] pitches(int token) {
        if (token < 0 || token >= VOCABULARY.size()) throw new IllegalArgumentException("token " + token + " is outside 0.." + KEYS);
        return token == 0 ? new int[0] : new int[] {LOWEST_KEY + token - 1};
    }

    /**
     * The key index (0..87) of a MIDI pitch, or an IllegalArgumentException for a pitch off the keyboard.
     *
     * @param pitch a MIDI pitch
     * @return the key index, 0..87
     */
    public static int key(int pitch) {
        if (pitch < LOWEST_KEY || pitch >= LOWEST_KEY + KEYS)
            throw new IllegalArgumentException("pitch " + pitch + " is off the 88 piano keys (21..108)");
        return pitch - LOWEST_KEY;
    }

    /**
     * The piano roll of a score's pitched notes (drum parts left out): {@code ceil} of the last note's end in frames,
     * each frame {@value #KEYS} values of 0 or 1.
     *
     * @throws IllegalArgumentException for a note off the keyboard, naming its pitch, part and onset
     * @param score a score
     * @return new frames, one array of {@value #KEYS} per frame
     */
    public float[][] frames(Score score) {
        double ticksPerFrame = (double) score.ticksPerQuarter() / framesPerQuarter;
        int length = 0;
        for (Part p : score.parts())
            if (!p.drums()) for (Note n : p.notes()) length = Math.max(length, span(n, ticksPerFrame)[1]);
        float[][] frames = new float[length][KEYS];
        for (Part p : score.parts()) {
            if (p.drums()) continue;
            for (Note n : p.notes()) {
                int k;
                try {
                    k = key(n.pitch());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("part '" + p.name() + "', note at tick " + n.onset() + ": " + e.getMessage(), e);
                }
                int[] s = span(n, ticksPerFrame);
                for (int t = s[0]; t < s[1]; t++) frames[t][k] = 1;
            }
        }
        return frames;
    }

    /** The frames [from, to) a note covers: onset and end rounded to the nearest frame, at least one frame. */
    private static int[] span(Note n, double ticksPerFrame) {
        int from = (int) Math.round(n.onset() / ticksPerFrame);
        int to = Math.max(from + 1, (int) Math.round(n.end() / ticksPerFrame));
        return new int[] {from, to};
    }

    /**
     * The frames as a score: {@value #TICKS_PER_FRAME} ticks per frame, a key on in consecutive frames (of the same
     * voice, for {@code satb}) one held note, velocity 80, 4/4, the tokenizer's tempo, parts by the {@code voices} option.
     *
     * @param frames frames of {@value #KEYS} values of 0 or 1
     * @return the score
     * @throws IllegalArgumentException when a frame has the wrong width or holds a value other than 0 and 1
     */
    public Score score(float[][] frames) {
        check(frames);
        List<Part> parts = new ArrayList<>();
        switch (voices) {
            case SINGLE -> parts.add(Part.of("Piano", 0, held(frames, 0, KEYS)));
            case PIANO -> {
                parts.add(Part.of("Piano right", 0, held(frames, key(60), KEYS)));
                parts.add(Part.of("Piano left", 0, held(frames, 0, key(60))));
            }
            case SATB -> {
                int[][] rows = satb(frames);
                for (int v = 0; v < SATB.length; v++) {
                    List<Note> notes = new ArrayList<>();
                    int t = 0;
                    while (t < rows.length) {
                        int p = rows[t][v], start = t;
                        while (t < rows.length && rows[t][v] == p) t++;
                        if (p != 0) notes.add(new Note(p, 80, (long) start * TICKS_PER_FRAME, (long) (t - start) * TICKS_PER_FRAME));
                    }
                    parts.add(Part.of(SATB[v], 0, notes));
                }
            }
        }
        return new Score("", TICKS_PER_FRAME * framesPerQuarter, parts, List.of(TempoChange.bpm(0, bpm)),
                List.of(new TimeSignature(0, 4, 4)), List.of(), List.of(), Map.of());
    }

    /** Notes of keys [fromKey, toKey): each run of frames with the key on is one note. */
    private static List<Note> held(float[][] frames, int fromKey, int toKey) {
        List<Note> notes = new ArrayList<>();
        for (int k = fromKey; k < toKey; k++) {
            int t = 0;
            while (t < frames.length) {
                if (frames[t][k] == 0) {
                    t++;
                    continue;
                }
                int start = t;
                while (t < frames.length && frames[t][k] != 0) t++;
                notes.add(new Note(LOWEST_KEY + k, 80, (long) start * TICKS_PER_FRAME, (long) (t - start) * TICKS_PER_FRAME));
            }
        }
        return notes;
    }

    /**
     * The pitch of each of four voices per frame (0 = silent): the keys on, highest first, go to soprano, alto, tenor,
     * bass; with fewer than four keys the outer voices come first (two keys: soprano and bass; three: soprano, alto,
     * bass); with more, neighbouring keys share a voice and its highest one is kept.
     *
     * @param frames frames of {@value #KEYS} values
     * @return one row of four MIDI pitches per frame, soprano first
     */
    public static int[][] satb(float[][] frames) {
        int[][] rows = new int[frames.length][4];
        for (int t = 0; t < frames.length; t++) {
            List<Integer> on = new ArrayList<>();
            for (int k = KEYS - 1; k >= 0; k--) if (frames[t][k] != 0) on.add(LOWEST_KEY + k);
            int n = on.size();
            int[] voiceOf = switch (n) {
                case 0 -> new int[0];
                case 1 -> new int[] {0};
                case 2 -> new int[] {0, 3};
                case 3 -> new int[] {0, 1, 3};
                default -> {
                    int[] v = new int[n];
                    for (int i = 0; i < n; i++) v[i] = i * 4 / n;
                    yield v;
                }
            };
            for (int i = n - 1; i >= 0; i--) rows[t][voiceOf[i]] = on.get(i); // highest of a shared voice written last
        }
        return rows;
    }

    /**
     * Tokens of frames: per frame the keys on, lowest first, then the frame end.
     *
     * @param frames frames of {@value #KEYS} values of 0 or 1
     * @return the token ids
     * @throws IllegalArgumentException when a frame has the wrong width or holds a value other than 0 and 1
     */
    public int[] encodeFrames(float[][] frames) {
        check(frames);
        int n = 0;
        for (float[] f : frames) for (float v : f) if (v != 0) n++;
        int[] ids = new int[n + frames.length];
        int at = 0;
        for (float[] f : frames) {
            for (int k = 0; k < KEYS; k++) if (f[k] != 0) ids[at++] = k + 1;
            ids[at++] = 0;
        }
        return ids;
    }

    /**
     * Frames of tokens; keys after the last frame end form one more frame.
     *
     * @param ids token ids within the fixed vocabulary
     * @return new frames
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    public float[][] decodeFrames(int[] ids) {
        VOCABULARY.check(ids);
        List<float[]> frames = new ArrayList<>();
        float[] frame = new float[KEYS];
        boolean open = false;
        for (int id : ids) {
            if (id == 0) {
                frames.add(frame);
                frame = new float[KEYS];
                open = false;
            } else {
                frame[id - 1] = 1;
                open = true;
            }
        }
        if (open) frames.add(frame);
        return frames.toArray(new float[0][]);
    }

    @Override
    public int[] encode(Score score) {
        return encodeFrames(frames(score));
    }

    /** One line per frame: the MIDI numbers of the keys on, lowest first, or "." for an empty frame. */
    @Override
    public String decodeText(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (float[] f : decodeFrames(ids)) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < KEYS; k++) if (f[k] != 0) line.append(line.length() == 0 ? "" : " ").append(LOWEST_KEY + k);
            sb.append(line.length() == 0 ? "." : line).append('\n');
        }
        return sb.toString();
    }

    @Override
    public Score decodeScore(int[] ids) {
        return score(decodeFrames(ids));
    }

    private static void check(float[][] frames) {
        for (int t = 0; t < frames.length; t++) {
            if (frames[t].length != KEYS)
                throw new IllegalArgumentException("frame " + t + " has " + frames[t].length + " values, a piano roll has " + KEYS + " keys");
            for (int k = 0; k < KEYS; k++)
                if (frames[t][k] != 0 && frames[t][k] != 1)
                    throw new IllegalArgumentException("frame " + t + ", key " + (LOWEST_KEY + k) + " holds " + frames[t][k] + "; frames hold 0 or 1");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PianoRollTokenizer p && p.framesPerQuarter == framesPerQuarter && p.voices == voices && p.bpm == bpm;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {framesPerQuarter, voices, bpm});
    }

    @Override
    public String toString() {
        return "PianoRollTokenizer" + config();
    }
}
