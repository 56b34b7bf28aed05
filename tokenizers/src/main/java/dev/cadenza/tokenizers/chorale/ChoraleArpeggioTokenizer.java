package dev.cadenza.tokenizers.chorale;

import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chorale tokens of Géron's Bach exercise (SYSTEMS.md S3): each chord (one CSV row, one sixteenth note) is
 * arpeggiated into its four voices, soprano first; a silent voice is token 0 and MIDI pitch {@code n} (36..81) is
 * token {@code n - 35}, so there are 47 tokens. The vocabulary is fixed, not fitted: token id {@code i} is the string
 * {@code "i"} ("0".."46"), so ids and the seed's class numbers are the same.
 * <p>
 * Training windows follow the notebook's {@code bach_dataset}: windows of {@code window + 1} chords (33), starting
 * every {@code shift} chords (16), the chorale's last incomplete window dropped, each flattened to 132 tokens; a model
 * is fed {@code w[:-1]} and predicts {@code w[1:]}, which is what {@link dev.cadenza.train.Dataset#of} with
 * {@link #windows(int[][])} does.
 * <p>
 * Options: {@code window} (chords per window, default 32), {@code shift} (chords between window starts, default 16),
 * {@code bpm} (quarter notes per minute of decoded scores, default 100).
 */
public final class ChoraleArpeggioTokenizer implements Tokenizer<int[][]> {
    /** The provider name, saved in checkpoints. */
    public static final String NAME = "chorale-arpeggio";
    /** Lowest pitch of the corpus (token 1): C2. */
    public static final int LOWEST_PITCH = 36;
    /** Highest pitch of the corpus (token 46): A5. */
    public static final int HIGHEST_PITCH = 81;
    /** The vocabulary's size: silence and one token per pitch of the range, 47. */
    public static final int TOKENS = HIGHEST_PITCH - LOWEST_PITCH + 2;
    /** Resolution of decoded scores: one tick per sixteenth note, one row. */
    public static final int TICKS_PER_QUARTER = 4;
    private static final String[] VOICE_NAMES = {"Soprano", "Alto", "Tenor", "Bass"};
    private static final Vocabulary VOCABULARY;

    static {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < TOKENS; i++) tokens.add(Integer.toString(i));
        VOCABULARY = Vocabulary.of(tokens);
    }

    private final int window, shift;
    private final double bpm;

    /** A tokenizer with the default options: windows of 32 chords every 16, decoded at 100 quarter notes per minute. */
    public ChoraleArpeggioTokenizer() {
        this(Map.of());
    }

    /**
     * A tokenizer with options in their string form: {@code window} chords per training window (32), {@code shift}
     * chords between windows (16), {@code bpm} quarter notes per minute of decoded scores (100).
     *
     * @throws IllegalArgumentException for an unknown option or a value out of range, naming it
     * @param options {@code window}, {@code shift} and {@code bpm} in their string form
     */
    public ChoraleArpeggioTokenizer(Map<String, String> options) {
        Options o = Options.of(options).readBy("tokenizer '" + NAME + "'", Set.of("window", "shift", "bpm"));
        this.window = o.integer("window", 32, 1, Integer.MAX_VALUE);
        this.shift = o.integer("shift", 16, 1, Integer.MAX_VALUE);
        this.bpm = o.number("bpm", 100, 1e-3, 1000);
    }

    /** A voice token sounds its pitch; token 0 (a silent voice) sounds nothing. */
    @Override
    public int[] pitches(int token) {
        int p = pitch(token);
        return p == 0 ? new int[0] : new int[] {p};
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("window", Integer.toString(window));
        c.put("shift", Integer.toString(shift));
        c.put("bpm", Double.toString(bpm));
        return c;
    }

    @Override
    public Vocabulary vocabulary() {
        return VOCABULARY;
    }

    @Override
    public Class<int[][]> itemType() {
        return int[][].class;
    }

    /**
     * The token of one voice's value: 0 for silence, {@code pitch - 35} for 36..81.
     *
     * @param pitch a voice's MIDI pitch, 36..81, or 0 for silence
     * @return the token, 0..46
     * @throws IllegalArgumentException when the pitch is outside the range and not 0
     */
    public static int token(int pitch) {
        if (pitch == 0) return 0;
        if (pitch < LOWEST_PITCH || pitch > HIGHEST_PITCH)
            throw new IllegalArgumentException("pitch " + pitch + " is outside the chorale range " + LOWEST_PITCH + ".." + HIGHEST_PITCH + " (or 0 for silence)");
        return pitch - LOWEST_PITCH + 1;
    }

    /**
     * The pitch of a token: 0 (silence) for 0, {@code token + 35} otherwise.
     *
     * @param token a token, 0..46
     * @return the MIDI pitch, or 0 for silence
     * @throws IllegalArgumentException when the token is outside 0..46
     */
    public static int pitch(int token) {
        if (token < 0 || token >= TOKENS) throw new IllegalArgumentException("token " + token + " is outside 0.." + (TOKENS - 1));
        return token == 0 ? 0 : token + LOWEST_PITCH - 1;
    }

    @Override
    public int[] encode(int[][] chorale) {
        int[] ids = new int[chorale.length * ChoraleCsv.VOICES];
        for (int r = 0; r < chorale.length; r++) {
            if (chorale[r].length != ChoraleCsv.VOICES)
                throw new IllegalArgumentException("chorale row " + r + " has " + chorale[r].length + " voices, expected " + ChoraleCsv.VOICES);
            for (int v = 0; v < ChoraleCsv.VOICES; v++) {
                try {
                    ids[r * ChoraleCsv.VOICES + v] = token(chorale[r][v]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("chorale row " + r + ", voice " + v + ": " + e.getMessage(), e);
                }
            }
        }
        return ids;
    }

    /**
     * The strings of token ids in the fixed vocabulary ("0".."46"), one per id.
     *
     * @param ids token ids, 0..46
     * @return the strings, e.g. "12"
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    public static List<String> tokenStrings(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) out.add(VOCABULARY.token(id));
        return out;
    }

    /**
     * The tokenizer fitting gives (the vocabulary is fixed), after checking that every counted token string is one of
     * it: a string outside "0".."46" means the counts come from another tokenizer.
     *
     * @param counts occurrences of each token string
     * @param options the tokenizer's options
     * @return the tokenizer
     * @throws IllegalArgumentException when a counted string is not a token, or an option is refused
     */
    public static ChoraleArpeggioTokenizer fromCounts(Map<String, Long> counts, Map<String, String> options) {
        for (String token : counts.keySet())
            if (!VOCABULARY.contains(token))
                throw new IllegalArgumentException(NAME + ": counted token '" + token + "' is not one of the fixed tokens \"0\"..\"" + (TOKENS - 1) + "\"");
        return new ChoraleArpeggioTokenizer(options);
    }

    /**
     * Regroups tokens into chords of four MIDI pitches (0 = silent).
     *
     * @param ids token ids, a multiple of four of them
     * @return one row of four pitches (soprano, alto, tenor, bass) per chord
     * @throws IllegalArgumentException when an id is outside the vocabulary or the last chord is incomplete
     */
    public int[][] decodeChords(int[] ids) {
        VOCABULARY.check(ids);
        if (ids.length % ChoraleCsv.VOICES != 0)
            throw new IllegalArgumentException(ids.length + " tokens do not make whole chords of " + ChoraleCsv.VOICES
                    + " voices: the chord from position " + (ids.length / ChoraleCsv.VOICES * ChoraleCsv.VOICES) + " is incomplete");
        int[][] rows = new int[ids.length / ChoraleCsv.VOICES][ChoraleCsv.VOICES];
        for (int i = 0; i < ids.length; i++) rows[i / ChoraleCsv.VOICES][i % ChoraleCsv.VOICES] = pitch(ids[i]);
        return rows;
    }

    /** The chords as chorale CSV text (header and one row per chord), as {@link ChoraleCsv} reads it. */
    @Override
    public String decodeText(int[] ids) {
        return ChoraleCsv.toCsv(decodeChords(ids));
    }

    @Override
    public Score decodeScore(int[] ids) {
        return toScore(decodeChords(ids), bpm);
    }

    /**
     * A four-part score of the chorale: one part per voice (Soprano, Alto, Tenor, Bass), one tick per sixteenth note
     * ({@link #TICKS_PER_QUARTER} = 4), consecutive equal pitches of a voice joined into one held note (the CSV cannot
     * tell a held note from a re-struck one), 4/4, velocity 80.
     *
     * @param rows one row of four MIDI pitches (0 = silent) per sixteenth note
     * @param bpm quarter notes per minute
     * @return the score
     */
    public static Score toScore(int[][] rows, double bpm) {
        List<Part> parts = new ArrayList<>();
        for (int v = 0; v < ChoraleCsv.VOICES; v++) {
            List<Note> notes = new ArrayList<>();
            int r = 0;
            while (r < rows.length) {
                int p = rows[r][v], start = r;
                while (r < rows.length && rows[r][v] == p) r++;
                if (p != 0) notes.add(new Note(p, 80, start, r - start));
            }
            parts.add(Part.of(VOICE_NAMES[v], 0, notes));
        }
        return new Score("", TICKS_PER_QUARTER, parts, List.of(TempoChange.bpm(0, bpm)),
                List.of(new TimeSignature(0, 4, 4)), List.of(), List.of(), Map.of());
    }

    /**
     * The training windows of one chorale: {@code window + 1} chords every {@code shift} chords, flattened.
     *
     * @param chorale one row of four pitches per sixteenth note
     * @return the windows' tokens, {@code 4 * (window + 1)} each; none when the chorale is shorter than a window
     */
    public List<int[]> windows(int[][] chorale) {
        int[] ids = encode(chorale);
        int size = (window + 1) * ChoraleCsv.VOICES, step = shift * ChoraleCsv.VOICES;
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start + size <= ids.length; start += step) {
            int[] w = new int[size];
            System.arraycopy(ids, start, w, 0, size);
            out.add(w);
        }
        return out;
    }

    /**
     * The windows of every chorale, in order: the input of {@link dev.cadenza.train.Dataset#of}.
     *
     * @param chorales the chorales
     * @return the windows of each, in order
     */
    public List<int[]> windows(List<int[][]> chorales) {
        List<int[]> out = new ArrayList<>();
        for (int[][] c : chorales) out.addAll(windows(c));
        return out;
    }
}
