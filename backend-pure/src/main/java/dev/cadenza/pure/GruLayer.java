package dev.cadenza.pure;

import dev.cadenza.model.Layer;
import dev.cadenza.pure.simd.Kernels;

/**
 * GRU with the reset gate after the recurrent product (cuDNN/PyTorch "reset_after"), gates r, z, n:
 * r = sig(x Wxr + bxr + h Whr + bhr), z = sig(x Wxz + bxz + h Whz + bhz),
 * n = tanh(x Wxn + bxn + r * (h Whn + bhn)), h' = (1 - z) * n + z * h.
 */
final class GruLayer extends RecurrentLayer {
    private final float[] recurrentBias, gRecurrentBias;
    /** h Wh + bh per step, {@code [batch, steps, 3h]}. */
    private float[] hr;

    GruLayer(String where, String prefix, Layer.Gru layer, int in, boolean reverse, Parameters p, Matmul mm) {
        super(where, prefix, layer, in, reverse, p, mm, "input_bias");
        recurrentBias = p.value(prefix + "recurrent_bias");
        gRecurrentBias = p.gradient(prefix + "recurrent_bias");
    }

    @Override
    void allocate(int batch, int steps) {
        hr = new float[batch * steps * gh];
        dRec = new float[batch * steps * gh];
    }

    @Override
    void cellForward(int t) {
        recurrentProduct(batch, hPrev, t * h, steps * h, hr, t * gh, steps * gh, false);
        for (int b = 0; b < batch; b++) {
            int g0 = (b * steps + t) * gh;
            int row = (b * steps + t) * h;
            cell(mm.kernels(), gates, g0, hr, g0, recurrentBias, hPrev, row, hs, row, h);
        }
    }

    /**
     * One row: adds the recurrent bias to {@code r} (the row's h Wh), activates the gates in {@code g} in place
     * (r, z, n) and writes h'. Shared by training and generation.
     */
    static void cell(Kernels k, float[] g, int g0, float[] r, int r0, float[] bh, float[] hp, int hpOff, float[] hOut,
                     int hOff, int h) {
        k.axpy(1f, bh, 0, r, r0, 3 * h);
        k.axpy(1f, r, r0, g, g0, 2 * h);
        k.sigmoid(g, g0, 2 * h);
        for (int j = 0; j < h; j++) g[g0 + 2 * h + j] += g[g0 + j] * r[r0 + 2 * h + j];
        k.tanh(g, g0 + 2 * h, h);
        for (int j = 0; j < h; j++) {
            float z = g[g0 + h + j];
            hOut[hOff + j] = (1f - z) * g[g0 + 2 * h + j] + z * hp[hpOff + j];
        }
    }

    @Override
    void cellBackward(int t) {
        for (int b = 0; b < batch; b++) {
            int g0 = (b * steps + t) * gh;
            int row = (b * steps + t) * h;
            for (int j = 0; j < h; j++) {
                float r = gates[g0 + j], z = gates[g0 + h + j], n = gates[g0 + 2 * h + j];
                float dhv = dh[b * h + j];
                float dn = dhv * (1f - z);
                float dz = dhv * (hPrev[row + j] - n);
                float dan = dn * (1f - n * n);
                float dar = dan * hr[g0 + 2 * h + j] * r * (1f - r);
                float daz = dz * z * (1f - z);
                dProj[g0 + j] = dar;
                dProj[g0 + h + j] = daz;
                dProj[g0 + 2 * h + j] = dan;
                dRec[g0 + j] = dar;
                dRec[g0 + h + j] = daz;
                dRec[g0 + 2 * h + j] = dan * r;
                dhNext[b * h + j] = dhv * z;
            }
        }
    }

    @Override
    void extraGradients() {
        Activations.addColumnSums(mm.kernels(), dRec, batch * steps, gh, gRecurrentBias);
    }

    @Override
    void cellStep(StepState state, int batch) {
        float[] z = state.scratch[0], rec = state.scratch[1];
        float[] hState = state.memory[0];
        mm.gemm(batch, gh, h, hState, 0, h, false, wh, 0, gh, false, rec, 0, gh, false);
        for (int b = 0; b < batch; b++) cell(mm.kernels(), z, b * gh, rec, b * gh, recurrentBias, hState, b * h, hState, b * h, h);
    }
}
