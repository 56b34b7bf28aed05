package dev.cadenza.pure;

import dev.cadenza.model.Layer;

/** h' = tanh(x Wx + h Wh + b). */
final class SimpleRnnLayer extends RecurrentLayer {

    SimpleRnnLayer(String where, String prefix, Layer.SimpleRnn layer, int in, boolean reverse, Parameters p, Matmul mm) {
        super(where, prefix, layer, in, reverse, p, mm, "bias");
    }

    @Override
    void allocate(int batch, int steps) {
        dRec = dProj;
    }

    @Override
    void cellForward(int t) {
        recurrentProduct(batch, hPrev, t * h, steps * h, gates, t * gh, steps * gh, true);
        for (int b = 0; b < batch; b++) {
            int row = (b * steps + t) * h;
            mm.kernels().tanh(gates, row, h);
            System.arraycopy(gates, row, hs, row, h);
        }
    }

    @Override
    void cellBackward(int t) {
        for (int b = 0; b < batch; b++) {
            int row = (b * steps + t) * h;
            for (int j = 0; j < h; j++) {
                float y = hs[row + j];
                dProj[row + j] = dh[b * h + j] * (1f - y * y);
                dhNext[b * h + j] = 0f;
            }
        }
    }

    @Override
    void cellStep(StepState state, int batch) {
        float[] z = state.scratch[0];
        float[] hState = state.memory[0];
        mm.gemm(batch, gh, h, hState, 0, h, false, wh, 0, gh, false, z, 0, gh, true);
        mm.kernels().tanh(z, 0, batch * h);
        System.arraycopy(z, 0, hState, 0, batch * h);
    }
}
