package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * S5 forecasting on music (seed 001, exercise 4: "predict the next 7 values of a series from a window of 30"): the
 * performer's tempo. The piano-midi.de files keep the performance's timing in their tempo maps (33 to 1,680 tempo
 * events per file); each file becomes the tempo of each of its quarter-note beats, in beats per minute (60 over the
 * beat's duration in seconds, so a tempo change within a beat counts for its share). A model reads 30 beats and
 * forecasts the next 7, held out by composer ({@link PianoCorpus}: Chopin tests, Mozart validates). The network reads
 * and predicts the log tempo standardised on the training beats; {@link #assess} reports errors in BPM beside the naive
 * forecast (the last tempo, repeated) and a linear one (least squares from the 30 values to the 7, fitted on the
 * training windows), and plots forecasts against the truth.
 * <p>
 * Presets: {@code seed}: the exercise's answer, stacked recurrent layers whose top one keeps its last step and a Dense
 * of 7 (SimpleRNN(20) -> SimpleRNN(20, last step) -> Dense(7)); {@code default}: the same with GRU(32) layers;
 * {@code seq2seq}: the exercise's other answer, GRU(32) -> GRU(32) with 7 values at every step (the next 7 beats of each
 * step), scored on the last step.
 */
public final class TempoRecipe implements Recipe {
    static final int WINDOW = 30, AHEAD = 7, BATCH = 32;
    static final String SEQ2SEQ = "seq2seq";

    @Override
    public String name() {
        return "tempo";
    }

    @Override
    public String description() {
        return "S5: forecast the next 7 beats' tempo of a piano performance from the last 30 (held-out composer), beside naive and linear";
    }

    @Override
    public List<String> presets() {
        return List.of(SEED, DEFAULT, SEQ2SEQ);
    }

    @Override
    public boolean generates() {
        return false;
    }

    /**
     * The tempo of each quarter-note beat of a score, in quarter notes per minute: 60 / the beat's duration in seconds
     * along the tempo map. Beats up to the last note's end.
     */
    static double[] beatTempos(Score score) {
        int tpq = score.ticksPerQuarter();
        int beats = (int) (score.end() / tpq);
        double[] bpm = new double[beats];
        double at = score.seconds(0);
        for (int b = 0; b < beats; b++) {
            double next = score.seconds((long) (b + 1) * tpq);
            bpm[b] = 60 / (next - at);
            at = next;
        }
        return bpm;
    }

    /** The corpus as beat tempos per split, and the mean and deviation of the training beats' log tempo. */
    record Tempi(List<List<double[]>> splits, List<List<String>> names, double mean, double deviation) {
        double normalise(double bpm) {
            return (Math.log(bpm) - mean) / deviation;
        }

        double bpm(double z) {
            return Math.exp(z * deviation + mean);
        }
    }

    static Tempi tempi(RecipeContext context) throws IOException {
        List<List<double[]>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<String>> names = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (PianoCorpus.File f : PianoCorpus.load(context, "tempo")) {
            double[] t = beatTempos(f.score());
            if (t.length < WINDOW + AHEAD) continue; // too short for one window
            splits.get(f.split()).add(t);
            names.get(f.split()).add(f.name());
        }
        double sum = 0, sum2 = 0;
        int n = 0;
        for (double[] t : splits.get(PianoCorpus.TRAIN))
            for (double v : t) {
                sum += Math.log(v);
                sum2 += Math.log(v) * Math.log(v);
                n++;
            }
        if (n == 0 || splits.get(PianoCorpus.VALIDATION).isEmpty() || splits.get(PianoCorpus.TEST).isEmpty())
            throw new IllegalArgumentException("tempo needs files of at least " + (WINDOW + AHEAD) + " beats in the training, validation and test splits");
        double mean = sum / n, deviation = Math.sqrt(Math.max(sum2 / n - mean * mean, 1e-12));
        return new Tempi(splits, names, mean, deviation);
    }

    /** Every window of 30 + 7 beats (stride 1) of a split, normalised: [window][37]. */
    static List<double[]> windows(Tempi tempi, int split) {
        List<double[]> out = new ArrayList<>();
        for (double[] t : tempi.splits().get(split))
            for (int s = 0; s + WINDOW + AHEAD <= t.length; s++) {
                double[] w = new double[WINDOW + AHEAD];
                for (int i = 0; i < w.length; i++) w[i] = tempi.normalise(t[s + i]);
                out.add(w);
            }
        return out;
    }

    /** A window as a one-row example: 30 values in, the next 7 from the last step (or, for seq2seq, the next 7 of every step). */
    static Batch example(String preset, double[] w) {
        float[] x = new float[WINDOW];
        for (int i = 0; i < WINDOW; i++) x[i] = (float) w[i];
        if (SEQ2SEQ.equals(preset)) {
            float[] y = new float[WINDOW * AHEAD];
            for (int t = 0; t < WINDOW; t++) for (int j = 0; j < AHEAD; j++) y[t * AHEAD + j] = (float) w[t + 1 + j];
            return Batch.builder(1, WINDOW).features(x, 1).targetValues(y, AHEAD).build();
        }
        float[] y = new float[AHEAD];
        for (int j = 0; j < AHEAD; j++) y[j] = (float) w[WINDOW + j];
        return Batch.builder(1, WINDOW).features(x, 1).targetValues(y, AHEAD).build();
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        requirePreset(preset);
        Tempi tempi = tempi(context);
        Dataset[] sets = new Dataset[3];
        for (int s = 0; s < 3; s++) {
            List<Batch> examples = new ArrayList<>();
            for (double[] w : windows(tempi, s)) examples.add(example(preset, w));
            sets[s] = Dataset.examples(examples, s == 0 ? BATCH : 256);
        }
        context.out().printf("tempo: %d/%d/%d windows of %d+%d beats (train/validation/test: %s files / %s / %s); log tempo %.3f +- %.3f%n",
                sets[0].windowCount(), sets[1].windowCount(), sets[2].windowCount(), WINDOW, AHEAD, tempi.names().get(0).size(),
                tempi.names().get(1), tempi.names().get(2), tempi.mean(), tempi.deviation());
        return new PreparedData(null, sets[0], sets[1], sets[2], List.of(), List.of());
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        requirePreset(preset);
        ModelSpec spec = switch (preset) {
            case SEED -> ModelSpec.of(Input.features(1), Layer.simpleRnn(20), new Layer.SimpleRnn(20, false), Layer.dense(AHEAD));
            case SEQ2SEQ -> ModelSpec.of(Input.features(1), Layer.gru(32), Layer.gru(32), Layer.dense(AHEAD));
            default -> ModelSpec.of(Input.features(1), Layer.gru(32), new Layer.Gru(32, false), Layer.dense(AHEAD));
        };
        return spec.withLoss(Loss.MEAN_SQUARED_ERROR);
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        requirePreset(preset);
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(1e-3)), 30);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options) {
        throw new IllegalArgumentException("tempo forecasts a performance's tempo and makes no music; "
                + "`cadenza evaluate` compares its forecasts with the naive and linear ones and plots them");
    }

    /**
     * Mean squared and absolute errors in BPM of the model, the naive and the linear forecast on the validation and test
     * windows, and tempo-forecasts.png with four test windows.
     */
    @Override
    public Map<String, Object> assess(RecipeContext context, String preset, PreparedData data, SequenceModel model, Path folder)
            throws IOException {
        Tempi tempi = tempi(context);
        LinearForecast linear = LinearForecast.fit(windows(tempi, PianoCorpus.TRAIN), WINDOW, AHEAD, 1e-3);
        Map<String, Object> out = new LinkedHashMap<>();
        List<ForecastPlot.Panel> panels = new ArrayList<>();
        for (int split = PianoCorpus.VALIDATION; split <= PianoCorpus.TEST; split++) {
            List<double[]> windows = windows(tempi, split);
            double[][] errors = new double[3][2]; // model, naive, linear x squared, absolute
            for (int from = 0; from < windows.size(); from += 256) {
                int to = Math.min(windows.size(), from + 256);
                List<Batch> rows = new ArrayList<>();
                for (int i = from; i < to; i++) rows.add(example(preset, windows.get(i)));
                float[] y = model.forward(Batch.concat(rows));
                int perRow = y.length / (to - from);
                for (int i = from; i < to; i++) {
                    double[] w = windows.get(i);
                    double[] truth = new double[AHEAD], m = new double[AHEAD], naive = new double[AHEAD];
                    double[] lin = linear.forecast(w);
                    for (int j = 0; j < AHEAD; j++) {
                        truth[j] = tempi.bpm(w[WINDOW + j]);
                        m[j] = tempi.bpm(y[(i - from) * perRow + perRow - AHEAD + j]);
                        naive[j] = tempi.bpm(w[WINDOW - 1]);
                        lin[j] = tempi.bpm(lin[j]);
                        double[][] f = {m, naive, lin};
                        for (int k = 0; k < 3; k++) {
                            errors[k][0] += (f[k][j] - truth[j]) * (f[k][j] - truth[j]);
                            errors[k][1] += Math.abs(f[k][j] - truth[j]);
                        }
                    }
                    if (split == PianoCorpus.TEST && panels.size() < 4 && i % Math.max(1, windows.size() / 4) == windows.size() / 8) {
                        double[] history = new double[WINDOW];
                        for (int t = 0; t < WINDOW; t++) history[t] = tempi.bpm(w[t]);
                        Map<String, double[]> fs = new LinkedHashMap<>();
                        fs.put("model (" + preset + ")", m);
                        fs.put("naive", naive);
                        fs.put("linear", lin);
                        panels.add(new ForecastPlot.Panel("test window " + (i + 1) + " of " + windows.size(), history, truth, fs));
                    }
                }
            }
            String name = split == PianoCorpus.VALIDATION ? "validation" : "test";
            double n = (double) windows.size() * AHEAD;
            String[] who = {"Model", "Naive", "Linear"};
            for (int k = 0; k < 3; k++) {
                out.put(name + who[k] + "MseBpm", errors[k][0] / n);
                out.put(name + who[k] + "MaeBpm", errors[k][1] / n);
            }
            out.put(name + "Windows", windows.size());
            out.put(name + "Files", String.join(" ", tempi.names().get(split)));
        }
        out.put("plot", ForecastPlot.write(panels, "beat (0 = the last beat read)", "tempo (quarter notes per minute)",
                folder.resolve("tempo-forecasts.png")).toString());
        return out;
    }

    /** Least squares from a window's first {@code inputs} values (and a constant) to the next {@code outputs}. */
    record LinearForecast(double[][] weights, int inputs, int outputs) {
        /** Fits on the windows with a small ridge {@code lambda} (in units of the mean diagonal) so that the system stays solvable. */
        static LinearForecast fit(List<double[]> windows, int inputs, int outputs, double lambda) {
            int d = inputs + 1;
            double[][] a = new double[d][d], b = new double[d][outputs];
            for (double[] w : windows) {
                double[] x = new double[d];
                System.arraycopy(w, 0, x, 0, inputs);
                x[inputs] = 1;
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) a[i][j] += x[i] * x[j];
                    for (int o = 0; o < outputs; o++) b[i][o] += x[i] * w[inputs + o];
                }
            }
            double trace = 0;
            for (int i = 0; i < d; i++) trace += a[i][i];
            for (int i = 0; i < inputs; i++) a[i][i] += lambda * trace / d;
            return new LinearForecast(solve(a, b), inputs, outputs);
        }

        double[] forecast(double[] window) {
            double[] y = new double[outputs];
            for (int o = 0; o < outputs; o++) {
                double s = weights[inputs][o];
                for (int i = 0; i < inputs; i++) s += window[i] * weights[i][o];
                y[o] = s;
            }
            return y;
        }

        /** Gaussian elimination with partial pivoting: x with a x = b, for every column of b. */
        static double[][] solve(double[][] a, double[][] b) {
            int n = a.length, m = b[0].length;
            double[][] x = new double[n][];
            for (int i = 0; i < n; i++) x[i] = b[i].clone();
            double[][] u = new double[n][];
            for (int i = 0; i < n; i++) u[i] = a[i].clone();
            for (int c = 0; c < n; c++) {
                int p = c;
                for (int r = c + 1; r < n; r++) if (Math.abs(u[r][c]) > Math.abs(u[p][c])) p = r;
                if (Math.abs(u[p][c]) < 1e-300) throw new IllegalStateException("linear forecast: singular system at column " + c);
                double[] t = u[c]; u[c] = u[p]; u[p] = t;
                t = x[c]; x[c] = x[p]; x[p] = t;
                for (int r = c + 1; r < n; r++) {
                    double f = u[r][c] / u[c][c];
                    if (f == 0) continue;
                    for (int k = c; k < n; k++) u[r][k] -= f * u[c][k];
                    for (int k = 0; k < m; k++) x[r][k] -= f * x[c][k];
                }
            }
            for (int c = n - 1; c >= 0; c--) {
                for (int k = 0; k < m; k++) {
                    double s = x[c][k];
                    for (int j = c + 1; j < n; j++) s -= u[c][j] * x[j][k];
                    x[c][k] = s / u[c][c];
                }
            }
            return x;
        }
    }
}
