package dev.cadenza.pure;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent double-precision forward pass written straight from the formulas with plain nested arrays
 * ({@code [batch][time][feature]}), used as the oracle of the float engine: its finite differences check the
 * analytic gradients, and its outputs check the forward pass. Deliberately slow and obvious.
 */
final class ReferenceNetwork {
    final ModelSpec spec;
    final Map<String, double[]> w = new HashMap<>();

    ReferenceNetwork(ModelSpec spec, Weights weights) {
        this.spec = spec;
        for (Tensor t : weights.tensors()) {
            double[] d = new double[t.size()];
            for (int i = 0; i < d.length; i++) d[i] = t.data()[i];
            w.put(t.name(), d);
        }
    }

    /** Mean (mask-weighted) loss of the batch. {@code masks} are the dropout masks, one per Dropout layer. */
    double loss(Batch batch, boolean training, List<float[]> masks) {
        return lossSum(batch, training, masks, null) / batch.predictions(spec.head());
    }

    /**
     * The state a truncated-BPTT run carries from one chunk to the next: each recurrent layer's final h (and c), and
     * each causal convolution's inputs so far (its history). Chunks run from it and, when {@code advance}, update it.
     */
    static final class Carry {
        final Map<Integer, double[][]> h = new HashMap<>(), c = new HashMap<>();
        final Map<Integer, double[][][]> past = new HashMap<>();
        boolean advance = true;

        Carry frozen() {
            Carry f = new Carry();
            f.h.putAll(h);
            f.c.putAll(c);
            f.past.putAll(past);
            f.advance = false;
            return f;
        }
    }

    /**
     * Mask-weighted sum of the per-prediction losses of the batch, starting from {@code carry} (null: zero state):
     * softmax cross-entropy, sigmoid cross-entropy summed over the labels (written as -t log p - (1 - t) log(1 - p)),
     * or the squared error averaged over the values.
     */
    double lossSum(Batch batch, boolean training, List<float[]> masks, Carry carry) {
        double[][][] logits = logits(batch, training, masks, carry);
        int outputs = spec.outputs();
        double sum = 0;
        int steps = logits[0].length;
        for (int b = 0; b < batch.size(); b++)
            for (int t = 0; t < steps; t++) {
                int r = b * steps + t;
                double m = spec.head() == ModelSpec.Head.PER_STEP && batch.mask() != null ? batch.mask()[r] : 1;
                double[] x = logits[b][t];
                switch (spec.loss()) {
                    case SOFTMAX_CROSS_ENTROPY -> {
                        double max = Double.NEGATIVE_INFINITY;
                        for (double v : x) max = Math.max(max, v);
                        double z = 0;
                        for (int j = 0; j < outputs; j++) z += Math.exp(x[j] - max);
                        sum += m * (max + Math.log(z) - x[batch.targets()[r]]);
                    }
                    case SIGMOID_CROSS_ENTROPY -> {
                        for (int j = 0; j < outputs; j++) {
                            double p = sigmoid(x[j]), y = batch.targetValues()[r * outputs + j];
                            sum -= m * (y * Math.log(p) + (1 - y) * Math.log(1 - p));
                        }
                    }
                    case MEAN_SQUARED_ERROR -> {
                        for (int j = 0; j < outputs; j++) {
                            double d = x[j] - batch.targetValues()[r * outputs + j];
                            sum += m * d * d / outputs;
                        }
                    }
                }
            }
        return sum;
    }

    /** Logits [batch][steps (1 for a last-step head)][classes]. */
    double[][][] logits(Batch batch, boolean training, List<float[]> masks) {
        return logits(batch, training, masks, null);
    }

    private double[][][] logits(Batch batch, boolean training, List<float[]> masks, Carry carry) {
        double[][][] x = input(batch);
        int dropout = 0;
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            String p = "layers." + i + ".";
            if (layer instanceof Layer.Recurrent r) x = recurrent(x, r, p, false, carry, i);
            else if (layer instanceof Layer.Conv1D c && carry != null) x = convWithHistory(x, c, p, carry, i);
            else if (layer instanceof Layer.Bidirectional bi) x = bidirectional(x, bi, p);
            else if (layer instanceof Layer.Conv1D c) x = conv(x, c, p);
            else if (layer instanceof Layer.BatchNorm bn) x = batchNorm(x, bn, p, training);
            else if (layer instanceof Layer.Dropout) {
                if (training) x = applyMask(x, masks.get(dropout));
                dropout++;
            } else if (layer instanceof Layer.Dense d) x = dense(x, d, p);
        }
        return x;
    }

    private double[][][] input(Batch batch) {
        int bs = batch.size(), ts = batch.steps();
        Input in = spec.input();
        double[][][] x = new double[bs][ts][in.width()];
        for (int b = 0; b < bs; b++)
            for (int t = 0; t < ts; t++) {
                int r = b * ts + t;
                Input tokens = in instanceof Input.Conditioned c ? c.tokens() : in;
                if (tokens instanceof Input.Embedding e) {
                    for (int j = 0; j < e.dimension(); j++) x[b][t][j] = w.get("input.embedding")[batch.tokens()[r] * e.dimension() + j];
                } else if (tokens instanceof Input.OneHot) {
                    x[b][t][batch.tokens()[r]] = 1;
                } else {
                    for (int j = 0; j < in.width(); j++) x[b][t][j] = batch.features()[r * in.width() + j];
                }
                int cw = in.conditioningWidth();
                for (int j = 0; j < cw; j++) x[b][t][tokens.width() + j] = batch.conditioning()[r * cw + j];
            }
        return x;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** x W (W [in, cols] row-major) plus bias, for one vector. */
    private static double[] affine(double[] x, double[] wm, double[] bias, int cols) {
        double[] y = new double[cols];
        for (int c = 0; c < cols; c++) {
            double s = bias == null ? 0 : bias[c];
            for (int i = 0; i < x.length; i++) s += x[i] * wm[i * cols + c];
            y[c] = s;
        }
        return y;
    }

    private double[][][] recurrent(double[][][] x, Layer.Recurrent r, String p, boolean reverse) {
        return recurrent(x, r, p, reverse, null, -1);
    }

    private double[][][] recurrent(double[][][] x, Layer.Recurrent r, String p, boolean reverse, Carry carry, int layer) {
        double[][] h0 = carry == null ? null : carry.h.get(layer), c0 = carry == null ? null : carry.c.get(layer);
        double[][] hEnd = new double[x.length][], cEnd = new double[x.length][];
        int bs = x.length, ts = x[0].length, h = r.units(), g = r.gates() * h;
        double[] wx = w.get(p + "kernel"), wh = w.get(p + "recurrent_kernel");
        double[][][] out = new double[bs][r.returnSequences() ? ts : 1][];
        for (int b = 0; b < bs; b++) {
            double[] hs = h0 == null ? new double[h] : h0[b].clone(), cs = c0 == null ? new double[h] : c0[b].clone();
            for (int s = 0; s < ts; s++) {
                int t = reverse ? ts - 1 - s : s;
                double[] nh = new double[h];
                if (r instanceof Layer.Lstm) {
                    double[] z = affine(x[b][t], wx, w.get(p + "bias"), g);
                    double[] zr = affine(hs, wh, null, g);
                    for (int j = 0; j < h; j++) {
                        double i = sigmoid(z[j] + zr[j]), f = sigmoid(z[h + j] + zr[h + j]);
                        double gg = Math.tanh(z[2 * h + j] + zr[2 * h + j]), o = sigmoid(z[3 * h + j] + zr[3 * h + j]);
                        cs[j] = f * cs[j] + i * gg;
                        nh[j] = o * Math.tanh(cs[j]);
                    }
                } else if (r instanceof Layer.Gru) {
                    double[] xz = affine(x[b][t], wx, w.get(p + "input_bias"), g);
                    double[] hz = affine(hs, wh, w.get(p + "recurrent_bias"), g);
                    for (int j = 0; j < h; j++) {
                        double rr = sigmoid(xz[j] + hz[j]), zz = sigmoid(xz[h + j] + hz[h + j]);
                        double n = Math.tanh(xz[2 * h + j] + rr * hz[2 * h + j]);
                        nh[j] = (1 - zz) * n + zz * hs[j];
                    }
                } else {
                    double[] z = affine(x[b][t], wx, w.get(p + "bias"), g);
                    double[] zr = affine(hs, wh, null, g);
                    for (int j = 0; j < h; j++) nh[j] = Math.tanh(z[j] + zr[j]);
                }
                hs = nh;
                if (r.returnSequences()) out[b][t] = nh;
            }
            if (!r.returnSequences()) out[b][0] = hs;
            hEnd[b] = hs;
            cEnd[b] = cs;
        }
        if (carry != null && carry.advance) {
            carry.h.put(layer, hEnd);
            carry.c.put(layer, cEnd);
        }
        return out;
    }

    private double[][][] bidirectional(double[][][] x, Layer.Bidirectional bi, String p) {
        double[][][] f = recurrent(x, bi.layer(), p + "forward.", false);
        double[][][] r = recurrent(x, bi.layer(), p + "backward.", true);
        int h = bi.layer().units();
        double[][][] out = new double[f.length][f[0].length][bi.outputWidth()];
        for (int b = 0; b < f.length; b++)
            for (int t = 0; t < f[0].length; t++)
                for (int j = 0; j < h; j++) {
                    if (bi.merge() == Layer.Merge.CONCAT) {
                        out[b][t][j] = f[b][t][j];
                        out[b][t][h + j] = r[b][t][j];
                    } else {
                        out[b][t][j] = f[b][t][j] + r[b][t][j];
                    }
                }
        return out;
    }

    private double[][][] conv(double[][][] x, Layer.Conv1D c, String p) {
        int bs = x.length, ts = x[0].length, in = x[0][0].length, k = c.kernelSize(), d = c.dilation(), s = c.stride();
        int out = c.filters(), tout = c.outputSteps(ts), span = d * (k - 1) + 1;
        int left = switch (c.padding()) {
            case CAUSAL -> span - 1;
            case SAME -> Math.max((tout - 1) * s + span - ts, 0) / 2;
            case VALID -> 0;
        };
        double[] kw = w.get(p + "kernel"), bias = w.get(p + "bias");
        double[][][] y = new double[bs][tout][out];
        for (int b = 0; b < bs; b++)
            for (int t = 0; t < tout; t++)
                for (int o = 0; o < out; o++) {
                    double sum = bias[o];
                    for (int j = 0; j < k; j++) {
                        int src = t * s + j * d - left;
                        if (src < 0 || src >= ts) continue;
                        for (int i = 0; i < in; i++) sum += x[b][src][i] * kw[(j * in + i) * out + o];
                    }
                    y[b][t][o] = act(c.activation(), sum);
                }
        return y;
    }

    /** A causal convolution over [history | x], keeping the outputs of x. */
    private double[][][] convWithHistory(double[][][] x, Layer.Conv1D c, String p, Carry carry, int layer) {
        double[][][] past = carry.past.get(layer);
        int before = past == null ? 0 : past[0].length;
        double[][][] all = new double[x.length][before + x[0].length][];
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < before; t++) all[b][t] = past[b][t];
            for (int t = 0; t < x[0].length; t++) all[b][before + t] = x[b][t];
        }
        double[][][] y = conv(all, c, p);
        if (carry.advance) carry.past.put(layer, all);
        double[][][] out = new double[x.length][][];
        for (int b = 0; b < x.length; b++) out[b] = java.util.Arrays.copyOfRange(y[b], before, before + x[0].length);
        return out;
    }

    private static double act(Activation a, double v) {
        return switch (a) {
            case LINEAR -> v;
            case RELU -> Math.max(0, v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> sigmoid(v);
        };
    }

    private double[][][] batchNorm(double[][][] x, Layer.BatchNorm bn, String p, boolean training) {
        int bs = x.length, ts = x[0].length, c = x[0][0].length, n = bs * ts;
        double[] gamma = w.get(p + "gamma"), beta = w.get(p + "beta");
        double[] mean = new double[c], var = new double[c];
        if (training) {
            for (double[][] seq : x) for (double[] v : seq) for (int j = 0; j < c; j++) mean[j] += v[j] / n;
            for (double[][] seq : x) for (double[] v : seq) for (int j = 0; j < c; j++) var[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / n;
        } else {
            mean = w.get(p + "running_mean");
            var = w.get(p + "running_variance");
        }
        double[][][] y = new double[bs][ts][c];
        for (int b = 0; b < bs; b++)
            for (int t = 0; t < ts; t++)
                for (int j = 0; j < c; j++)
                    y[b][t][j] = gamma[j] * (x[b][t][j] - mean[j]) / Math.sqrt(var[j] + bn.epsilon()) + beta[j];
        return y;
    }

    /** Running statistics after one training pass from the current ones (unbiased variance), for layer i. */
    double[][] updatedRunningStats(Batch batch, int layerIndex) {
        double[][][] x = input(batch);
        for (int i = 0; i < layerIndex; i++) {
            Layer layer = spec.layers().get(i);
            String p = "layers." + i + ".";
            if (layer instanceof Layer.Recurrent r) x = recurrent(x, r, p, false);
            else if (layer instanceof Layer.Conv1D c) x = conv(x, c, p);
            else if (layer instanceof Layer.BatchNorm bn) x = batchNorm(x, bn, p, true);
            else if (layer instanceof Layer.Dense d) x = dense(x, d, p);
        }
        Layer.BatchNorm bn = (Layer.BatchNorm) spec.layers().get(layerIndex);
        String p = "layers." + layerIndex + ".";
        int c = x[0][0].length, n = x.length * x[0].length;
        double[] mean = new double[c], var = new double[c];
        for (double[][] seq : x) for (double[] v : seq) for (int j = 0; j < c; j++) mean[j] += v[j] / n;
        for (double[][] seq : x) for (double[] v : seq) for (int j = 0; j < c; j++) var[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / (n - 1);
        double[] rm = w.get(p + "running_mean").clone(), rv = w.get(p + "running_variance").clone();
        for (int j = 0; j < c; j++) {
            rm[j] = bn.momentum() * rm[j] + (1 - bn.momentum()) * mean[j];
            rv[j] = bn.momentum() * rv[j] + (1 - bn.momentum()) * var[j];
        }
        return new double[][] {rm, rv};
    }

    private static double[][][] applyMask(double[][][] x, float[] mask) {
        int ts = x[0].length, c = x[0][0].length;
        double[][][] y = new double[x.length][ts][c];
        for (int b = 0; b < x.length; b++)
            for (int t = 0; t < ts; t++)
                for (int j = 0; j < c; j++) y[b][t][j] = x[b][t][j] * mask[(b * ts + t) * c + j];
        return y;
    }

    private double[][][] dense(double[][][] x, Layer.Dense d, String p) {
        double[][][] y = new double[x.length][x[0].length][];
        for (int b = 0; b < x.length; b++)
            for (int t = 0; t < x[0].length; t++) {
                double[] v = affine(x[b][t], w.get(p + "kernel"), w.get(p + "bias"), d.units());
                for (int j = 0; j < v.length; j++) v[j] = act(d.activation(), v[j]);
                y[b][t] = v;
            }
        return y;
    }
}
