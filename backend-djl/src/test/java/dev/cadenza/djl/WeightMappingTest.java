package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The canonical-to-DJL weight mapping checked against hand computations in double precision from the canonical
 * formulas of FORMAT.md, independently of backend-pure. Each model ends in an identity Dense so that the logits are
 * the tested layer's outputs.
 */
class WeightMappingTest {
    private static final double TOLERANCE = 2e-6;
    private final Backend djl = new Backend(new DjlBackend(DjlEngine.get()));
    private final SeededRandom random = new SeededRandom(7);

    @Test
    void layoutsArePermutationsBothWays() {
        float[] w = {1, 2, 3, 4, 5, 6}; // [2, 3]
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Layout.TRANSPOSE.toDjl(w, new int[] {2, 3}));
        assertArrayEquals(w, Layout.TRANSPOSE.toCanonical(Layout.TRANSPOSE.toDjl(w, new int[] {2, 3}), new int[] {2, 3}));
        // K[k=2, in=1, out=3] = taps {1,2,3} then {4,5,6}; DJL [out=3, in=1, k=2] holds tap pairs per filter.
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, Layout.CONV.toDjl(w, new int[] {2, 1, 3}));
        float[] k = values(2 * 3 * 4);
        assertArrayEquals(k, Layout.CONV.toCanonical(Layout.CONV.toDjl(k, new int[] {2, 3, 4}), new int[] {2, 3, 4}));
    }

    @Test
    void lstmGatesAreIFGO() {
        int in = 2, h = 3, steps = 4;
        ModelSpec spec = ModelSpec.of(new Input.Features(in), new Layer.Lstm(h, true), new Layer.Dense(h, Activation.LINEAR));
        Weights weights = withIdentityHead(spec);
        float[] x = values(steps * in);
        float[] wx = weights.get("layers.0.kernel").data(), wh = weights.get("layers.0.recurrent_kernel").data(), b = weights.get("layers.0.bias").data();
        double[] hs = new double[h], cs = new double[h];
        float[] expected = new float[steps * h];
        for (int t = 0; t < steps; t++) {
            double[] z = affine(x, t * in, in, wx, hs, wh, b, 4 * h);
            double[] hn = new double[h];
            for (int j = 0; j < h; j++) {
                double i = sigmoid(z[j]), f = sigmoid(z[h + j]), g = Math.tanh(z[2 * h + j]), o = sigmoid(z[3 * h + j]);
                cs[j] = f * cs[j] + i * g;
                hn[j] = o * Math.tanh(cs[j]);
            }
            hs = hn;
            for (int j = 0; j < h; j++) expected[t * h + j] = (float) hs[j];
        }
        assertForward(spec, weights, Batch.ofFeatures(1, steps, x, in, null), expected);
    }

    @Test
    void gruIsResetAfterWithBothBiases() {
        int in = 2, h = 3, steps = 4;
        ModelSpec spec = ModelSpec.of(new Input.Features(in), new Layer.Gru(h, true), new Layer.Dense(h, Activation.LINEAR));
        Weights weights = withIdentityHead(spec);
        float[] x = values(steps * in);
        float[] wx = weights.get("layers.0.kernel").data(), wh = weights.get("layers.0.recurrent_kernel").data();
        float[] bx = weights.get("layers.0.input_bias").data(), bh = weights.get("layers.0.recurrent_bias").data();
        double[] hs = new double[h];
        float[] expected = new float[steps * h];
        for (int t = 0; t < steps; t++) {
            double[] zx = affine(x, t * in, in, wx, new double[h], new float[h * 3 * h], bx, 3 * h);
            double[] zh = affine(new float[in], 0, in, new float[in * 3 * h], hs, wh, bh, 3 * h);
            double[] hn = new double[h];
            for (int j = 0; j < h; j++) {
                double r = sigmoid(zx[j] + zh[j]), z = sigmoid(zx[h + j] + zh[h + j]);
                double n = Math.tanh(zx[2 * h + j] + r * zh[2 * h + j]);
                hn[j] = (1 - z) * n + z * hs[j];
            }
            hs = hn;
            for (int j = 0; j < h; j++) expected[t * h + j] = (float) hs[j];
        }
        assertForward(spec, weights, Batch.ofFeatures(1, steps, x, in, null), expected);
    }

    @Test
    void simpleRnnUsesOneBias() {
        int in = 3, h = 2, steps = 3;
        ModelSpec spec = ModelSpec.of(new Input.Features(in), new Layer.SimpleRnn(h, true), new Layer.Dense(h, Activation.LINEAR));
        Weights weights = withIdentityHead(spec);
        float[] x = values(steps * in);
        double[] hs = new double[h];
        float[] expected = new float[steps * h];
        for (int t = 0; t < steps; t++) {
            double[] z = affine(x, t * in, in, weights.get("layers.0.kernel").data(), hs, weights.get("layers.0.recurrent_kernel").data(),
                    weights.get("layers.0.bias").data(), h);
            for (int j = 0; j < h; j++) hs[j] = Math.tanh(z[j]);
            for (int j = 0; j < h; j++) expected[t * h + j] = (float) hs[j];
        }
        assertForward(spec, weights, Batch.ofFeatures(1, steps, x, in, null), expected);
    }

    @Test
    void causalDilatedConvReadsTheRightTaps() {
        int in = 2, filters = 3, k = 3, d = 2, steps = 7;
        ModelSpec spec = ModelSpec.of(new Input.Features(in), Layer.Conv1D.causal(filters, k, d, Activation.LINEAR),
                new Layer.Dense(filters, Activation.LINEAR));
        Weights weights = withIdentityHead(spec);
        float[] kernel = weights.get("layers.0.kernel").data(), bias = weights.get("layers.0.bias").data();
        float[] x = values(steps * in);
        float[] expected = new float[steps * filters];
        for (int t = 0; t < steps; t++)
            for (int o = 0; o < filters; o++) {
                double s = bias[o];
                for (int j = 0; j < k; j++) {
                    int src = t - (k - 1 - j) * d;
                    if (src < 0) continue;
                    for (int i = 0; i < in; i++) s += (double) x[src * in + i] * kernel[(j * in + i) * filters + o];
                }
                expected[t * filters + o] = (float) s;
            }
        assertForward(spec, weights, Batch.ofFeatures(1, steps, x, in, null), expected);
    }

    @Test
    void embeddingRowsAndDenseKernel() {
        ModelSpec spec = ModelSpec.of(new Input.Embedding(5, 3), new Layer.Dense(2, Activation.LINEAR));
        Weights weights = randomWeights(spec);
        float[] e = weights.get("input.embedding").data(), w = weights.get("layers.0.kernel").data(), b = weights.get("layers.0.bias").data();
        int[] tokens = {4, 0, 2};
        float[] expected = new float[tokens.length * 2];
        for (int t = 0; t < tokens.length; t++)
            for (int o = 0; o < 2; o++) {
                double s = b[o];
                for (int i = 0; i < 3; i++) s += (double) e[tokens[t] * 3 + i] * w[i * 2 + o];
                expected[t * 2 + o] = (float) s;
            }
        assertForward(spec, weights, Batch.ofTokens(1, tokens.length, tokens, null), expected);
    }

    @Test
    void batchNormInferenceUsesRunningStatistics() {
        int c = 3, steps = 4;
        ModelSpec spec = ModelSpec.of(new Input.Features(c), new Layer.BatchNorm(0.9, 1e-3), new Layer.Dense(c, Activation.LINEAR));
        Weights weights = withIdentityHead(spec);
        float[] x = values(steps * c);
        float[] expected = new float[x.length];
        float[] gamma = weights.get("layers.0.gamma").data(), beta = weights.get("layers.0.beta").data();
        float[] mean = weights.get("layers.0.running_mean").data(), var = weights.get("layers.0.running_variance").data();
        for (int i = 0; i < x.length; i++) {
            int j = i % c;
            expected[i] = (float) (gamma[j] * (x[i] - mean[j]) / Math.sqrt(var[j] + 1e-3) + beta[j]);
        }
        assertForward(spec, weights, Batch.ofFeatures(1, steps, x, c, null), expected);
    }

    /** Training updates running = m * running + (1 - m) * batch with the unbiased variance, for (B,T,C) and (B,C). */
    @Test
    void batchNormTrainingUpdatesRunningStatistics() {
        int c = 2, rows = 3, steps = 4;
        for (boolean sequence : new boolean[] {true, false}) {
            ModelSpec spec = sequence
                    ? ModelSpec.of(new Input.Features(c), new Layer.BatchNorm(0.8, 1e-3), new Layer.Dense(c, Activation.LINEAR))
                    : ModelSpec.of(new Input.Features(c), new Layer.SimpleRnn(c, false), new Layer.BatchNorm(0.8, 1e-3), new Layer.Dense(c, Activation.LINEAR));
            Weights weights = withIdentityHead(spec);
            float[] x = values(rows * steps * c);
            Batch batch = Batch.ofFeatures(rows, steps, x, c, new int[sequence ? rows * steps : rows]);
            String bn = sequence ? "layers.0." : "layers.1.";
            float[] normInput;
            if (sequence) {
                normInput = x;
            } else {
                // The SimpleRNN's last step, computed by the model itself through an identity BatchNorm.
                try (SequenceModel probe = djl.create(spec, identityBatchNorm(spec, weights, bn))) {
                    normInput = probe.forward(batch);
                }
            }
            int n = normInput.length / c;
            float[] runningMean = weights.get(bn + "running_mean").data(), runningVar = weights.get(bn + "running_variance").data();
            float[] expectedMean = new float[c], expectedVar = new float[c];
            float[] gamma = weights.get(bn + "gamma").data(), beta = weights.get(bn + "beta").data();
            double[] normalized = new double[normInput.length];
            for (int j = 0; j < c; j++) {
                double s = 0, ss = 0;
                for (int r = 0; r < n; r++) s += normInput[r * c + j];
                double m = s / n;
                for (int r = 0; r < n; r++) ss += (normInput[r * c + j] - m) * (normInput[r * c + j] - m);
                expectedMean[j] = (float) (0.8 * runningMean[j] + 0.2 * m);
                expectedVar[j] = (float) (0.8 * runningVar[j] + 0.2 * ss / (n - 1));
                for (int r = 0; r < n; r++) normalized[r * c + j] = gamma[j] * (normInput[r * c + j] - m) / Math.sqrt(ss / n + 1e-3) + beta[j];
            }
            // Training normalises with the biased batch variance; the identity head makes these the logits (target 0).
            double expectedLoss = 0;
            for (int r = 0; r < n; r++) {
                double sum = 0;
                for (int j = 0; j < c; j++) sum += Math.exp(normalized[r * c + j]);
                expectedLoss += Math.log(sum) - normalized[r * c];
            }
            expectedLoss /= n;
            try (SequenceModel model = djl.create(spec, weights)) {
                // A learning rate far below float resolution leaves the weights; the statistics still move.
                double loss = model.train(TrainingConfig.of(new Optimizer.Sgd(1e-30, 0, false))).step(batch).loss();
                assertEquals(expectedLoss, loss, 1e-5, "training loss through batch statistics, sequence " + sequence);
                Weights after = model.weights();
                assertClose(expectedMean, after.get(bn + "running_mean").data(), "running mean, sequence " + sequence);
                assertClose(expectedVar, after.get(bn + "running_variance").data(), "running variance, sequence " + sequence);
            }
        }
    }

    private Weights identityBatchNorm(ModelSpec spec, Weights weights, String bn) {
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : weights.tensors()) {
            if (t.name().equals(bn + "gamma") || t.name().equals(bn + "running_variance")) {
                tensors.add(new Tensor(t.name(), t.shape(), t.name().endsWith("gamma") ? new float[] {1, 1} : new float[] {(float) (1 - 1e-3), (float) (1 - 1e-3)}));
            } else if (t.name().equals(bn + "beta") || t.name().equals(bn + "running_mean")) {
                tensors.add(new Tensor(t.name(), t.shape(), new float[t.size()]));
            } else {
                tensors.add(t);
            }
        }
        return Weights.of(spec, tensors);
    }

    private void assertForward(ModelSpec spec, Weights weights, Batch batch, float[] expected) {
        try (SequenceModel model = djl.create(spec, weights)) {
            assertClose(expected, model.forward(batch), spec.layers().get(0).describe());
            assertEquals(weights, model.weights(), "weights read back unchanged from DJL's layout");
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++)
            assertEquals(expected[i], actual[i], TOLERANCE, what + " at " + i);
    }

    /** Random weights with the last Dense set to the identity, so logits show the layer below. */
    private Weights withIdentityHead(ModelSpec spec) {
        Weights w = randomWeights(spec);
        String head = "layers." + (spec.layers().size() - 1) + ".";
        List<Tensor> tensors = new ArrayList<>();
        for (Tensor t : w.tensors()) {
            if (t.name().equals(head + "kernel")) {
                int n = t.shape()[0];
                float[] identity = new float[n * n];
                for (int i = 0; i < n; i++) identity[i * n + i] = 1;
                tensors.add(new Tensor(t.name(), t.shape(), identity));
            } else if (t.name().equals(head + "bias")) {
                tensors.add(new Tensor(t.name(), t.shape(), new float[t.size()]));
            } else {
                tensors.add(t);
            }
        }
        return Weights.of(spec, tensors);
    }

    private Weights randomWeights(ModelSpec spec) {
        List<Tensor> tensors = new ArrayList<>();
        for (ParameterSpec p : spec.parameters()) {
            float[] data = values(p.size());
            if (p.role() == ParameterSpec.Role.RUNNING_VARIANCE) for (int i = 0; i < data.length; i++) data[i] = 1 + data[i];
            tensors.add(new Tensor(p.name(), p.shape(), data));
        }
        return Weights.of(spec, tensors);
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (random.nextDouble() - 0.5);
        return v;
    }

    /** x[off, off+in) · wx + h · wh + b, with wx [in, cols] and wh [h, cols]. */
    private static double[] affine(float[] x, int off, int in, float[] wx, double[] h, float[] wh, float[] b, int cols) {
        double[] z = new double[cols];
        for (int c = 0; c < cols; c++) {
            double s = b[c];
            for (int i = 0; i < in; i++) s += (double) x[off + i] * wx[i * cols + c];
            for (int j = 0; j < h.length; j++) s += h[j] * wh[j * cols + c];
            z[c] = s;
        }
        return z;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
