package dev.cadenza.pure;

import dev.cadenza.model.Layer;
import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.pure.simd.LstmStepKernel;

/**
 * LSTM without peepholes, canonical gates i, f, g, o in {@code [in, 4H]}, {@code [H, 4H]}, {@code [4H]}:
 * c' = sig(f) c + sig(i) tanh(g), h' = sig(o) tanh(c').
 */
final class LstmLayer extends RecurrentLayer {
    /** Cell state before each step, after it, and tanh of the latter; {@code [batch, steps, h]}. */
    private float[] cPrev, cs, tcs;
    private float[] cInit, finalC, dcNext;
    /**
     * The fused batch-1 generation step (Vector API kernels): its own copy of the weights, laid out for the
     * matrix-vector stream, rebuilt when they may have changed; guarded by this layer's lock because concurrent
     * generations share it.
     */
    private LstmStepKernel stepKernel;
    private volatile boolean stepKernelStale = true;

    LstmLayer(String where, String prefix, Layer.Lstm layer, int in, boolean reverse, Parameters p, Matmul mm) {
        super(where, prefix, layer, in, reverse, p, mm, "bias");
    }

    @Override
    void allocate(int batch, int steps) {
        int n = batch * steps * h;
        cPrev = new float[n];
        cs = new float[n];
        tcs = new float[n];
        dRec = dProj; // the recurrent product enters the same pre-activations as the input projection
        dcNext = new float[batch * h];
        if (finalC == null || finalC.length != batch * h) finalC = new float[batch * h];
        cInit = new float[batch * h];
    }

    @Override
    void startState(boolean carry) {
        if (carry) System.arraycopy(finalC, 0, cInit, 0, cInit.length);
        else java.util.Arrays.fill(cInit, 0f);
    }

    @Override
    void cellForward(int t) {
        recurrentProduct(batch, hPrev, t * h, steps * h, gates, t * gh, steps * gh, true);
        boolean first = t == time(0);
        int prevT = reverse ? t + 1 : t - 1;
        for (int b = 0; b < batch; b++) {
            int row = (b * steps + t) * h;
            if (first) System.arraycopy(cInit, b * h, cPrev, row, h);
            else System.arraycopy(cs, (b * steps + prevT) * h, cPrev, row, h);
        }
        // all rows at once (split between threads by the vector kernels), each exactly as cell() computes it
        mm.kernels().lstmCellForward(batch, h, gates, t * gh, steps * gh, cPrev, cs, tcs, hs, t * h, steps * h);
    }

    /**
     * Activates one row of pre-activations in place and computes c and h, with the arithmetic of
     * {@link Kernels#lstmCellForward} (which training uses), so that generation and training agree. {@code cp} and
     * {@code c} may be the same array and offset.
     */
    static void cell(Kernels k, float[] g, int g0, float[] cp, int cpOff, float[] c, int cOff, float[] tc, int tcOff,
                     float[] hOut, int hOff, int h) {
        k.sigmoid(g, g0, 2 * h);
        k.tanh(g, g0 + 2 * h, h);
        k.sigmoid(g, g0 + 3 * h, h);
        for (int j = 0; j < h; j++) c[cOff + j] = g[g0 + h + j] * cp[cpOff + j] + g[g0 + j] * g[g0 + 2 * h + j];
        System.arraycopy(c, cOff, tc, tcOff, h);
        k.tanh(tc, tcOff, h);
        for (int j = 0; j < h; j++) hOut[hOff + j] = g[g0 + 3 * h + j] * tc[tcOff + j];
    }

    @Override
    void endState(int t) {
        for (int b = 0; b < batch; b++) System.arraycopy(cs, (b * steps + t) * h, finalC, b * h, h);
    }

    @Override
    void cellBackward(int t) {
        if (t == time(steps - 1)) java.util.Arrays.fill(dcNext, 0f);
        // dProj[:, t] from dh and dcNext; dcNext becomes dL/dc_{t-1}; dhNext is zeroed for the recurrent product
        mm.kernels().lstmCellBackward(batch, h, gates, t * gh, steps * gh, cPrev, tcs, t * h, steps * h, dh, dcNext,
                dhNext, dProj);
    }

    /** Memory: h (from the base class) and the cell state c. */
    @Override
    float[][] extraMemory(int batch) {
        return new float[][] {new float[batch * h]};
    }

    @Override
    void weightsChanged() {
        super.weightsChanged();
        stepKernelStale = true;
    }

    /** Batch 1 with vector kernels: x to h and c in one fused kernel, hidden units split between the threads. */
    @Override
    boolean fusedStep(StepState state, float[] x) {
        if (!packsWeights()) return false;
        synchronized (this) {
            if (stepKernel == null) stepKernel = mm.kernels().lstmStep(in, h);
            if (stepKernelStale) {
                stepKernelStale = false;
                stepKernel.setWeights(wx, 0, wh, 0, inputBias, 0);
            }
            stepKernel.step(x, 0, state.memory[0], 0, state.memory[1], 0);
        }
        return true;
    }

    @Override
    void cellStep(StepState state, int batch) {
        float[] z = state.scratch[0], tc = state.scratch[1];
        float[] hState = state.memory[0], c = state.memory[1];
        mm.gemm(batch, gh, h, hState, 0, h, false, wh, 0, gh, false, z, 0, gh, true);
        for (int b = 0; b < batch; b++) cell(mm.kernels(), z, b * gh, c, b * h, c, b * h, tc, b * h, hState, b * h, h);
    }
}
