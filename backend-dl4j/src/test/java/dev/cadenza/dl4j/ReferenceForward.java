package dev.cadenza.dl4j;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Weights;

/**
 * A plain double-precision forward pass written from the canonical layout's definitions (not from DL4J's), the oracle
 * of the focused tests: LSTM i,f,g,o; SimpleRNN; causal dilated Conv1D with tap j reading x[t - (k-1-j) d];
 * BatchNorm with running statistics; Dense; Dropout as identity; bidirectional as [forward | backward].
 */
final class ReferenceForward {
    private final ModelSpec spec;
    private final Weights w;

    ReferenceForward(ModelSpec spec, Weights w) {
        this.spec = spec;
        this.w = w;
    }

    /** Logits [B, T, V] (per step) or [B, V] (last step), as {@code SequenceModel.forward}. */
    double[] forward(Batch batch) {
        int b = batch.size(), t = batch.steps();
        double[] out = null;
        int width = 0;
        for (int r = 0; r < b; r++) {
            double[][] x = input(batch, r);
            for (int i = 0; i < spec.layers().size(); i++) x = layer(i, x);
            if (out == null) {
                width = x[0].length;
                out = new double[b * x.length * width];
            }
            for (int s = 0; s < x.length; s++) System.arraycopy(x[s], 0, out, (r * x.length + s) * width, width);
        }
        return out;
    }

    private double[][] input(Batch batch, int r) {
        int t = batch.steps();
        Input in = spec.input();
        Input tokens = in instanceof Input.Conditioned c ? c.tokens() : in;
        int cw = in.conditioningWidth();
        double[][] x = new double[t][];
        for (int s = 0; s < t; s++) {
            if (tokens instanceof Input.Embedding e) {
                x[s] = row(w.get("input.embedding").data(), batch.tokens()[r * t + s], e.dimension());
            } else if (tokens instanceof Input.OneHot o) {
                x[s] = new double[o.vocabularySize()];
                x[s][batch.tokens()[r * t + s]] = 1;
            } else {
                int f = batch.featureWidth();
                x[s] = new double[f];
                for (int k = 0; k < f; k++) x[s][k] = batch.features()[(r * t + s) * f + k];
            }
            if (cw > 0) { // the conditioning values follow the token's vector
                double[] joined = java.util.Arrays.copyOf(x[s], x[s].length + cw);
                for (int k = 0; k < cw; k++) joined[x[s].length + k] = batch.conditioning()[(r * t + s) * cw + k];
                x[s] = joined;
            }
        }
        return x;
    }

    private double[][] layer(int i, double[][] x) {
        Layer layer = spec.layers().get(i);
        String p = "layers." + i + ".";
        if (layer instanceof Layer.Recurrent rec) {
            double[][] y = recurrent(rec, p, x, false);
            return rec.returnSequences() ? y : new double[][] {y[y.length - 1]};
        }
        if (layer instanceof Layer.Bidirectional bi) {
            double[][] f = recurrent(bi.layer(), p + "forward.", x, false);
            double[][] bw = recurrent(bi.layer(), p + "backward.", x, true);
            int h = bi.layer().units();
            if (!bi.layer().returnSequences()) { // forward after the last step, backward after the whole reversed sequence
                f = new double[][] {f[x.length - 1]};
                bw = new double[][] {bw[0]};
            }
            double[][] y = new double[f.length][];
            for (int s = 0; s < f.length; s++) {
                if (bi.merge() == Layer.Merge.CONCAT) {
                    y[s] = new double[2 * h];
                    System.arraycopy(f[s], 0, y[s], 0, h);
                    System.arraycopy(bw[s], 0, y[s], h, h);
                } else {
                    y[s] = new double[h];
                    for (int u = 0; u < h; u++) y[s][u] = f[s][u] + bw[s][u];
                }
            }
            return y;
        }
        if (layer instanceof Layer.Conv1D c) {
            float[] k = w.get(p + "kernel").data();
            float[] bias = w.get(p + "bias").data();
            int in = x[0].length, out = c.filters(), steps = c.outputSteps(x.length);
            int span = c.dilation() * (c.kernelSize() - 1) + 1;
            int left = switch (c.padding()) {
                case CAUSAL -> span - 1;
                case SAME -> Math.max((steps - 1) * c.stride() + span - x.length, 0) / 2;
                case VALID -> 0;
            };
            double[][] y = new double[steps][out];
            for (int s = 0; s < steps; s++)
                for (int o = 0; o < out; o++) {
                    double acc = bias[o];
                    for (int j = 0; j < c.kernelSize(); j++) {
                        int src = s * c.stride() - left + j * c.dilation();
                        if (src < 0 || src >= x.length) continue;
                        for (int q = 0; q < in; q++) acc += x[src][q] * k[(j * in + q) * out + o];
                    }
                    y[s][o] = act(c.activation(), acc);
                }
            return y;
        }
        if (layer instanceof Layer.BatchNorm bn) {
            float[] g = w.get(p + "gamma").data(), be = w.get(p + "beta").data();
            float[] mean = w.get(p + "running_mean").data(), var = w.get(p + "running_variance").data();
            double[][] y = new double[x.length][x[0].length];
            for (int s = 0; s < x.length; s++)
                for (int q = 0; q < x[0].length; q++)
                    y[s][q] = (x[s][q] - mean[q]) / Math.sqrt(var[q] + bn.epsilon()) * g[q] + be[q];
            return y;
        }
        if (layer instanceof Layer.Dropout) return x;
        Layer.Dense d = (Layer.Dense) layer;
        float[] k = w.get(p + "kernel").data(), bias = w.get(p + "bias").data();
        double[][] y = new double[x.length][d.units()];
        for (int s = 0; s < x.length; s++)
            for (int o = 0; o < d.units(); o++) {
                double acc = bias[o];
                for (int q = 0; q < x[s].length; q++) acc += x[s][q] * k[q * d.units() + o];
                y[s][o] = act(d.activation(), acc);
            }
        return y;
    }

    private double[][] recurrent(Layer.Recurrent r, String p, double[][] x, boolean reverse) {
        int h = r.units(), gates = r.gates(), in = x[0].length, t = x.length;
        float[] k = w.get(p + "kernel").data(), rk = w.get(p + "recurrent_kernel").data();
        boolean gru = r instanceof Layer.Gru;
        float[] bias = gru ? w.get(p + "input_bias").data() : w.get(p + "bias").data();
        float[] recurrentBias = gru ? w.get(p + "recurrent_bias").data() : null;
        double[] hs = new double[h], cs = new double[h];
        double[][] y = new double[t][];
        for (int step = 0; step < t; step++) {
            int s = reverse ? t - 1 - step : step;
            double[] z = new double[gates * h], zh = new double[gates * h];
            for (int o = 0; o < gates * h; o++) {
                double acc = bias[o], rec = gru ? recurrentBias[o] : 0;
                for (int q = 0; q < in; q++) acc += x[s][q] * k[q * gates * h + o];
                for (int q = 0; q < h; q++) rec += hs[q] * rk[q * gates * h + o];
                z[o] = gru ? acc : acc + rec;
                zh[o] = rec;
            }
            double[] next = new double[h];
            if (gru) { // reset-after: r multiplies the recurrent product of the candidate, bias included
                for (int u = 0; u < h; u++) {
                    double rg = sigmoid(z[u] + zh[u]), zg = sigmoid(z[h + u] + zh[h + u]);
                    double n = Math.tanh(z[2 * h + u] + rg * zh[2 * h + u]);
                    next[u] = (1 - zg) * n + zg * hs[u];
                }
            } else if (r instanceof Layer.Lstm) {
                for (int u = 0; u < h; u++) {
                    double ig = sigmoid(z[u]), fg = sigmoid(z[h + u]), gg = Math.tanh(z[2 * h + u]), og = sigmoid(z[3 * h + u]);
                    cs[u] = fg * cs[u] + ig * gg;
                    next[u] = og * Math.tanh(cs[u]);
                }
            } else {
                for (int u = 0; u < h; u++) next[u] = Math.tanh(z[u]);
            }
            hs = next;
            y[s] = next;
        }
        return y;
    }

    private static double[] row(float[] table, int id, int width) {
        double[] out = new double[width];
        for (int k = 0; k < width; k++) out[k] = table[id * width + k];
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static double act(Activation a, double v) {
        return switch (a) {
            case LINEAR -> v;
            case RELU -> Math.max(0, v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> sigmoid(v);
        };
    }
}
