package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S5 forecasting (seed 001, exercises 3, 4 and 7; Géron, Hands-On ML 2nd edition, chapter 15): the chapter's synthetic
 * series ({@link SyntheticSeries}, 10,000 of them, seeded: 7,000 train, 2,000 validation, 1,000 test), 50 steps read,
 * mean squared error, Adam, batch 32, 20 epochs, one model per preset as the chapter builds them:
 * <ul>
 *   <li>{@code linear}: the 50 values as one input vector into Dense(1) (the chapter's Flatten + Dense(1));</li>
 *   <li>{@code simple-rnn}: SimpleRNN(1) from its last step, Adam(0.005) (Cadenza's spec ends in a linear Dense, so a
 *       Dense(1) follows: two more parameters than the chapter's three);</li>
 *   <li>{@code deep-rnn} (also {@code seed} and {@code default}): SimpleRNN(20) -> SimpleRNN(20, last step) -> Dense(1);</li>
 *   <li>ten steps ahead: {@code linear-10} (Dense(10) on the 50 values), {@code seq2vec} (the deep RNN with Dense(10) on
 *       its last step) and {@code seq2seq} (both SimpleRNN(20) per step and Dense(10) at every step, whose targets are
 *       the next ten values of every step, Adam(0.01)).</li>
 * </ul>
 * The series come from the data seed {@value #DATA_SEED} whatever the training seed, so every preset and seed sees the same
 * series. {@link #assess} adds the naive forecast (the last value, repeated) on the same series, the model's validation
 * MSE beside the notebook's, and a plot of three validation forecasts.
 */
public final class ForecastRecipe implements Recipe {
    static final long DATA_SEED = 42;
    static final int STEPS = 50, TRAIN = 7000, VALID = 2000, TEST = 1000, BATCH = 32, EPOCHS = 20;
    static final String LINEAR = "linear", SIMPLE_RNN = "simple-rnn", DEEP_RNN = "deep-rnn", LINEAR_10 = "linear-10",
            SEQ2VEC = "seq2vec", SEQ2SEQ = "seq2seq";

    /**
     * The validation MSE the chapter's notebook (ageron/handson-ml2, 15_processing_sequences_using_rnns_and_cnns.ipynb)
     * prints for each model after its 20 epochs; for seq2seq its last-time-step MSE. The book's text rounds them: naive
     * 0.020, linear 0.004, SimpleRNN 0.014, deep RNN 0.003, seq2vec 0.008, seq2seq 0.006.
     */
    static final Map<String, Double> NOTEBOOK = Map.of(LINEAR, 0.0042, SIMPLE_RNN, 0.0109, DEEP_RNN, 0.0026, LINEAR_10, 0.0187,
            SEQ2VEC, 0.0085, SEQ2SEQ, 0.0096, "naive-1", 0.0202, "naive-10", 0.2570);

    private final int count;

    /** The recipe on the chapter's 10,000 series (7,000 training, 2,000 validation, 1,000 test). */
    public ForecastRecipe() {
        this(TRAIN + VALID + TEST);
    }

    /** A recipe on {@code count} series (split 70/20/10 like the chapter's 10,000), for fast tests. */
    ForecastRecipe(int count) {
        if (count < 10) throw new IllegalArgumentException("forecast: at least 10 series, was " + count);
        this.count = count;
    }

    @Override
    public String name() {
        return "forecast";
    }

    @Override
    public String description() {
        return "S5: forecasting Geron's synthetic series (ch. 15): linear, SimpleRNN, deep RNN, and 10 steps ahead (seq2vec, seq2seq)";
    }

    @Override
    public List<String> presets() {
        return List.of(SEED, DEFAULT, LINEAR, SIMPLE_RNN, DEEP_RNN, LINEAR_10, SEQ2VEC, SEQ2SEQ);
    }

    @Override
    public boolean generates() {
        return false;
    }

    /** The model of a preset: seed and default are the deep RNN. */
    static String model(String preset) {
        return SEED.equals(preset) || DEFAULT.equals(preset) ? DEEP_RNN : preset;
    }

    /** Values forecast per series: 1 or 10. */
    static int horizon(String preset) {
        return switch (model(preset)) {
            case LINEAR, SIMPLE_RNN, DEEP_RNN -> 1;
            default -> 10;
        };
    }

    /** The series of a preset: 50 steps plus the horizon (the notebook draws them again, with the same seed, for 10 ahead). */
    float[][] series(String preset) {
        return SyntheticSeries.generate(count, STEPS + horizon(preset), DATA_SEED);
    }

    /** Series [from, to) of the 70/20/10 split: 0 train, 1 validation, 2 test. */
    int[] split(int part) {
        int train = count * 7 / 10, valid = count * 2 / 10;
        return switch (part) {
            case 0 -> new int[] {0, train};
            case 1 -> new int[] {train, train + valid};
            default -> new int[] {train + valid, count};
        };
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) {
        requirePreset(preset);
        if (context.userCorpus() != null)
            throw new IllegalArgumentException("forecast trains on Geron's synthetic series and reads no corpus (--corpus "
                    + context.userCorpus() + "); the tempo recipe forecasts the tempo of MIDI files");
        float[][] series = series(preset);
        Dataset[] sets = new Dataset[3];
        for (int part = 0; part < 3; part++) {
            int[] r = split(part);
            List<Batch> examples = new ArrayList<>();
            for (int i = r[0]; i < r[1]; i++) examples.add(example(preset, series[i]));
            sets[part] = Dataset.examples(examples, part == 0 ? BATCH : 250);
        }
        return new PreparedData(null, sets[0], sets[1], sets[2], List.of(), List.of());
    }

    /** One series as a one-row example of the preset's inputs and targets. */
    static Batch example(String preset, float[] s) {
        int h = horizon(preset);
        float[] x = java.util.Arrays.copyOf(s, STEPS);
        String m = model(preset);
        if (m.equals(LINEAR) || m.equals(LINEAR_10)) // the 50 values as one vector: Flatten + Dense
            return Batch.builder(1, 1).features(x, STEPS).targetValues(java.util.Arrays.copyOfRange(s, STEPS, STEPS + h), h).build();
        if (m.equals(SEQ2SEQ)) { // at step t, the next ten values s[t+1 .. t+10]
            float[] y = new float[STEPS * h];
            for (int t = 0; t < STEPS; t++) System.arraycopy(s, t + 1, y, t * h, h);
            return Batch.builder(1, STEPS).features(x, 1).targetValues(y, h).build();
        }
        return Batch.builder(1, STEPS).features(x, 1).targetValues(java.util.Arrays.copyOfRange(s, STEPS, STEPS + h), h).build();
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        requirePreset(preset);
        int h = horizon(preset);
        ModelSpec spec = switch (model(preset)) {
            case LINEAR, LINEAR_10 -> ModelSpec.of(Input.features(STEPS), Layer.dense(h));
            case SIMPLE_RNN -> ModelSpec.of(Input.features(1), new Layer.SimpleRnn(1, false), Layer.dense(1));
            case SEQ2SEQ -> ModelSpec.of(Input.features(1), Layer.simpleRnn(20), Layer.simpleRnn(20), Layer.dense(h));
            default -> ModelSpec.of(Input.features(1), Layer.simpleRnn(20), new Layer.SimpleRnn(20, false), Layer.dense(h));
        };
        return spec.withLoss(Loss.MEAN_SQUARED_ERROR);
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        requirePreset(preset);
        double rate = switch (model(preset)) {
            case SIMPLE_RNN -> 0.005;
            case SEQ2SEQ -> 0.01;
            default -> 0.001; // Keras' Adam default
        };
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(rate)), EPOCHS);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options) {
        throw new IllegalArgumentException("forecast predicts the next values of a series and makes no music; "
                + "`cadenza evaluate` compares its forecasts with the naive one and plots them");
    }

    /**
     * The model's and the naive forecast's MSE on the validation and test series (for seq2seq also the MSE of the last
     * step's ten values, the chapter's metric), the notebook's figure, and forecasts.png with three validation series.
     */
    @Override
    public Map<String, Object> assess(RecipeContext context, String preset, PreparedData data, SequenceModel model, Path folder)
            throws IOException {
        float[][] series = series(preset);
        int h = horizon(preset);
        Map<String, Object> out = new LinkedHashMap<>();
        List<ForecastPlot.Panel> panels = new ArrayList<>();
        for (int part = 1; part <= 2; part++) {
            int[] r = split(part);
            String name = part == 1 ? "validation" : "test";
            double model2 = 0, naive2 = 0;
            for (int from = r[0]; from < r[1]; from += 250) {
                int to = Math.min(r[1], from + 250);
                List<Batch> rows = new ArrayList<>();
                for (int i = from; i < to; i++) rows.add(example(preset, series[i]));
                float[][] forecasts = lastForecasts(preset, model, Batch.concat(rows), to - from);
                for (int i = from; i < to; i++) {
                    float[] s = series[i];
                    for (int j = 0; j < h; j++) {
                        double truth = s[STEPS + j];
                        model2 += sq(forecasts[i - from][j] - truth);
                        naive2 += sq(s[STEPS - 1] - truth);
                    }
                    if (part == 1 && i - r[0] < 3) {
                        double[] hist = new double[STEPS], truth = new double[h], f = new double[h], naive = new double[h];
                        for (int t = 0; t < STEPS; t++) hist[t] = s[t];
                        for (int j = 0; j < h; j++) {
                            truth[j] = s[STEPS + j];
                            f[j] = forecasts[i - r[0]][j];
                            naive[j] = s[STEPS - 1];
                        }
                        Map<String, double[]> fs = new LinkedHashMap<>();
                        fs.put(model(preset), f);
                        fs.put("naive", naive);
                        panels.add(new ForecastPlot.Panel("validation series " + (i - r[0] + 1), hist, truth, fs));
                    }
                }
            }
            int n = (r[1] - r[0]) * h;
            out.put(name + (model(preset).equals(SEQ2SEQ) ? "LastStepMse" : "Mse"), model2 / n);
            out.put(name + "NaiveMse", naive2 / n);
        }
        out.put("notebookValidationMse", NOTEBOOK.get(model(preset)));
        out.put("notebookNaiveValidationMse", NOTEBOOK.get("naive-" + h));
        out.put("plot", ForecastPlot.write(panels, "time step (0 = the last value read)", "x(t)", folder.resolve("forecasts.png")).toString());
        return out;
    }

    /** The forecast of each row from its last step: [rows][horizon]. */
    static float[][] lastForecasts(String preset, SequenceModel model, Batch batch, int rows) {
        int h = horizon(preset);
        float[] y = model.forward(batch);
        int perRow = y.length / rows; // h for a last-step or one-step head, STEPS * h for seq2seq
        float[][] out = new float[rows][h];
        for (int i = 0; i < rows; i++) System.arraycopy(y, i * perRow + perRow - h, out[i], 0, h);
        return out;
    }

    private static double sq(double x) {
        return x * x;
    }
}
