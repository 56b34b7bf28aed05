package dev.cadenza.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Losses;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineTrainer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A known-answer check of the PyTorch engine, run once when the engine opens: a tiny model (embedding, causal
 * dilated convolution, LSTM, dense) goes through the backend's own code paths (DjlNetwork and the weight mapping,
 * PyTorch's fused LSTM, the padded Conv1d, a training forward and backward pass through the engine SPI with the
 * api's loss) and is compared with answers computed here in double precision from the canonical formulas.
 * <p>
 * Some CPUs make native libraries compute wrong numbers (oneDNN on machines that hide their cache topology, see
 * {@link OneDnn} and backend-djl/README.md); this check is what stops a user from training a wrong model without
 * being told. float32 meets the reference to 3.3e-6 (relative to the largest value of each compared quantity); the
 * faults measured were 6.8e-2 to 1, so the tolerance, 1e-4, has a factor of 30 to spare on one side and 700 on the
 * other.
 */
final class DjlSelfCheck {
    /** Largest accepted error on the CPU, relative to the largest reference value of each compared quantity. */
    static final double TOLERANCE = 1e-4;
    /**
     * Largest accepted error on a GPU: PyTorch lets cuDNN compute convolutions and RNNs in TF32 by default (a 10-bit
     * mantissa, errors about 1e-3). Not measured: no GPU was available to this work.
     */
    static final double GPU_TOLERANCE = 1e-2;

    // Sizes: vocabulary, embedding, conv filters, kernel, dilation, LSTM units (oneDNN's fault shows at <= 16),
    // batch, steps. Small enough for well under 100 ms, large enough that every tap and gate matters.
    private static final int V = 7, E = 4, F = 5, K = 3, DIL = 2, H = 6, B = 2, T = 7;

    /** The largest error of one run, where it was found, every compared quantity's error, and the run's time. */
    record Result(double error, String where, Map<String, Double> errors, double tolerance, long nanos) {
        boolean passed() {
            return error <= tolerance; // NaN fails
        }

        /** The quantities beyond the tolerance, worst first (or the worst one when all pass), with their errors. */
        String describe() {
            List<String> off = new ArrayList<>();
            errors.entrySet().stream().filter(e -> !(e.getValue() <= tolerance))
                    .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                    .forEach(e -> off.add(String.format(Locale.ROOT, "%s off by a relative %.2g", e.getKey(), e.getValue())));
            if (off.isEmpty()) off.add(String.format(Locale.ROOT, "%s off by a relative %.2g", where, error));
            return String.join(", ", off) + String.format(Locale.ROOT, " (tolerance %.0e)", tolerance);
        }
    }

    /** What was found at open and what was done about it: the first run, the deciding run, and whether oneDNN went off. */
    record Health(Result first, Result last, boolean repaired) {
        String describe() {
            return String.format(Locale.ROOT, "self-check %s in %.0f ms (largest relative error %.1e, tolerance %.0e)",
                    repaired ? "failed (" + first.describe() + "), passed after switching oneDNN off," : "passed",
                    (first.nanos() + (repaired ? last.nanos() : 0)) / 1e6, last.error(), last.tolerance());
        }
    }

    /** A change of the engine's configuration that may make a failing check pass. */
    interface Repair {
        /** Applies it, or throws {@link IllegalStateException} saying why it cannot be applied. */
        void apply();
    }

    private static final System.Logger LOG = System.getLogger(DjlSelfCheck.class.getName());

    private DjlSelfCheck() {}

    /**
     * Runs the check; when it fails, applies the repair and runs it again. Returns what it found when the engine
     * computes correctly (logged once: INFO when it passed, WARNING when it needed the repair).
     *
     * @throws IllegalStateException naming the fault, its likely cause and the remedy, when the engine is wrong
     */
    static Health establish(String engineName, Device device, java.util.function.Supplier<Result> check, Repair repair) {
        Result first = check.get();
        if (first.passed()) {
            Health health = new Health(first, first, false);
            LOG.log(System.Logger.Level.INFO, () -> "Cadenza backend 'djl': " + health.describe() + "; " + OneDnn.describe());
            return health;
        }
        try {
            repair.apply();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(refusal(engineName, device, first, "oneDNN could not be switched off in-process: "
                    + e.getMessage()), e);
        }
        Result second = check.get();
        if (!second.passed())
            throw new IllegalStateException(refusal(engineName, device, first, "with oneDNN switched off it is still " + second.describe()));
        Health health = new Health(first, second, true);
        LOG.log(System.Logger.Level.WARNING, () -> "Cadenza backend 'djl': " + engineName + " computes wrong numbers on this machine with oneDNN "
                + "(known-answer check at open: " + first.describe() + "). " + cause(device) + " oneDNN is now switched off for this JVM; "
                + String.format(Locale.ROOT, "PyTorch's own CPU kernels pass the check (largest relative error %.1e; the two runs "
                        + "took %.0f and %.0f ms). ", second.error(), first.nanos() / 1e6, second.nanos() / 1e6)
                + "That is faster for small LSTMs (1.8x oneDNN's training speed at 256 units, measured on such a VM) but slower for "
                + "large ones (0.6x at 1024 units); for large models, starting Java with the environment variable "
                + OneDnn.ISA_VARIABLE + "=" + correctIsa() + " is somewhat faster (0.7x).");
        return health;
    }

    /** The message of a refusal: what failed and by how much, why, and the remedy. */
    static String refusal(String engineName, Device device, Result first, String afterRepair) {
        return "Cadenza backend 'djl' cannot be used on this machine: " + engineName + " computes wrong numbers here. "
                + "Its known-answer check at open found " + first.describe() + "; " + afterRepair + ". " + cause(device)
                + " Remedy: start Java with the environment variable " + OneDnn.ISA_VARIABLE + "=" + correctIsa()
                + " (for example: export " + OneDnn.ISA_VARIABLE + "=" + correctIsa() + ")"
                + (OneDnn.isaCap() == null ? "" : "; it is " + OneDnn.isaCap() + " now")
                + ", or use backend 'pure' (-Dcadenza.backend=pure).";
    }

    private static String cause(Device device) {
        if (device.isGpu()) return "The check ran on " + device + ", so the cause is not the known one (see backend-djl/README.md); please report it.";
        return OneDnn.cacheTopologyHidden()
                ? "Cause: this CPU hides its cache topology (" + OneDnn.CACHE_TOPOLOGY + " is absent), so oneDNN sizes its kernels "
                        + "for one-byte caches (see backend-djl/README.md)."
                : "This CPU shows its cache topology, so the cause is not the known one (see backend-djl/README.md); please report it.";
    }

    /** The ISA cap to recommend: AVX, or SSE41 when AVX is already set. */
    private static String correctIsa() {
        return OneDnn.CORRECT_ISA.equalsIgnoreCase(OneDnn.isaCap()) ? "SSE41" : OneDnn.CORRECT_ISA;
    }

    /** The check's model. */
    static ModelSpec spec() {
        return ModelSpec.of(new Input.Embedding(V, E), Layer.Conv1D.causal(F, K, DIL, Activation.TANH), new Layer.Lstm(H, true),
                new Layer.Dense(V, Activation.LINEAR));
    }

    /** Fixed weights, every value non-zero and of order 0.5 (biases too, so a misplaced bias shows). */
    static Weights weights() {
        List<Tensor> tensors = new ArrayList<>();
        int k = 0;
        for (ParameterSpec p : spec().parameters()) {
            float[] data = new float[p.size()];
            for (int i = 0; i < data.length; i++) data[i] = (float) (0.5 * Math.sin(0.91 * i + 1.7 * k + 0.3));
            tensors.add(new Tensor(p.name(), p.shape(), data));
            k++;
        }
        return Weights.of(spec(), tensors);
    }

    /** A fixed batch using every token. */
    static Batch batch() {
        int[] tokens = new int[B * T];
        int[] targets = new int[B * T];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (3 * i + 1) % V;
            targets[i] = (5 * i + 2) % V;
        }
        return Batch.ofTokens(B, T, tokens, targets);
    }

    static double tolerance(Device device) {
        return device.isGpu() ? GPU_TOLERANCE : TOLERANCE;
    }

    /** Runs the check on the engine as the backend uses it. */
    static Result run(Engine engine, Device device) {
        return run(engine, device, UnaryOperator.identity());
    }

    /**
     * Runs the check with {@code intoEngine} applied to the weights the engine gets (the reference always uses the
     * true ones): the identity for the real check, a wrong mapping to prove that the check fires.
     */
    static Result run(Engine engine, Device device, UnaryOperator<Weights> intoEngine) {
        long t0 = System.nanoTime();
        try {
            return compare(engine, device, intoEngine, t0);
        } catch (RuntimeException e) {
            // An engine that throws on the check's tiny model is no more usable than one that miscomputes it.
            String what = "running the check (" + e + ")";
            return new Result(Double.NaN, what, Map.of(what, Double.NaN), tolerance(device), System.nanoTime() - t0);
        }
    }

    private static Result compare(Engine engine, Device device, UnaryOperator<Weights> intoEngine, long t0) {
        Weights weights = weights();
        Batch batch = batch();
        Reference expected = new Reference(weights, batch);
        Worst worst = new Worst();
        ModelSpec spec = spec();
        // Through the engine SPI, as the api drives every engine: inference outputs, then a training forward pass, the
        // api's loss and its gradient, and the engine's backward pass into canonical gradients.
        try (EngineModel model = new DjlBackend(engine).create(spec, intoEngine.apply(weights))) {
            worst.compare("the forward pass's logits", model.forward(batch.inputsOnly()), expected.logits);
            EngineTrainer trainer = model.trainer();
            trainer.zeroGradients();
            float[] outputs = trainer.forward(batch, new SeededRandom(1), false);
            float[] gradient = new float[outputs.length];
            double predictions = batch.predictions(spec.head());
            double loss = Losses.lossAndGradient(spec, outputs, batch, 1 / predictions, gradient) / predictions;
            trainer.backward(gradient);
            worst.compare("the training loss", new float[] {(float) loss}, new double[] {expected.loss});
            float[][] gradients = trainer.gradients();
            int i = 0;
            for (ParameterSpec p : spec.parameters())
                if (p.trainable()) worst.compare("the gradient of " + p.name(), gradients[i++], expected.gradients.get(p.name()));
        }
        return new Result(worst.error, worst.where, Map.copyOf(worst.errors), tolerance(device), System.nanoTime() - t0);
    }

    /** The largest relative error over the compared quantities; a NaN anywhere wins. */
    private static final class Worst {
        final Map<String, Double> errors = new LinkedHashMap<>();
        double error;
        String where = "nothing";

        void compare(String what, float[] got, double[] expected) {
            double diff = 0, scale = 0;
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs(got[i] - expected[i]);
                if (Double.isNaN(d)) diff = Double.NaN;
                else if (d > diff) diff = d;
                scale = Math.max(scale, Math.abs(expected[i]));
            }
            double relative = diff / Math.max(scale, Double.MIN_NORMAL);
            errors.put(what, relative);
            if (Double.isNaN(error)) return;
            if (Double.isNaN(relative) || relative > error) {
                error = relative;
                where = what;
            }
        }
    }

    /**
     * The check's model in double precision from the canonical formulas (FORMAT.md): forward logits, the mean
     * cross-entropy over all B*T tokens and the gradient of every canonical tensor by back-propagation through time.
     */
    static final class Reference {
        final double[] logits = new double[B * T * V];
        double loss;
        final Map<String, double[]> gradients = new HashMap<>();

        Reference(Weights w, Batch batch) {
            double[] emb = doubles(w, "input.embedding"), kc = doubles(w, "layers.0.kernel"), bc = doubles(w, "layers.0.bias");
            double[] wx = doubles(w, "layers.1.kernel"), wh = doubles(w, "layers.1.recurrent_kernel"), bl = doubles(w, "layers.1.bias");
            double[] wd = doubles(w, "layers.2.kernel"), bd = doubles(w, "layers.2.bias");
            int[] tokens = batch.tokens(), targets = batch.targets();
            int G = 4 * H;
            double[] dEmb = new double[emb.length], dKc = new double[kc.length], dBc = new double[bc.length];
            double[] dWx = new double[wx.length], dWh = new double[wh.length], dBl = new double[bl.length];
            double[] dWd = new double[wd.length], dBd = new double[bd.length];
            for (int b = 0; b < B; b++) {
                // Forward: x[t][E], a[t][F] = tanh(causal conv), LSTM gates and states, logits.
                double[][] x = new double[T][E], a = new double[T][F];
                double[][] gi = new double[T][H], gf = new double[T][H], gg = new double[T][H], go = new double[T][H];
                double[][] c = new double[T + 1][H], h = new double[T + 1][H]; // index t + 1; row 0 is the zero state
                for (int t = 0; t < T; t++) System.arraycopy(emb, tokens[b * T + t] * E, x[t], 0, E);
                for (int t = 0; t < T; t++)
                    for (int f = 0; f < F; f++) {
                        double s = bc[f];
                        for (int j = 0; j < K; j++) {
                            int src = t - (K - 1 - j) * DIL;
                            if (src < 0) continue;
                            for (int i = 0; i < E; i++) s += x[src][i] * kc[(j * E + i) * F + f];
                        }
                        a[t][f] = Math.tanh(s);
                    }
                for (int t = 0; t < T; t++) {
                    for (int u = 0; u < H; u++) {
                        double[] z = new double[4];
                        for (int q = 0; q < 4; q++) {
                            int col = q * H + u;
                            double s = bl[col];
                            for (int i = 0; i < F; i++) s += a[t][i] * wx[i * G + col];
                            for (int i = 0; i < H; i++) s += h[t][i] * wh[i * G + col];
                            z[q] = s;
                        }
                        gi[t][u] = sigmoid(z[0]);
                        gf[t][u] = sigmoid(z[1]);
                        gg[t][u] = Math.tanh(z[2]);
                        go[t][u] = sigmoid(z[3]);
                        c[t + 1][u] = gf[t][u] * c[t][u] + gi[t][u] * gg[t][u];
                        h[t + 1][u] = go[t][u] * Math.tanh(c[t + 1][u]);
                    }
                }
                // Logits, loss and dL/dlogits = (softmax - onehot) / (B*T).
                double[][] dh = new double[T][H];
                for (int t = 0; t < T; t++) {
                    int row = b * T + t;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < V; v++) {
                        double s = bd[v];
                        for (int u = 0; u < H; u++) s += h[t + 1][u] * wd[u * V + v];
                        logits[row * V + v] = s;
                        max = Math.max(max, s);
                    }
                    double sum = 0;
                    for (int v = 0; v < V; v++) sum += Math.exp(logits[row * V + v] - max);
                    loss += (max + Math.log(sum) - logits[row * V + targets[row]]) / (B * T);
                    for (int v = 0; v < V; v++) {
                        double d = (Math.exp(logits[row * V + v] - max) / sum - (v == targets[row] ? 1 : 0)) / (B * T);
                        dBd[v] += d;
                        for (int u = 0; u < H; u++) {
                            dWd[u * V + v] += h[t + 1][u] * d;
                            dh[t][u] += wd[u * V + v] * d;
                        }
                    }
                }
                // Back-propagation through time.
                double[] dhNext = new double[H], dcNext = new double[H];
                double[][] da = new double[T][F];
                for (int t = T - 1; t >= 0; t--) {
                    double[] dz = new double[G];
                    for (int u = 0; u < H; u++) {
                        double dhu = dh[t][u] + dhNext[u];
                        double tc = Math.tanh(c[t + 1][u]);
                        double dc = dcNext[u] + dhu * go[t][u] * (1 - tc * tc);
                        dz[u] = dc * gg[t][u] * gi[t][u] * (1 - gi[t][u]);
                        dz[H + u] = dc * c[t][u] * gf[t][u] * (1 - gf[t][u]);
                        dz[2 * H + u] = dc * gi[t][u] * (1 - gg[t][u] * gg[t][u]);
                        dz[3 * H + u] = dhu * tc * go[t][u] * (1 - go[t][u]);
                        dcNext[u] = dc * gf[t][u];
                    }
                    java.util.Arrays.fill(dhNext, 0);
                    for (int col = 0; col < G; col++) {
                        dBl[col] += dz[col];
                        for (int i = 0; i < F; i++) {
                            dWx[i * G + col] += a[t][i] * dz[col];
                            da[t][i] += wx[i * G + col] * dz[col];
                        }
                        for (int i = 0; i < H; i++) {
                            dWh[i * G + col] += h[t][i] * dz[col];
                            dhNext[i] += wh[i * G + col] * dz[col];
                        }
                    }
                }
                // Through tanh and the causal convolution into the embedding rows.
                for (int t = 0; t < T; t++)
                    for (int f = 0; f < F; f++) {
                        double du = da[t][f] * (1 - a[t][f] * a[t][f]);
                        dBc[f] += du;
                        for (int j = 0; j < K; j++) {
                            int src = t - (K - 1 - j) * DIL;
                            if (src < 0) continue;
                            for (int i = 0; i < E; i++) {
                                dKc[(j * E + i) * F + f] += x[src][i] * du;
                                dEmb[tokens[b * T + src] * E + i] += kc[(j * E + i) * F + f] * du;
                            }
                        }
                    }
            }
            gradients.put("input.embedding", dEmb);
            gradients.put("layers.0.kernel", dKc);
            gradients.put("layers.0.bias", dBc);
            gradients.put("layers.1.kernel", dWx);
            gradients.put("layers.1.recurrent_kernel", dWh);
            gradients.put("layers.1.bias", dBl);
            gradients.put("layers.2.kernel", dWd);
            gradients.put("layers.2.bias", dBd);
        }

        private static double[] doubles(Weights w, String name) {
            float[] f = w.get(name).data();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }

        private static double sigmoid(double z) {
            return 1 / (1 + Math.exp(-z));
        }
    }
}
