package dev.cadenza.tokenizers.jazz;

import dev.cadenza.model.SeededRandom;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * The values of deepjazz's jazz grammar as tokens (SYSTEMS.md S4): a score's melody, measure by measure, as
 * {@link GrammarValue}s against the chords of its accompaniment ({@link MeasureReader}, {@link JazzGrammar}). The
 * vocabulary is the sorted set of the values of the corpus it was fitted to, with a start token {@code <s>} first
 * (the recipes' own models start from it; the seed model starts from a zero vector instead).
 * <p>
 * Options: {@code melody} (the melody part's name or number, default 0), {@code chords} (the chord parts,
 * comma-separated, default {@code others}), {@code measures} ({@code FIRST-LAST}, measures counted from 0, default
 * {@code all}), and {@code progression}, which {@link #fit} fills with the chords of the first corpus score's measures
 * ({@code OFFSET@PITCH.PITCH...} chords, measures separated by {@code |}), so that {@link #decodeScore} and generation
 * have chords to play values against without the corpus.
 */
public final class JazzGrammarTokenizer implements Tokenizer<Score> {
    /** The provider name, saved in checkpoints. */
    public static final String NAME = "jazz-grammar";
    /** Ticks per quarter of decoded scores: the grammar's grid. */
    public static final int TICKS_PER_QUARTER = GrammarValue.GRID;
    static final List<String> OPTIONS = List.of("melody", "chords", "measures", "progression");

    private final Vocabulary vocabulary;
    private final String melody, chords, measures;
    private final List<List<MeasureChord>> progression;
    private final MeasureReader reader;

    /**
     * A tokenizer with options in their string form.
     *
     * @throws IllegalArgumentException for an unknown option, a malformed value, or a vocabulary token that is not a value
     * @param vocabulary grammar-value texts and the start token
     * @param options {@code melody}, {@code chords}, {@code measures} and {@code progression} in their string form
     */
    public JazzGrammarTokenizer(Vocabulary vocabulary, Map<String, String> options) {
        Options o = Options.of(options).readBy("tokenizer '" + NAME + "'", Set.copyOf(OPTIONS));
        this.vocabulary = vocabulary;
        this.melody = o.text("melody", "0");
        this.chords = o.text("chords", "others");
        this.measures = o.text("measures", "all");
        int from = -1, to = -1;
        if (!measures.equals("all")) {
            String[] ft = measures.split("-");
            try {
                from = Integer.parseInt(ft[0].trim());
                to = ft.length == 2 ? Integer.parseInt(ft[1].trim()) : from;
                if (ft.length > 2 || from < 0) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw o.malformed("measures", measures, "FIRST-LAST measure numbers from 0, e.g. 119-136, or all");
            }
        }
        this.reader = new MeasureReader(melody, List.of(chords.split(",")), from, to);
        this.progression = parseProgression(o.text("progression", ""));
        for (int i = 0; i < vocabulary.size(); i++) if (!vocabulary.isSpecial(i)) GrammarValue.parse(vocabulary.token(i));
    }

    /**
     * Fits the vocabulary to the values of {@code corpus}; the first score's chords become the stored progression.
     *
     * @param corpus the MIDI scores to fit to, at least one
     * @param options the options but {@code progression}, which is replaced
     * @return the tokenizer
     * @throws IllegalArgumentException when the corpus is empty or a score's parts or measures cannot be read
     */
    public static JazzGrammarTokenizer fit(Collection<Score> corpus, Map<String, String> options) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.remove("progression");
        JazzGrammarTokenizer blank = new JazzGrammarTokenizer(new Vocabulary(List.of(Vocabulary.START), List.of(Vocabulary.START)), o);
        TreeSet<String> values = new TreeSet<>();
        List<List<MeasureChord>> progression = null;
        for (Score s : corpus) {
            List<GrammarMeasure> ms = blank.measures(s).measures();
            if (progression == null) {
                progression = new ArrayList<>();
                for (GrammarMeasure m : ms) progression.add(m.chords());
            }
            for (GrammarMeasure m : ms) for (GrammarValue v : m.values()) values.add(v.text());
        }
        if (progression == null) throw new IllegalArgumentException(NAME + ": no score to fit to");
        o.put("progression", progressionText(progression));
        return new JazzGrammarTokenizer(Vocabulary.sorted(values, List.of(Vocabulary.START)), o);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("melody", melody);
        c.put("chords", chords);
        c.put("measures", measures);
        c.put("progression", progressionText(progression));
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
     * The id of the start token.
     *
     * @return the id
     * @throws IllegalArgumentException when the vocabulary has no start token
     */
    public int startToken() {
        return vocabulary.id(Vocabulary.START);
    }

    /**
     * The chords of each measure of the corpus this tokenizer was fitted to (empty for a tokenizer not fitted).
     *
     * @return one list of chords per measure
     */
    public List<List<MeasureChord>> progression() {
        return progression;
    }

    /**
     * The measures of {@code score} as this tokenizer reads them.
     *
     * @param score a MIDI score
     * @return its measures and what was left out
     * @throws IllegalArgumentException when the melody or chord parts cannot be found
     */
    public MeasureReader.Reading measures(Score score) {
        return reader.read(score);
    }

    /** The values of {@code score}, measure after measure (no start token). */
    @Override
    public int[] encode(Score score) {
        List<Integer> ids = new ArrayList<>();
        for (GrammarMeasure m : measures(score).measures())
            for (GrammarValue v : m.values()) {
                int id = vocabulary.idOrMinusOne(v.text());
                if (id < 0)
                    throw new IllegalArgumentException(NAME + ": value '" + v.text() + "' of measure " + m.index()
                            + (score.title().isEmpty() ? "" : " of '" + score.title() + "'") + " is not in the vocabulary of "
                            + vocabulary.size() + " values (fit the tokenizer to a corpus that has it)");
                ids.add(id);
            }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The value of a token, or null for the start token.
     *
     * @param token a token id
     * @return the value, or null
     */
    public GrammarValue value(int token) {
        return vocabulary.isSpecial(token) ? null : GrammarValue.parse(vocabulary.token(token));
    }

    @Override
    public String decodeText(int[] ids) {
        return vocabulary.join(ids, " ");
    }

    /**
     * The values as a melody over the stored progression (from its first measure, round again when the values outlast
     * it): each measure takes values until its four beats are full (the last one cut at the bar line), and they are
     * played against its chords with pitches drawn from a random stream of seed 0. The score has the melody part and
     * the chords as block chords in a second part, at {@value #TICKS_PER_QUARTER} ticks per quarter, 4/4.
     */
    @Override
    public Score decodeScore(int[] ids) {
        vocabulary.check(ids);
        if (progression.isEmpty()) throw new IllegalStateException(NAME + ": this tokenizer holds no chord progression to decode against (fit it)");
        List<GrammarValue> values = new ArrayList<>();
        for (int id : ids) if (!vocabulary.isSpecial(id)) values.add(value(id));
        List<List<GrammarValue>> filled = fillMeasures(values);
        List<List<MeasureChord>> chords = new ArrayList<>();
        for (int m = 0; m < filled.size(); m++) chords.add(progression.get(m % progression.size()));
        return score(filled, chords, new SeededRandom(0), "jazz grammar", 112);
    }

    /**
     * Values laid into four-beat measures: each takes values until full, the last cut at the bar line; the last measure
     * is filled with a rest.
     *
     * @param values grammar values, in order
     * @return one list per measure, each four beats long
     */
    public static List<List<GrammarValue>> fillMeasures(List<GrammarValue> values) {
        List<List<GrammarValue>> out = new ArrayList<>();
        List<GrammarValue> current = new ArrayList<>();
        int at = 0;
        for (GrammarValue v : values) {
            int d = Math.min(v.duration(), JazzGrammar.MEASURE - at);
            current.add(v.withDuration(d));
            at += d;
            if (at == JazzGrammar.MEASURE) {
                out.add(current);
                current = new ArrayList<>();
                at = 0;
            }
        }
        if (!current.isEmpty()) {
            current.add(GrammarValue.of(NoteClass.R, JazzGrammar.MEASURE - at));
            out.add(current);
        }
        return out;
    }

    /**
     * A score of measures of values played against their chords: the melody ("Melody", electric guitar, as deepjazz
     * writes it) and the chords held as block chords ("Chords", piano), with each chord's symbol as an annotation.
     *
     * @param measures one list of values per measure
     * @param chords one list of chords per measure, at least as many as {@code measures}
     * @param random draws the melody's pitches
     * @param title the score's title
     * @param bpm quarter notes per minute
     * @return the score
     */
    public static Score score(List<List<GrammarValue>> measures, List<List<MeasureChord>> chords, RandomGenerator random, String title, double bpm) {
        List<List<Sound>> sounds = new ArrayList<>();
        for (int m = 0; m < measures.size(); m++) sounds.add(JazzGrammar.decode(measures.get(m), chords.get(m), random));
        return scoreOfSounds(sounds, chords, title, bpm);
    }

    /**
     * A score of measures of sounds over their chords, as {@link #score} makes it.
     *
     * @param measures one list of sounds per measure
     * @param chords one list of chords per measure, at least as many as {@code measures}
     * @param title the score's title
     * @param bpm quarter notes per minute
     * @return the score
     */
    public static Score scoreOfSounds(List<List<Sound>> measures, List<List<MeasureChord>> chords, String title, double bpm) {
        List<Note> melodyNotes = new ArrayList<>(), chordNotes = new ArrayList<>();
        List<Annotation> symbols = new ArrayList<>();
        for (int m = 0; m < measures.size(); m++) {
            int start = m * JazzGrammar.MEASURE;
            List<MeasureChord> mc = chords.get(m);
            for (Sound s : measures.get(m))
                if (!s.isRest()) melodyNotes.add(new Note(s.pitch(), 90, start + s.onset(), s.duration()));
            for (int k = 0; k < mc.size(); k++) {
                MeasureChord c = mc.get(k);
                int end = k + 1 < mc.size() ? mc.get(k + 1).offset() : JazzGrammar.MEASURE;
                if (end <= c.offset()) continue;
                for (int p : c.voicing()) chordNotes.add(new Note(p, 60, start + c.offset(), end - c.offset()));
                symbols.add(new Annotation(start + c.offset(), Annotation.Kind.CHORD_SYMBOL, c.chord().symbol()));
            }
        }
        return new Score(title, TICKS_PER_QUARTER, List.of(Part.of("Melody", 26, melodyNotes), Part.of("Chords", 0, chordNotes)),
                List.of(TempoChange.bpm(0, bpm)), List.of(new TimeSignature(0, 4, 4)), List.of(), symbols, Map.of());
    }

    /**
     * {@code OFFSET@PITCH.PITCH... ...|...} for a progression.
     *
     * @param progression one list of chords per measure
     * @return the text, measures separated by {@code " | "}
     */
    public static String progressionText(List<List<MeasureChord>> progression) {
        StringBuilder sb = new StringBuilder();
        for (List<MeasureChord> measure : progression) {
            if (sb.length() > 0) sb.append(" | ");
            for (int k = 0; k < measure.size(); k++) sb.append(k == 0 ? "" : " ").append(measure.get(k).text());
        }
        return sb.toString();
    }

    private static List<List<MeasureChord>> parseProgression(String text) {
        List<List<MeasureChord>> out = new ArrayList<>();
        if (text.isBlank()) return out;
        for (String measure : text.split("\\|")) {
            List<MeasureChord> chords = new ArrayList<>();
            for (String c : measure.trim().split("\\s+")) chords.add(MeasureChord.parse(c));
            out.add(List.copyOf(chords));
        }
        return List.copyOf(out);
    }
}
