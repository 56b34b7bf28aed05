package dev.cadenza.tokenizers.leadsheet;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Pitch;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;
import dev.cadenza.tokenizers.harmony.ChordChart;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The melody of a lead sheet as note and rest events: {@code "D5:6"} is D5 for 6 steps, {@code "r:12"} a rest of 12
 * steps, on a grid of {@link #GRID} steps per quarter note (sixteenths and eighth-note triplets exact), after a start
 * token {@code <s>}. The chords are not tokens: a recipe feeds the chord under each event beside it
 * ({@link #onsets}, {@link ChordChart}).
 * <p>
 * The melody is the first pitched part, made one line: of notes that start together the highest is kept, a note ends
 * where the next one starts, gaps are rests. A tune with chord symbols is first moved so that its first chord falls on
 * a bar line ({@link ChordChart#alignedToFirstChord}), so a pickup becomes a leading rest and every event sits where it
 * sits in the bar. The vocabulary is the sorted set of the events of the corpus it was fitted to.
 * <p>
 * Option: {@code grid} (steps per quarter note, 1..96, default 12).
 */
public final class LeadSheetTokenizer implements Tokenizer<Score> {
    /** The provider name, saved in checkpoints. */
    public static final String NAME = "lead-sheet";
    /** Steps per quarter note by default. */
    public static final int GRID = 12;
    static final List<String> OPTIONS = List.of("grid");

    private final Vocabulary vocabulary;
    private final int grid;
    private final int[] pitch, duration;

    /**
     * @throws IllegalArgumentException for an unknown option, or a vocabulary token that is not an event
     * @param vocabulary the start token and event strings such as {@code "D5:6"}
     * @param options {@code grid} in its string form
     */
    public LeadSheetTokenizer(Vocabulary vocabulary, Map<String, String> options) {
        Options o = Options.of(options).readBy("tokenizer '" + NAME + "'", Set.copyOf(OPTIONS));
        this.grid = o.integer("grid", GRID, 1, 96);
        this.vocabulary = vocabulary;
        pitch = new int[vocabulary.size()];
        duration = new int[vocabulary.size()];
        for (int i = 0; i < vocabulary.size(); i++) {
            if (vocabulary.isSpecial(i)) {
                pitch[i] = -1;
                continue;
            }
            String t = vocabulary.token(i);
            int colon = t.lastIndexOf(':');
            try {
                if (colon <= 0) throw new IllegalArgumentException("no ':'");
                pitch[i] = t.startsWith("r:") ? -1 : Pitch.parse(t.substring(0, colon));
                duration[i] = Integer.parseInt(t.substring(colon + 1));
                if (duration[i] < 1) throw new IllegalArgumentException("duration below 1");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(NAME + ": vocabulary token '" + t + "' is not an event such as 'D5:6' or 'r:12': " + e.getMessage(), e);
            }
        }
    }

    /**
     * A tokenizer whose vocabulary is every event of {@code corpus}, sorted, after {@code <s>}.
     *
     * @param corpus the scores to fit to
     * @param options {@code grid} in its string form
     * @return the tokenizer
     * @throws IllegalArgumentException for an unknown option or a chord symbol that does not parse
     */
    public static LeadSheetTokenizer fit(Collection<Score> corpus, Map<String, String> options) {
        LeadSheetTokenizer blank = new LeadSheetTokenizer(new Vocabulary(List.of(Vocabulary.START), List.of(Vocabulary.START)), options);
        TreeSet<String> events = new TreeSet<>();
        for (Score s : corpus) events.addAll(blank.events(s));
        return new LeadSheetTokenizer(Vocabulary.sorted(events, List.of(Vocabulary.START)), options);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
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
     * Steps per quarter note.
     *
     * @return the grid, 1..96
     */
    public int grid() {
        return grid;
    }

    /**
     * The id of the start token {@code <s>}, which every encoded melody begins with.
     *
     * @return the id
     */
    public int startToken() {
        return vocabulary.id(Vocabulary.START);
    }

    /**
     * The steps an event lasts (0 for the start token).
     *
     * @param token a token id within the vocabulary
     * @return the duration in steps of the grid
     */
    public int duration(int token) {
        return duration[token];
    }

    @Override
    public int[] pitches(int token) {
        if (token < 0 || token >= pitch.length)
            throw new IllegalArgumentException(NAME + ": token " + token + " is outside the vocabulary 0.." + (pitch.length - 1));
        return pitch[token] < 0 ? new int[0] : new int[] {pitch[token]};
    }

    /**
     * The score as this tokenizer reads it: moved so that its first chord is on a bar line.
     *
     * @param score a score
     * @return the same score, or one moved later by less than a bar
     */
    public static Score aligned(Score score) {
        return ChordChart.alignedToFirstChord(score);
    }

    /**
     * The chord chart of a score on this tokenizer's grid (after {@link #aligned}).
     *
     * @param score a score with chord symbols
     * @return the chart on a grid of {@link #grid()} steps per quarter note
     * @throws IllegalArgumentException for a chord symbol that does not parse
     */
    public ChordChart chart(Score score) {
        return ChordChart.of(aligned(score)).withTicksPerQuarter(grid);
    }

    /**
     * The event strings of a score's melody, before they are looked up in the vocabulary (no start token).
     *
     * @param score a score
     * @return the events in order; empty when the score has no pitched part
     */
    public List<String> events(Score score) {
        Score s = aligned(score);
        Part melody = null;
        for (Part p : s.parts()) if (!p.drums() && !p.notes().isEmpty()) { melody = p; break; }
        List<String> out = new ArrayList<>();
        if (melody == null) return out;
        int tpq = s.ticksPerQuarter();
        TreeMap<Long, long[]> byOnset = new TreeMap<>(); // onset step -> {pitch, end step}
        for (Note n : melody.notes()) {
            long on = Math.round(n.onset() * (double) grid / tpq);
            long end = Math.max(on + 1, Math.round(n.end() * (double) grid / tpq));
            long[] there = byOnset.get(on);
            if (there == null || there[0] < n.pitch()) byOnset.put(on, new long[] {n.pitch(), end});
        }
        long at = 0;
        Long[] onsets = byOnset.keySet().toArray(new Long[0]);
        for (int i = 0; i < onsets.length; i++) {
            long[] pe = byOnset.get(onsets[i]);
            if (onsets[i] > at) out.add("r:" + (onsets[i] - at));
            long end = i + 1 < onsets.length ? Math.min(pe[1], onsets[i + 1]) : pe[1];
            out.add(Pitch.name((int) pe[0]) + ":" + (end - onsets[i]));
            at = end;
        }
        return out;
    }

    /** The start token, then the events of the score's melody. */
    @Override
    public int[] encode(Score score) {
        List<String> events = events(score);
        int[] ids = new int[events.size() + 1];
        ids[0] = startToken();
        for (int i = 0; i < events.size(); i++) {
            int id = vocabulary.idOrMinusOne(events.get(i));
            if (id < 0)
                throw new IllegalArgumentException(NAME + ": event '" + events.get(i) + "' at position " + (i + 1)
                        + (score.title().isEmpty() ? "" : " of '" + score.title() + "'") + " is not in the vocabulary of " + vocabulary.size()
                        + " events (fit the tokenizer to a corpus that has it)");
            ids[i + 1] = id;
        }
        return ids;
    }

    /**
     * The step at which each token starts (the start token and the first event at 0).
     *
     * @param ids token ids within the vocabulary
     * @return a new array of onsets, in steps of the grid
     */
    public long[] onsets(int[] ids) {
        long[] out = new long[ids.length];
        long at = 0;
        for (int i = 0; i < ids.length; i++) {
            out[i] = at;
            at += duration[ids[i]];
        }
        return out;
    }

    /**
     * The step after the last event.
     *
     * @param ids token ids within the vocabulary
     * @return the total duration, in steps of the grid
     */
    public long end(int[] ids) {
        long at = 0;
        for (int id : ids) at += duration[id];
        return at;
    }

    @Override
    public String decodeText(int[] ids) {
        return vocabulary.join(ids, " ");
    }

    /** The events as one melody part ("melody", piano) at {@code grid} ticks per quarter, 120 quarters per minute. */
    @Override
    public Score decodeScore(int[] ids) {
        vocabulary.check(ids);
        List<Note> notes = new ArrayList<>();
        long at = 0;
        for (int id : ids) {
            if (pitch[id] >= 0) notes.add(new Note(pitch[id], 80, at, duration[id]));
            at += duration[id];
        }
        return new Score("", grid, List.of(Part.of("melody", 0, notes)), List.of(TempoChange.bpm(0, 120)), List.of(), List.of(), List.of(), Map.of());
    }
}
