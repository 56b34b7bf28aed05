package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.formats.MusicFiles;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.harmony.ChordChart;
import dev.cadenza.tokenizers.harmony.ChordConditioning;
import dev.cadenza.tokenizers.jazz.GrammarMeasure;
import dev.cadenza.tokenizers.jazz.GrammarValue;
import dev.cadenza.tokenizers.jazz.JazzGrammar;
import dev.cadenza.tokenizers.jazz.JazzGrammarTokenizer;
import dev.cadenza.tokenizers.jazz.MeasureChord;
import dev.cadenza.tokenizers.jazz.NoteClass;
import dev.cadenza.tokenizers.jazz.SeedPruning;
import dev.cadenza.tokenizers.jazz.Sound;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * S4 (seed 002: the deeplearning.ai "Improvise a jazz solo with an LSTM" assignment, after deepjazz): the Guitar solo
 * of the Metheny file (measures 119-136, where deepjazz cuts it) as jazz-grammar values against the Piano's chords.
 * <ul>
 *   <li>{@code seed}: the assignment exactly: 60 windows of 30 values drawn at random from the corpus, the first input
 *   of each a zero vector and the others one-hot values, the target of step t the value at t + 1 (the last step has
 *   none); one LSTM of 64 units step by step, Dense softmax; Adam(lr 0.01, decay 0.01 per step), 100 epochs. The
 *   assignment's {@code model.fit} gives no batch size, so Keras takes 32: two updates an epoch. Keras reports the loss
 *   summed over its 30 outputs, the last of which has no target: that is our mean loss per value times 29. The softmax
 *   has one class more than there are values, the tokenizer's start token, which is never a target.
 *   Generation: for each measure of the chord progression, 50 values from a zero state (argmax in the seed:
 *   {@code --sampler greedy}; any sampler here), the seed's pruning ({@link SeedPruning}), the first values that fill
 *   the measure, played against its chords.</li>
 *   <li>{@code default}: the same network fed the chord under each value (12 pitch classes and the bass) beside the
 *   value one-hot, on every window of 30 values after a start token; the last three measures are held out.
 *   Generation improvises continuously over the whole chart, the chord of each coming value fed at each step.</li>
 *   <li>{@code unconditioned}: {@code default} without the chords, to measure what they bring.</li>
 * </ul>
 * Generation plays over the corpus' progression with its original accompaniment (Piano, Bass, Trumpet, French Horn,
 * deepjazz's parts), or over a chart given with {@code --chords} / {@code --chords-file}, with block chords.
 * {@code --corpus} takes MIDI files whose first pitched part is the melody and whose other parts give the chords.
 */
public final class JazzRecipe implements Recipe {
    static final String UNCONDITIONED = "unconditioned";
    static final Map<String, String> METHENY = Map.of("melody", "Guitar", "chords", "Piano", "measures", "119-136");
    /** The parts deepjazz plays under the solo (music21's parts 0, 1, 6 and 7). */
    static final List<String> ACCOMPANIMENT = List.of("Piano", "Bass", "Trumpet", "French Horn");
    static final int TX = 30, SEED_WINDOWS = 60, BATCH = 32, UNITS = 64, VALUES_PER_MEASURE = 50, HELD_OUT_MEASURES = 3;

    @Override
    public String name() {
        return "jazz";
    }

    @Override
    public String description() {
        return "S4: a jazz solo as deepjazz's grammar values over the Metheny chords, LSTM(64); default is fed the chords";
    }

    @Override
    public List<String> presets() {
        return List.of(SEED, DEFAULT, UNCONDITIONED);
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        requirePreset(preset);
        List<Score> scores;
        Map<String, String> options;
        if (context.userCorpus() != null) {
            scores = context.report(MusicFiles.midi(context.userCorpus()));
            options = Map.of();
        } else {
            scores = List.of(MidiReader.read(metheny(context)));
            options = METHENY;
        }
        if (scores.isEmpty()) throw new IllegalArgumentException("jazz: no MIDI file to learn from");
        JazzGrammarTokenizer tokenizer = JazzGrammarTokenizer.fit(scores, options);
        int v = tokenizer.vocabulary().size();
        List<int[]> corpus = new ArrayList<>();
        List<List<GrammarMeasure>> measures = new ArrayList<>();
        List<Score> views = new ArrayList<>();
        int values = 0;
        for (Score s : scores) {
            List<GrammarMeasure> ms = tokenizer.measures(s).measures();
            measures.add(ms);
            int[] ids = tokenizer.encode(s);
            corpus.add(ids);
            values += ids.length;
            List<List<GrammarValue>> vs = new ArrayList<>();
            List<List<MeasureChord>> cs = new ArrayList<>();
            for (GrammarMeasure m : ms) {
                vs.add(m.values());
                cs.add(m.chords());
            }
            views.add(JazzGrammarTokenizer.score(vs, cs, new SeededRandom(0), s.title(), 112));
        }
        context.out().printf(Locale.ROOT, "jazz grammar: %d measures, %d values, %d distinct values (the assignment's corpus: 78); "
                        + "%d windows of %d values%n", measures.stream().mapToInt(List::size).sum(), values, v - 1,
                corpus.stream().mapToInt(c -> Math.max(0, c.length - TX + 1)).sum(), TX);
        Dataset train, validation = null;
        if (SEED.equals(preset)) {
            int[] all = concat(corpus);
            if (all.length <= TX) throw new IllegalArgumentException("jazz: the corpus has " + all.length + " values; the seed's windows need more than " + TX);
            SeededRandom random = new SeededRandom(context.seed());
            List<Batch> windows = new ArrayList<>();
            for (int i = 0; i < SEED_WINDOWS; i++) windows.add(seedWindow(all, random.nextInt(all.length - TX), v, tokenizer.startToken()));
            train = Dataset.examples(windows, BATCH);
        } else {
            boolean conditioned = DEFAULT.equals(preset);
            List<Batch> trainExamples = new ArrayList<>(), validationExamples = new ArrayList<>();
            for (int s = 0; s < scores.size(); s++) {
                List<GrammarMeasure> ms = measures.get(s);
                int[] ids = withStart(tokenizer.startToken(), corpus.get(s));
                float[] chords = conditioning(tokenizer, ids, progressionOf(ms));
                // The last measures of the (first) piece are held out; the split is at the first value of the held-out measures.
                int split = ids.length;
                if (s == 0 && ms.size() > HELD_OUT_MEASURES + 1) {
                    split = 1;
                    for (int m = 0; m < ms.size() - HELD_OUT_MEASURES; m++) split += ms.get(m).values().size();
                }
                for (int start = 0; start + TX < split; start++) trainExamples.add(example(ids, chords, start, TX, conditioned));
                for (int start = split - 1; start < ids.length - 1; start += TX) validationExamples.add(example(ids, chords, start, TX, conditioned));
            }
            train = Dataset.examples(trainExamples, BATCH);
            if (!validationExamples.isEmpty()) validation = Dataset.examples(validationExamples, BATCH);
        }
        return new PreparedData(tokenizer, train, validation, null, corpus, views);
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        requirePreset(preset);
        int v = data.tokenizer().vocabulary().size();
        Input input = switch (preset) {
            case SEED -> Input.features(v);
            case DEFAULT -> Input.conditioned(Input.oneHot(v), ChordConditioning.WIDTH);
            default -> Input.oneHot(v);
        };
        return ModelSpec.of(input, Layer.lstm(UNITS), Layer.dense(v));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        requirePreset(preset);
        // Keras' Adam(lr=0.01, decay=0.01): lr / (1 + 0.01 * step), the same for the seed and the recipe's own presets.
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(0.01)).withSchedule(new LearningRateSchedule.InverseTimeDecay(0.01)), 100);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException {
        if (!(tokenizer instanceof JazzGrammarTokenizer grammar))
            throw new IllegalArgumentException("jazz: the model's tokenizer is '" + tokenizer.name() + "', not '" + JazzGrammarTokenizer.NAME + "'");
        if (options.beam() > 0) throw new IllegalArgumentException("jazz: --beam is not offered; the values are sampled (--sampler greedy is the seed's argmax)");
        if (options.primer() != null || options.primerFile() != null)
            throw new IllegalArgumentException("jazz: generation starts from the model's start (the seed's zero vector); give a chart with --chords instead of a primer");
        ChordChart chart = ChordCharts.of(options, GrammarValue.GRID);
        List<List<MeasureChord>> progression = chart != null ? progressionOf(chart) : grammar.progression();
        if (progression.isEmpty()) throw new IllegalArgumentException("jazz: no chords to improvise over: give --chords or --chords-file");
        int measures = progression.size();
        int perMeasure = options.length() > 0 ? options.length() : VALUES_PER_MEASURE;
        int v = grammar.vocabulary().size(), start = grammar.startToken();
        Generator generator = Generator.of(model).tokenizer(grammar)
                .sampler(context.cadenza().sampler(options.sampler(), Options.of(options.samplerOptions()))).primer(start).seed(options.seed());
        Input input = model.spec().input();
        List<Piece> pieces = new ArrayList<>();
        if (input instanceof Input.Features) {
            // The seed: every measure from a zero state, 50 values, pruned, the first that fill the measure.
            generator.features((token, out, offset) -> {
                java.util.Arrays.fill(out, offset, offset + v, 0f);
                if (token != start) out[offset + token] = 1f;
            }).length(perMeasure);
            List<int[]> rows = generator.generate(options.pieces() * measures);
            for (int p = 0; p < options.pieces(); p++) {
                SeededRandom random = new SeededRandom(options.seed() + p);
                List<List<Sound>> sounds = new ArrayList<>();
                List<Integer> tokens = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                for (int m = 0; m < measures; m++) {
                    int[] row = rows.get(p * measures + m);
                    for (int t : row) tokens.add(t);
                    List<GrammarValue> values = SeedPruning.values(values(grammar, row), random);
                    List<GrammarValue> measure = JazzGrammarTokenizer.fillMeasures(values).get(0);
                    text.append(measure.stream().map(GrammarValue::text).reduce((a, b) -> a + " " + b).orElse("")).append('\n');
                    sounds.add(SeedPruning.notes(JazzGrammar.decode(measure, progression.get(m), random)));
                }
                pieces.add(piece(context, grammar, chart, p, sounds, progression, tokens, text.toString()));
            }
            return pieces;
        }
        // The recipe's own models: one improvisation over the whole chart with the state kept, the chord of each coming value fed.
        if (input.conditioningWidth() > 0) {
            List<List<MeasureChord>> chords = progression;
            generator.conditioning((row, position, history, out, offset) ->
                    ChordConditioning.write(chordAt(chords, time(grammar, history)), out, offset));
        }
        generator.length(perMeasure * measures);
        List<int[]> rows = generator.generate(options.pieces());
        for (int p = 0; p < options.pieces(); p++) {
            SeededRandom random = new SeededRandom(options.seed() + p);
            List<List<GrammarValue>> filled = JazzGrammarTokenizer.fillMeasures(values(grammar, rows.get(p)));
            List<List<Sound>> sounds = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int m = 0; m < measures; m++) {
                List<GrammarValue> measure = m < filled.size() ? filled.get(m) : List.of(GrammarValue.of(NoteClass.R, JazzGrammar.MEASURE));
                text.append(measure.stream().map(GrammarValue::text).reduce((a, b) -> a + " " + b).orElse("")).append('\n');
                sounds.add(SeedPruning.notes(JazzGrammar.decode(measure, progression.get(m), random)));
            }
            List<Integer> tokens = new ArrayList<>();
            for (int t : rows.get(p)) tokens.add(t);
            pieces.add(piece(context, grammar, chart, p, sounds, progression, tokens, text.toString()));
        }
        return pieces;
    }

    /** The piece: the melody over block chords, or over the original accompaniment for the corpus' own progression. */
    private Piece piece(RecipeContext context, JazzGrammarTokenizer grammar, ChordChart chart, int p, List<List<Sound>> sounds,
                        List<List<MeasureChord>> progression, List<Integer> tokens, String text) throws IOException {
        Score score = JazzGrammarTokenizer.scoreOfSounds(sounds, progression, "jazz improvisation " + (p + 1), 112);
        if (chart != null) score = withKeyAndMeter(score, chart);
        else if (METHENY.get("measures").equals(grammar.config().get("measures")) && METHENY.get("melody").equals(grammar.config().get("melody")))
            score = overOriginalAccompaniment(context, score, progression.size());
        return new Piece(String.format(Locale.ROOT, "jazz-%02d", p + 1), score, tokens.stream().mapToInt(Integer::intValue).toArray(), text);
    }

    private static Score withKeyAndMeter(Score score, ChordChart chart) {
        return new Score(score.title(), score.ticksPerQuarter(), score.parts(), score.tempos(), score.timeSignatures(), List.of(chart.key()),
                score.annotations(), score.metadata());
    }

    /**
     * The melody over the original accompaniment of the solo (deepjazz's parts), when the Metheny file can be read;
     * otherwise over the block chords.
     */
    private static Score overOriginalAccompaniment(RecipeContext context, Score score, int measures) {
        Score original;
        try {
            original = MidiReader.read(metheny(context));
        } catch (IOException | RuntimeException e) {
            return score; // no corpus here: the block chords stay
        }
        int tpq = original.ticksPerQuarter();
        long from = 119L * 4 * tpq, to = from + measures * 4L * tpq;
        List<Part> parts = new ArrayList<>();
        parts.add(score.parts().get(0));
        for (Part part : original.parts()) {
            if (!ACCOMPANIMENT.contains(part.name())) continue;
            List<Note> notes = new ArrayList<>();
            for (Note n : part.notes()) {
                if (n.onset() < from || n.onset() >= to) continue;
                long onset = Math.round((n.onset() - from) * (double) score.ticksPerQuarter() / tpq);
                long duration = Math.max(1, Math.round(n.duration() * (double) score.ticksPerQuarter() / tpq));
                notes.add(new Note(n.pitch(), n.velocity(), onset, duration));
            }
            parts.add(new Part(part.name(), part.program(), part.channel(), false, notes, List.of(), List.of()));
        }
        return score.withParts(parts);
    }

    static Path metheny(RecipeContext context) throws IOException {
        return context.corpus().midiFiles("jazz").stream().filter(f -> f.getFileName().toString().equals("original_metheny.mid")).findFirst()
                .orElseThrow(() -> new IOException("midi/jazz/original_metheny.mid is not in " + context.corpus().root()));
    }

    /** One of the seed's windows: x[0] = 0, x[j] = one-hot of value j, y[t] = value t + 1, no target at the last step. */
    static Batch seedWindow(int[] corpus, int start, int v, int startToken) {
        float[] x = new float[TX * v];
        int[] y = new int[TX];
        float[] mask = new float[TX];
        for (int j = 1; j < TX; j++) {
            x[j * v + corpus[start + j]] = 1f;
            y[j - 1] = corpus[start + j];
            mask[j - 1] = 1f;
        }
        y[TX - 1] = startToken; // never counted: the mask is 0 there, as Keras' all-zero target adds nothing
        return Batch.builder(1, TX).features(x, v).targets(y).mask(mask).build();
    }

    /** A window of {@code steps} inputs from {@code start} with the following tokens as targets, padded and masked at the end. */
    static Batch example(int[] ids, float[] chords, int start, int steps, boolean conditioned) {
        int[] x = new int[steps], y = new int[steps];
        float[] mask = new float[steps];
        float[] c = conditioned ? new float[steps * ChordConditioning.WIDTH] : null;
        for (int t = 0; t < steps && start + t + 1 < ids.length; t++) {
            x[t] = ids[start + t];
            y[t] = ids[start + t + 1];
            mask[t] = 1f;
            if (c != null) System.arraycopy(chords, (start + t) * ChordConditioning.WIDTH, c, t * ChordConditioning.WIDTH, ChordConditioning.WIDTH);
        }
        Batch.Builder b = Batch.builder(1, steps).tokens(x).targets(y).mask(mask);
        if (c != null) b.conditioning(c, ChordConditioning.WIDTH);
        return b.build();
    }

    /** The chord vector beside each token: the chord under the value that comes next. */
    static float[] conditioning(JazzGrammarTokenizer grammar, int[] ids, List<List<MeasureChord>> progression) {
        float[] out = new float[ids.length * ChordConditioning.WIDTH];
        long time = 0;
        for (int i = 0; i < ids.length; i++) {
            GrammarValue value = grammar.value(ids[i]);
            if (value != null) time += value.duration();
            ChordConditioning.write(chordAt(progression, time), out, i * ChordConditioning.WIDTH);
        }
        return out;
    }

    /** The chord at {@code time} steps into a progression of four-beat measures (round again past its end). */
    static dev.cadenza.tokenizers.harmony.Chord chordAt(List<List<MeasureChord>> progression, long time) {
        int m = (int) (time / JazzGrammar.MEASURE % progression.size());
        return JazzGrammar.chordAt(progression.get(m), (int) (time % JazzGrammar.MEASURE)).chord();
    }

    /** Steps taken by the values among {@code history} (the start token takes none). */
    private static long time(JazzGrammarTokenizer grammar, int[] history) {
        long t = 0;
        for (int id : history) {
            GrammarValue v = grammar.value(id);
            if (v != null) t += v.duration();
        }
        return t;
    }

    private static List<GrammarValue> values(JazzGrammarTokenizer grammar, int[] ids) {
        List<GrammarValue> out = new ArrayList<>();
        for (int id : ids) {
            GrammarValue v = grammar.value(id);
            if (v != null) out.add(v); // a sampled start token plays nothing
        }
        return out;
    }

    private static List<List<MeasureChord>> progressionOf(List<GrammarMeasure> measures) {
        List<List<MeasureChord>> out = new ArrayList<>();
        for (GrammarMeasure m : measures) out.add(m.chords());
        return out;
    }

    /** A chart as four-beat measures of chords voiced from their bass (a measure without a change keeps the chord before). */
    static List<List<MeasureChord>> progressionOf(ChordChart chart) {
        ChordChart c = chart.withTicksPerQuarter(GrammarValue.GRID);
        List<List<MeasureChord>> out = new ArrayList<>();
        dev.cadenza.tokenizers.harmony.Chord last = c.changes().isEmpty() ? null : c.changes().get(0).chord();
        int measures = (int) ((c.end() + JazzGrammar.MEASURE - 1) / JazzGrammar.MEASURE);
        for (int m = 0; m < measures; m++) {
            List<MeasureChord> chords = new ArrayList<>();
            long from = (long) m * JazzGrammar.MEASURE, to = from + JazzGrammar.MEASURE;
            for (ChordChart.Change ch : c.changes())
                if (ch.tick() >= from && ch.tick() < to) chords.add(MeasureChord.voiced((int) (ch.tick() - from), ch.chord()));
            if (chords.isEmpty() || chords.get(0).offset() > 0) {
                dev.cadenza.tokenizers.harmony.Chord before = c.at(from);
                if (before == null) before = last;
                if (before != null) chords.add(0, MeasureChord.voiced(0, before));
            }
            if (!chords.isEmpty()) last = chords.get(chords.size() - 1).chord();
            out.add(chords);
        }
        return out;
    }

    static int[] withStart(int start, int[] ids) {
        int[] out = new int[ids.length + 1];
        out[0] = start;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    private static int[] concat(List<int[]> parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
