package dev.cadenza.tokenizers.notechord;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Pitch;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The note/chord strings of the Classical-Piano-Composer seed (SYSTEMS.md S2): the notes of a score in onset order,
 * grouped by onset; a group of one note is its pitch name with octave ({@code "E4"}, {@code "C#5"}, see
 * {@link Pitch#name}), a group of several notes is the {@link NormalOrder normal order} of its pitch classes joined by
 * '.' ({@code "4.7.11"}). The vocabulary is the sorted set of distinct strings of the corpus it was fitted to.
 * <p>
 * Options:
 * <ul>
 * <li>{@code parts=first} (default): the notes of the first part that is not drums and has notes, as the seed takes
 *     the first instrument part; {@code parts=all}: every part that is not drums, merged.</li>
 * <li>{@code timing=seed} (default): tokens carry no time, as in the seed; decoding places token {@code i} at
 *     {@code i * 0.5} quarter notes, one quarter note long (music21's default length), chords' pitch classes in
 *     octave 4 (C4..B4; a chord of a single class, such as octave doublings, in octaves 4 and 5), velocity 90, piano (program 0), 120 quarters per minute, 480 ticks per quarter.</li>
 * <li>{@code timing=kept}: every token ends in {@code ":"} and the time from its onset to the next token's onset in
 *     quarter notes, as a reduced fraction on a grid of {@code grid} steps per quarter (default 12, which holds
 *     sixteenths, triplets and sextuplets exactly): {@code "E4:1/2"}, {@code "0.4.7:3/2"}, {@code "G3:2"}. Onsets are
 *     rounded to the grid before grouping (notes that round to one step form one chord) and the last token's time
 *     is its longest note. Decoding puts the tokens one after the other at those times, each note sounding until
 *     the next token (legato: rests between onsets are not kept), at {@code grid} ticks per quarter.</li>
 * </ul>
 */
public final class NoteChordTokenizer implements Tokenizer<Score> {
    /** The provider name, saved in checkpoints. */
    public static final String NAME = "note-chord";
    /** Resolution of scores decoded with {@code timing=seed}. */
    public static final int SEED_TICKS_PER_QUARTER = 480;
    static final List<String> OPTIONS = List.of("parts", "timing", "grid");

    /** Which parts' notes are tokenized. */
    public enum PartSelection {
        /** The first part that is not drums and has notes, as the seed takes the first instrument part. */
        FIRST,
        /** Every part that is not drums, merged. */
        ALL
    }

    /** Whether tokens carry the time to the next token. */
    public enum Timing {
        /** No time in the tokens, as in the seed: decoding places token i at i / 2 quarter notes. */
        SEED,
        /** Each token ends with the time to the next token's onset, in quarter notes on the grid. */
        KEPT
    }

    private final Vocabulary vocabulary;
    private final PartSelection parts;
    private final Timing timing;
    private final int grid;

    /** The pitches each token sounds, worked out once from the vocabulary by the decoder's own reading. */
    private final int[][] tokenPitches;

    /**
     * A tokenizer with options in their string form ({@code parts=first|all}, {@code timing=seed|kept},
     * {@code grid=1..960} steps per quarter note for kept timing).
     *
     * @throws IllegalArgumentException for an unknown option or value, or a vocabulary token this timing cannot decode
     * @param vocabulary the token strings, which this timing must be able to decode
     * @param options {@code parts}, {@code timing} and {@code grid} in their string form
     */
    public NoteChordTokenizer(Vocabulary vocabulary, Map<String, String> options) {
        Options o = Options.of(options).readBy("tokenizer '" + NAME + "'", Set.copyOf(OPTIONS));
        this.parts = PartSelection.valueOf(o.choice("parts", "first", Set.of("first", "all")).toUpperCase(Locale.ROOT));
        this.timing = Timing.valueOf(o.choice("timing", "seed", Set.of("seed", "kept")).toUpperCase(Locale.ROOT));
        this.grid = o.integer("grid", 12, 1, 960);
        this.vocabulary = vocabulary;
        this.tokenPitches = new int[vocabulary.size()][];
        for (int i = 0; i < tokenPitches.length; i++) tokenPitches[i] = parse(vocabulary.token(i), -1).pitches();
    }

    /** The pitches of a token as {@link #decodeScore} sounds them: a note, or a chord's pitch classes in octave 4. */
    @Override
    public int[] pitches(int token) {
        if (token < 0 || token >= tokenPitches.length)
            throw new IllegalArgumentException(NAME + ": token " + token + " is outside the vocabulary 0.." + (tokenPitches.length - 1));
        return tokenPitches[token].clone();
    }

    /**
     * A tokenizer whose vocabulary is every token string of {@code corpus}, sorted.
     *
     * @param corpus the scores to fit to
     * @param options the tokenizer's options
     * @return the tokenizer
     * @throws IllegalArgumentException for an unknown option or value
     */
    public static NoteChordTokenizer fit(Collection<Score> corpus, Map<String, String> options) {
        NoteChordTokenizer blank = blank(options);
        TreeSet<String> all = new TreeSet<>();
        for (Score s : corpus) all.addAll(blank.tokenStrings(s));
        return new NoteChordTokenizer(Vocabulary.sorted(all, List.of()), options);
    }

    /**
     * The tokenizer {@link #fit} builds from the count of each token string over a corpus (as {@link #tokenStrings}
     * gives them): every string counted at least once, sorted.
     *
     * @param counts occurrences of each token string; strings counted 0 times are left out
     * @param options the tokenizer's options
     * @return the tokenizer
     * @throws IllegalArgumentException for an unknown option or value, or a string this timing cannot decode
     */
    public static NoteChordTokenizer fromCounts(Map<String, Long> counts, Map<String, String> options) {
        TreeSet<String> all = new TreeSet<>();
        counts.forEach((token, n) -> {
            if (n > 0) all.add(token);
        });
        return new NoteChordTokenizer(Vocabulary.sorted(all, List.of()), options);
    }

    /**
     * A tokenizer with these options and an empty vocabulary: it gives token strings, before a vocabulary exists.
     *
     * @param options the tokenizer's options
     * @return the tokenizer, with no vocabulary
     * @throws IllegalArgumentException for an unknown option or value
     */
    public static NoteChordTokenizer blank(Map<String, String> options) {
        return new NoteChordTokenizer(Vocabulary.of(List.of()), options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("parts", parts.name().toLowerCase(Locale.ROOT));
        c.put("timing", timing.name().toLowerCase(Locale.ROOT));
        c.put("grid", Integer.toString(grid));
        return c;
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Class<Score> itemType() {
        return Score.class;
    }

    /**
     * The notes this tokenizer reads from {@code score}, in onset order (empty when no part qualifies).
     *
     * @param score a score
     * @return new list of the notes, in onset order
     */
    public List<Note> selectedNotes(Score score) {
        List<Note> notes = new ArrayList<>();
        for (Part p : score.parts()) {
            if (p.drums() || p.notes().isEmpty()) continue;
            notes.addAll(p.notes());
            if (parts == PartSelection.FIRST) break;
        }
        notes.sort(null);
        return notes;
    }

    /**
     * The token strings of {@code score}, before they are looked up in the vocabulary.
     *
     * @param score a score
     * @return the token strings, in onset order
     */
    public List<String> tokenStrings(Score score) {
        List<Note> notes = selectedNotes(score);
        List<String> tokens = new ArrayList<>();
        int tpq = score.ticksPerQuarter();
        int i = 0;
        while (i < notes.size()) {
            long key = onsetKey(notes.get(i), tpq);
            int j = i;
            long longest = 0;
            while (j < notes.size() && onsetKey(notes.get(j), tpq) == key) {
                longest = Math.max(longest, notes.get(j).duration());
                j++;
            }
            String body = j - i == 1 ? Pitch.name(notes.get(i).pitch()) : chord(notes.subList(i, j));
            if (timing == Timing.SEED) {
                tokens.add(body);
            } else {
                long step = j < notes.size() ? onsetKey(notes.get(j), tpq) - key : Math.max(1, Math.round(longest * (double) grid / tpq));
                tokens.add(body + ":" + fraction(step));
            }
            i = j;
        }
        return tokens;
    }

    /** The grouping key of a note: its tick (seed) or its onset rounded to the grid (kept). */
    private long onsetKey(Note n, int tpq) {
        return timing == Timing.SEED ? n.onset() : Math.round(n.onset() * (double) grid / tpq);
    }

    private static String chord(List<Note> group) {
        int[] pitches = new int[group.size()];
        for (int k = 0; k < pitches.length; k++) pitches[k] = group.get(k).pitch();
        return NormalOrder.token(pitches);
    }

    private String fraction(long steps) {
        long g = gcd(steps, grid);
        long num = steps / g, den = grid / g;
        return den == 1 ? Long.toString(num) : num + "/" + den;
    }

    private static long gcd(long a, long b) {
        return java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).longValue(); // non-negative, gcd(0, 0) = 0
    }

    @Override
    public int[] encode(Score score) {
        List<String> tokens = tokenStrings(score);
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            int id = vocabulary.idOrMinusOne(tokens.get(i));
            if (id < 0)
                throw new IllegalArgumentException(NAME + ": token '" + tokens.get(i) + "' at position " + i + (score.title().isEmpty() ? "" : " of '" + score.title() + "'")
                        + " is not in the vocabulary of " + vocabulary.size() + " tokens (fit the tokenizer to a corpus that has it)");
            ids[i] = id;
        }
        return ids;
    }

    @Override
    public String decodeText(int[] ids) {
        return vocabulary.join(ids, " ");
    }

    /** A token taken apart: MIDI pitches to sound and the time to the next token in grid steps (0 for seed timing). */
    private record Parsed(int[] pitches, long steps) {}

    private Parsed parse(String token, int position) {
        String where = "token '" + token + "'" + (position >= 0 ? " at position " + position : " of the vocabulary");
        String body = token;
        long steps = 0;
        if (timing == Timing.KEPT) {
            int colon = token.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException(NAME + ": " + where + " has no ':time' suffix, which timing=kept needs");
            body = token.substring(0, colon);
            steps = parseSteps(token.substring(colon + 1), where);
        }
        try {
            if (!body.isEmpty() && Character.isDigit(body.charAt(0))) {
                int[] pcs = NormalOrder.parse(body);
                // Chords sound in octave 4, as the seed writes them; a chord of one class (octave doublings) keeps
                // its octave above too, so that it is still a chord when it is read again.
                if (pcs.length == 1) return new Parsed(new int[] {60 + pcs[0], 72 + pcs[0]}, steps);
                for (int k = 0; k < pcs.length; k++) pcs[k] += 60;
                return new Parsed(pcs, steps);
            }
            return new Parsed(new int[] {Pitch.parse(body)}, steps);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAME + ": " + where + " is neither a pitch name like 'E4' nor a chord like '4.7.11': " + e.getMessage(), e);
        }
    }

    private long parseSteps(String time, String where) {
        try {
            int slash = time.indexOf('/');
            long num = Long.parseLong(slash < 0 ? time : time.substring(0, slash));
            long den = slash < 0 ? 1 : Long.parseLong(time.substring(slash + 1));
            if (num > 0 && den > 0 && (num * grid) % den == 0) return num * grid / den;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(NAME + ": " + where + " has time '" + time + "', expected a positive number of quarter notes on a grid of " + grid + " per quarter");
    }

    @Override
    public Score decodeScore(int[] ids) {
        vocabulary.check(ids);
        List<Note> notes = new ArrayList<>();
        int tpq = timing == Timing.SEED ? SEED_TICKS_PER_QUARTER : grid;
        long at = 0;
        for (int i = 0; i < ids.length; i++) {
            Parsed p = parse(vocabulary.token(ids[i]), i);
            long duration = timing == Timing.SEED ? tpq : p.steps();
            for (int pitch : p.pitches()) notes.add(new Note(pitch, 90, at, duration));
            at += timing == Timing.SEED ? tpq / 2 : p.steps();
        }
        return Score.of("", tpq, 120, null, List.of(Part.of("Piano", 0, notes)));
    }
}
