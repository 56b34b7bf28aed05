package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.formats.MusicFiles;
import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.generate.FrameGenerator;
import dev.cadenza.generate.FrameSampler;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.samplers.FrameSamplers;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.pianoroll.PianoRollTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Polyphonic piano rolls, the benchmark of Boulanger-Lewandowski et al. (ICML 2012): each time step a frame of the 88
 * piano keys ({@link PianoRollTokenizer}), a network reads the frames so far and predicts the next frame with one
 * sigmoid per key; the score is the test set's negative log-likelihood per frame, in nats, summed over the 88 keys and
 * averaged over the predicted frames (the benchmark's convention, which {@link Loss#SIGMOID_CROSS_ENTROPY} and
 * {@code Evaluation.loss()} follow: Bai et al.'s {@code music_test.py} sums the keys' cross-entropy over every predicted
 * frame of every sequence, predicting frames 2..T of each from the frames before, and divides by the number of
 * predicted frames).
 * <p>
 * Two data sets, two recipe names:
 * <ul>
 *   <li>{@code piano-roll}: the JSB chorales of {@code jsb_chorales/} with their train/valid/test split, which is
 *       Boulanger-Lewandowski's. The CSV edition has a row per sixteenth note; the benchmark's frames are quarter notes,
 *       so every fourth row (the one on the beat) is a frame. Whole chorales are the sequences (padded and masked in a
 *       batch). Published on this benchmark (Bai et al., 2018, Table 1): LSTM 8.45, GRU 8.43, TCN 8.10 nats per frame.</li>
 *   <li>{@code piano-roll-midi}: the piano corpus ({@code midi/piano}, piano-midi.de), frames on a sixteenth-note grid,
 *       held out by composer as {@link PianoCorpus} splits it; training reads windows of 128 frames every 64, validation
 *       and test read whole pieces. No published figure is on this 30-file subset.</li>
 * </ul>
 * Presets: {@code default} (LSTM(128), minutes), {@code lstm} and {@code gru} at the benchmark's model size (about 300K
 * parameters, Bai et al.'s Table 1 for JSB: LSTM(225), GRU(260), one layer), and {@code best}: Dropout(0.2) on the input
 * frames, LSTM(300), Dropout(0.5), trained on the training pieces transposed by every shift from 5 semitones down to 5 up
 * (eleven times the data; the validation and test pieces are not transposed). Causal dilated convolutions before the
 * LSTM, as S3 builds its network, were measured too and overfit: they learn the exact pitches of a few frames (JSB
 * validation 9.84 against the LSTM's 8.76). Adam(3e-3), clipping at norm 1, batches of 8.
 * Generation draws each frame's keys independently (Bernoulli at a temperature, at most 4 keys for chorales, 10 for
 * piano) and renders chorales as four voices.
 */
public final class PianoRollRecipe implements Recipe {
    static final String LSTM = "lstm", GRU = "gru", BEST = "best";
    static final int PIANO_WINDOW = 128, PIANO_STRIDE = 64, BATCH = 8;
    /** The best preset trains on every transposition of the training pieces up to this many semitones down and up. */
    static final int BEST_TRANSPOSITION = 5;

    /** Which corpus the recipe reads. */
    enum Source { CHORALES, PIANO }

    private final Source source;

    private PianoRollRecipe(Source source) {
        this.source = source;
    }

    /**
     * The JSB chorales at the quarter note: the benchmark.
     *
     * @return the "piano-roll" recipe
     */
    public static PianoRollRecipe chorales() {
        return new PianoRollRecipe(Source.CHORALES);
    }

    /**
     * The piano corpus on a sixteenth-note grid.
     *
     * @return the "piano-roll-midi" recipe
     */
    public static PianoRollRecipe piano() {
        return new PianoRollRecipe(Source.PIANO);
    }

    @Override
    public String name() {
        return source == Source.CHORALES ? "piano-roll" : "piano-roll-midi";
    }

    @Override
    public String description() {
        return source == Source.CHORALES
                ? "polyphonic benchmark: JSB chorales as 88-key quarter-note frames, next-frame NLL (Bai et al.: LSTM 8.45, TCN 8.10)"
                : "piano rolls of the piano MIDI corpus on a sixteenth grid, next-frame NLL on a held-out composer";
    }

    @Override
    public List<String> presets() {
        return List.of(DEFAULT, LSTM, GRU, BEST);
    }

    /** The frames' representation: quarter notes and four voices for chorales, sixteenths and two staves for piano. */
    PianoRollTokenizer tokenizer() {
        return source == Source.CHORALES
                ? new PianoRollTokenizer(Map.of("framesPerQuarter", "1", "voices", "satb", "bpm", "80"))
                : new PianoRollTokenizer(Map.of("framesPerQuarter", "4", "voices", "piano", "bpm", "100"));
    }

    /** A chorale as quarter-note frames: every fourth sixteenth row, its sounding pitches on. */
    static float[][] choraleFrames(int[][] rows) {
        float[][] frames = new float[(rows.length + 3) / 4][PianoRollTokenizer.KEYS];
        for (int t = 0; t < frames.length; t++)
            for (int p : rows[4 * t]) if (p != 0) frames[t][PianoRollTokenizer.key(p)] = 1;
        return frames;
    }

    /** The frames of the train, validation and test splits. */
    List<List<float[][]>> frames(RecipeContext context) throws IOException {
        List<List<float[][]>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (source == Source.PIANO) {
            PianoRollTokenizer t = tokenizer();
            for (PianoCorpus.File f : PianoCorpus.load(context, name())) {
                try {
                    splits.get(f.split()).add(t.frames(f.score()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(f.name() + ": " + e.getMessage(), e);
                }
            }
            return splits;
        }
        List<List<int[][]>> rows;
        if (context.userCorpus() != null) {
            List<int[][]> all = new ArrayList<>(context.report(MusicFiles.choraleCsv(context.userCorpus())));
            if (all.size() < 3) throw new IllegalArgumentException(name() + " needs at least 3 chorale files (train, validation, test), found " + all.size());
            java.util.Collections.shuffle(all, new java.util.Random(context.seed()));
            int held = Math.max(1, all.size() / 10);
            rows = List.of(all.subList(2 * held, all.size()), all.subList(held, 2 * held), all.subList(0, held));
        } else {
            rows = List.of(ChoraleCsv.readAll(context.corpus().jsbChoraleFiles("train")),
                    ChoraleCsv.readAll(context.corpus().jsbChoraleFiles("valid")), ChoraleCsv.readAll(context.corpus().jsbChoraleFiles("test")));
        }
        for (int s = 0; s < 3; s++) for (int[][] c : rows.get(s)) splits.get(s).add(choraleFrames(c));
        return splits;
    }

    /**
     * Next-frame examples: each sequence of T frames predicts frames 1..T-1 from frames 0..T-2, in windows of at most
     * {@code window} steps every {@code stride} (a window of a later part starts from a fresh state), every example
     * padded to {@code window} steps with a mask of 0 on the padding.
     */
    static List<Batch> examples(List<float[][]> sequences, int window, int stride) {
        int keys = PianoRollTokenizer.KEYS;
        List<Batch> out = new ArrayList<>();
        for (float[][] s : sequences) {
            int predictions = s.length - 1;
            for (int from = 0; from < predictions; from += stride) {
                int n = Math.min(window, predictions - from);
                float[] x = new float[window * keys], y = new float[window * keys], mask = new float[window];
                for (int t = 0; t < n; t++) {
                    System.arraycopy(s[from + t], 0, x, t * keys, keys);
                    System.arraycopy(s[from + t + 1], 0, y, t * keys, keys);
                    mask[t] = 1;
                }
                out.add(Batch.builder(1, window).features(x, keys).targetValues(y, keys).mask(mask).build());
                if (from + window >= predictions) break;
            }
        }
        return out;
    }

    /** Whole sequences as examples padded to the longest (what the benchmark scores). */
    static List<Batch> wholeSequences(List<float[][]> sequences) {
        int longest = 0;
        for (float[][] s : sequences) longest = Math.max(longest, s.length - 1);
        return examples(sequences.stream().filter(s -> s.length > 1).toList(), longest, longest);
    }

    /**
     * Each sequence transposed by every shift from {@code -semitones} to {@code +semitones} (0 included), as long as its keys
     * stay on the keyboard: a training set {@code 2 * semitones + 1} times as large.
     */
    static List<float[][]> transposed(List<float[][]> sequences, int semitones) {
        if (semitones == 0) return sequences;
        int keys = PianoRollTokenizer.KEYS;
        List<float[][]> out = new ArrayList<>();
        for (float[][] s : sequences) {
            for (int shift = -semitones; shift <= semitones; shift++) {
                float[][] t = new float[s.length][keys];
                boolean fits = true;
                for (int f = 0; f < s.length && fits; f++)
                    for (int k = 0; k < keys; k++) {
                        if (s[f][k] == 0) continue;
                        if (k + shift < 0 || k + shift >= keys) {
                            fits = false;
                            break;
                        }
                        t[f][k + shift] = 1;
                    }
                if (fits) out.add(t);
            }
        }
        return out;
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        requirePreset(preset);
        List<List<float[][]>> splits = frames(context);
        for (int s = 0; s < 3; s++)
            if (splits.get(s).stream().noneMatch(f -> f.length > 1))
                throw new IllegalArgumentException(name() + ": the " + List.of("training", "validation", "test").get(s) + " split has no piece of 2 frames or more");
        List<float[][]> trainFrames = transposed(splits.get(0), BEST.equals(preset) ? BEST_TRANSPOSITION : 0);
        List<Batch> train = source == Source.CHORALES ? wholeSequences(trainFrames) : examples(trainFrames, PIANO_WINDOW, PIANO_STRIDE);
        PianoRollTokenizer t = tokenizer();
        List<int[]> corpusTokens = new ArrayList<>();
        List<Score> corpusScores = new ArrayList<>();
        for (float[][] f : splits.get(0)) {
            corpusTokens.add(t.encodeFrames(f));
            corpusScores.add(t.score(f));
        }
        int frames = 0;
        for (float[][] f : splits.get(2)) frames += f.length - 1;
        context.out().printf(Locale.ROOT, "%s: %d/%d/%d pieces (train/validation/test), %d training examples of %d steps, %d test frames predicted%n",
                name(), splits.get(0).size(), splits.get(1).size(), splits.get(2).size(), train.size(), train.get(0).steps(), frames);
        return new PreparedData(t, Dataset.examples(train, BATCH), Dataset.examples(wholeSequences(splits.get(1)), 16),
                Dataset.examples(wholeSequences(splits.get(2)), 16), corpusTokens, corpusScores);
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        requirePreset(preset);
        int k = PianoRollTokenizer.KEYS;
        ModelSpec spec = switch (preset) {
            case LSTM -> ModelSpec.of(Input.multiHot(k), Layer.lstm(225), Layer.dense(k));
            case GRU -> ModelSpec.of(Input.multiHot(k), Layer.gru(260), Layer.dense(k));
            case BEST -> ModelSpec.of(Input.multiHot(k), Layer.dropout(0.2), Layer.lstm(300), Layer.dropout(0.5), Layer.dense(k));
            default -> ModelSpec.of(Input.multiHot(k), Layer.lstm(128), Layer.dense(k));
        };
        return spec.withLoss(Loss.SIGMOID_CROSS_ENTROPY);
    }

    /**
     * Adam(3e-3) decaying exponentially to a tenth of it by the last epoch (best: by twice its epochs), gradients clipped
     * to a global norm of 1;
     * the benchmark's TCN trains on one sequence per step (229 steps an epoch), batches of 8 take 29, hence the higher
     * rate.
     */
    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        requirePreset(preset);
        int epochs = switch (preset) {
            case DEFAULT -> source == Source.CHORALES ? 30 : 10;
            case BEST -> source == Source.CHORALES ? 30 : 8; // over eleven transpositions of the training set
            default -> source == Source.CHORALES ? 60 : 30;
        };
        // best decays over twice its epochs, ending at a third of the rate: measured on JSB validation, 8.14 against 8.22
        // for a decay to a tenth within its 30 epochs.
        long steps = data == null ? 1000 : (long) (BEST.equals(preset) ? 2 * epochs : epochs) * data.train().batchesPerEpoch();
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(3e-3)).withClipping(GradientClipping.globalNorm(1.0))
                .withSchedule(new LearningRateSchedule.ExponentialDecay(steps, 0.1));
        return new TrainingPlan(config, epochs);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException {
        if (!(tokenizer instanceof PianoRollTokenizer roll))
            throw new IllegalArgumentException(name() + " generates from a model trained with the piano-roll tokenizer, not " + tokenizer.name());
        if (options.beam() > 0) throw new IllegalArgumentException(name() + " draws each frame's keys independently; beam search is for token models");
        if (options.primer() != null) throw new IllegalArgumentException(name() + " takes its primer from a file (--primer-file, .mid or chorale .csv), not --primer");
        float[][] primer;
        if (options.primerFile() != null) {
            String file = options.primerFile().getFileName().toString().toLowerCase(Locale.ROOT);
            primer = file.endsWith(".csv") ? choraleFrames(ChoraleCsv.read(options.primerFile()))
                    : roll.decodeFrames(Decoding.primerFile(options.primerFile(), roll));
        } else {
            // The first bar of a held-out piece: test chorale 2 (S3's primer) or the first test piece of piano.
            List<float[][]> test = frames(context).get(2);
            float[][] piece = test.get(source == Source.CHORALES ? Math.min(2, test.size() - 1) : 0);
            primer = Arrays.copyOf(piece, Math.min(piece.length, 4 * roll.framesPerQuarter()));
        }
        if (primer.length == 0) throw new IllegalArgumentException(name() + ": the primer has no frame");
        int length = options.length() > 0 ? options.length() : source == Source.CHORALES ? 60 : 112;
        FrameSampler sampler = sampler(options);
        List<float[][]> drawn = FrameGenerator.of(model).sampler(sampler).primer(primer).length(length).seed(options.seed())
                .generate(options.pieces());
        context.out().printf(Locale.ROOT, "%s: %d pieces of %d frames after a primer of %d, sampler %s%n", name(), drawn.size(), length,
                primer.length, sampler);
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            float[][] all = Arrays.copyOf(primer, primer.length + length);
            System.arraycopy(drawn.get(i), 0, all, primer.length, length);
            int[] tokens = roll.encodeFrames(all);
            pieces.add(new Piece(String.format(Locale.ROOT, "%s-%02d", source == Source.CHORALES ? "chorale" : "piano", i + 1), roll.score(all),
                    roll.encodeFrames(drawn.get(i)), roll.decodeText(tokens)));
        }
        return pieces;
    }

    /**
     * The frame sampler of the options: {@code --sampler threshold} (keys whose probability is at least {@code -O p=},
     * default 0.5) or any other name for independent Bernoulli draws; {@code -O temperature=} (1.0) and
     * {@code -O max-on=} (4 for chorales, 10 for piano) for both.
     */
    FrameSampler sampler(GenerationOptions options) {
        Options o = Options.of(options.samplerOptions()).readBy("frame sampler of " + name(), Set.of("temperature", "max-on", "p"));
        double temperature = o.number("temperature", 1.0, 1e-3, 100);
        int maxOn = o.integer("max-on", source == Source.CHORALES ? 4 : 10, 0, PianoRollTokenizer.KEYS);
        if ("threshold".equals(options.sampler())) return FrameSamplers.threshold(o.number("p", 0.5, 1e-6, 1 - 1e-6), temperature, maxOn);
        return FrameSamplers.bernoulli(temperature, maxOn);
    }
}
