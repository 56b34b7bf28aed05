package dev.cadenza.pure;

import dev.cadenza.model.Layer;
import dev.cadenza.pure.simd.PackedMatrix;
import dev.cadenza.pure.simd.ScalarKernels;

/**
 * What SimpleRNN, GRU and LSTM share. Forward: one GEMM projects the inputs of all steps ({@code [batch * steps, in]
 * x [in, gates * units]}), then each step only multiplies the previous hidden state by the recurrent kernel. Backward
 * walks the steps in reverse collecting the gradients of the gate pre-activations, then takes the weight gradients
 * and the input gradient with GEMMs over all steps at once.
 * <p>
 * Buffers are {@code [batch, steps, ...]} like the rest of the network, so one step's rows are {@code steps * width}
 * apart; a reversed layer (the backward half of a bidirectional one) walks time from the end, and its output stays
 * aligned with the input's time axis.
 */
abstract class RecurrentLayer extends PureLayer {
    final Matmul mm;
    final int in, h, gh;
    final boolean returnSequences, reverse;
    final float[] wx, wh, inputBias, gwx, gwh, gInputBias;
    /** Input projections, overwritten by the subclass with gate activations; {@code [batch, steps, gh]}. */
    float[] gates;
    /** Hidden state before each step ({@code hPrev[b, t]} = h entering time t) and after it ({@code hs}). */
    float[] hPrev, hs;
    /** Gradients of the input projection's and of the recurrent product's pre-activations ({@code [batch, steps, gh]}). */
    float[] dProj, dRec;
    /** Gradient reaching h_{t-1} directly (not through the recurrent kernel), {@code [batch, h]}. */
    float[] dhNext;
    float[] finalH, dh;
    private float[] x, out, dx;
    int batch, steps;
    /**
     * Wh packed once per pass for the per-step products (forward: Wh, backward: Wh^T): the weights only change
     * between passes, and packing per product would copy the whole matrix at every step. Vector kernels only; the
     * scalar kernels keep {@link Matmul}'s row split.
     */
    private final boolean packWeights;
    private PackedMatrix whForward, whBackward;
    private boolean whForwardStale = true;

    RecurrentLayer(String where, String prefix, Layer.Recurrent layer, int in, boolean reverse, Parameters p, Matmul mm,
                   String inputBiasName) {
        super(where);
        this.mm = mm;
        this.in = in;
        this.h = layer.units();
        this.gh = layer.gates() * h;
        this.returnSequences = layer.returnSequences();
        this.reverse = reverse;
        wx = p.value(prefix + "kernel");
        wh = p.value(prefix + "recurrent_kernel");
        inputBias = p.value(prefix + inputBiasName);
        gwx = p.gradient(prefix + "kernel");
        gwh = p.gradient(prefix + "recurrent_kernel");
        gInputBias = p.gradient(prefix + inputBiasName);
        packWeights = !(mm.kernels() instanceof ScalarKernels);
    }

    /** Whether the per-step products use packed weights (and the LSTM a fused generation step). */
    final boolean packsWeights() {
        return packWeights;
    }

    /**
     * c[batch rows, gh] (+)= a[batch rows, h] Wh, rows of a and c {@code lda} and {@code ldc} apart: the recurrent
     * product of one step, with Wh packed once per forward pass.
     */
    final void recurrentProduct(int rows, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!packWeights) {
            mm.gemm(rows, gh, h, a, aOff, lda, false, wh, 0, gh, false, c, cOff, ldc, accumulate);
            return;
        }
        if (whForwardStale) {
            whForward = mm.kernels().pack(h, gh, wh, 0, gh, false, whForward);
            whForwardStale = false;
        }
        mm.kernels().gemm(rows, a, aOff, lda, false, whForward, c, cOff, ldc, accumulate);
    }

    /** The weights may change after this call (a training pass, or new weights loaded): drop packed copies. */
    @Override
    void weightsChanged() {
        whForwardStale = true;
    }

    @Override
    final int outputWidth() {
        return h;
    }

    @Override
    final int outputSteps(int steps) {
        return returnSequences ? steps : 1;
    }

    /** Time index of the s-th step processed. */
    final int time(int s) {
        return reverse ? steps - 1 - s : s;
    }

    /** Allocates per-shape buffers of the subclass. */
    abstract void allocate(int batch, int steps);

    /** Copies (or zeroes) the subclass's extra initial state (the LSTM cell); layers with only h have none. */
    void startState(boolean carry) {}

    /** The step at time t: reads gates[:, t] (projection) and hPrev[:, t], writes hs[:, t]. */
    abstract void cellForward(int t);

    /** Saves the subclass's extra final state after the step at time t (the last one processed); none by default. */
    void endState(int t) {}

    /**
     * Back through the step at time t given dh ({@code [batch, h]}, the total gradient of h_t): writes dProj[:, t] and
     * dRec[:, t] and sets dhNext to the part of dL/dh_{t-1} that does not pass through the recurrent kernel.
     */
    abstract void cellBackward(int t);

    /** Adds the gradients of parameters other than the two kernels and the input bias (GRU's recurrent bias). */
    void extraGradients() {}

    @Override
    final float[] forward(float[] x, int batch, int steps, boolean training, boolean carry) {
        boolean keep = carry && finalH != null && this.batch == batch;
        if (this.batch != batch || this.steps != steps) {
            int n = batch * steps;
            gates = new float[n * gh];
            hPrev = new float[n * h];
            hs = new float[n * h];
            dProj = new float[n * gh];
            dhNext = new float[batch * h];
            dh = new float[batch * h];
            out = returnSequences ? hs : new float[batch * h];
            allocate(batch, steps);
        }
        if (this.batch != batch || finalH == null) finalH = new float[batch * h];
        this.batch = batch;
        this.steps = steps;
        this.x = x;
        if (!keep) java.util.Arrays.fill(finalH, 0f);
        weightsChanged(); // an optimizer update may follow this pass
        startState(keep);
        int n = batch * steps;
        mm.gemm(n, gh, in, x, 0, in, false, wx, 0, gh, false, gates, 0, gh, false);
        Activations.addBias(mm.kernels(), gates, 0, n, gh, inputBias);
        int rowH = steps * h;
        for (int s = 0; s < steps; s++) {
            int t = time(s);
            for (int b = 0; b < batch; b++) {
                int dst = b * rowH + t * h;
                if (s == 0) System.arraycopy(finalH, b * h, hPrev, dst, h);
                else System.arraycopy(hs, b * rowH + time(s - 1) * h, hPrev, dst, h);
            }
            cellForward(t);
        }
        int last = time(steps - 1);
        for (int b = 0; b < batch; b++) System.arraycopy(hs, b * rowH + last * h, finalH, b * h, h);
        endState(last);
        if (!returnSequences)
            for (int b = 0; b < batch; b++) System.arraycopy(hs, b * rowH + last * h, out, b * h, h);
        return out;
    }

    @Override
    final float[] backward(float[] dy, boolean needInput) {
        int rowH = steps * h;
        int last = time(steps - 1);
        java.util.Arrays.fill(dhNext, 0f);
        if (packWeights) whBackward = mm.kernels().pack(gh, h, wh, 0, gh, true, whBackward);
        for (int s = steps - 1; s >= 0; s--) {
            int t = time(s);
            for (int b = 0; b < batch; b++)
                for (int j = 0; j < h; j++) {
                    float g = returnSequences ? dy[b * rowH + t * h + j] : t == last ? dy[b * h + j] : 0f;
                    dh[b * h + j] = g + dhNext[b * h + j];
                }
            cellBackward(t);
            if (s > 0 && packWeights) // dL/dh_{t-1} += dRec[:, t] Wh^T; nothing flows into the initial state
                mm.kernels().gemm(batch, dRec, t * gh, steps * gh, false, whBackward, dhNext, 0, h, true);
            else if (s > 0)
                mm.gemm(batch, h, gh, dRec, t * gh, steps * gh, false, wh, 0, gh, true, dhNext, 0, h, true);
        }
        int n = batch * steps;
        mm.gemm(in, gh, n, x, 0, in, true, dProj, 0, gh, false, gwx, 0, gh, true);
        Activations.addColumnSums(mm.kernels(), dProj, n, gh, gInputBias);
        mm.gemm(h, gh, n, hPrev, 0, h, true, dRec, 0, gh, false, gwh, 0, gh, true);
        extraGradients();
        if (!needInput) return null;
        dx = sized(dx, n * in);
        mm.gemm(n, in, gh, dProj, 0, gh, false, wx, 0, gh, true, dx, 0, in, false);
        return dx;
    }

    /** Memory: the hidden state [batch, h] (then whatever {@link #extraMemory} adds). */
    @Override
    final StepState newState(int batch) {
        float[][] extra = extraMemory(batch);
        float[][] memory = new float[1 + extra.length][];
        memory[0] = new float[batch * h];
        System.arraycopy(extra, 0, memory, 1, extra.length);
        return new StepState(batch, memory, new float[][] {new float[batch * gh], new float[batch * gh]});
    }

    float[][] extraMemory(int batch) {
        return new float[0][];
    }

    /** x [batch, in] -> scratch[0] = x Wx + input bias, then the subclass's cell update of memory[0] (the output). */
    @Override
    final float[] step(StepState state, float[] x, int batch, long position) {
        if (batch == 1 && fusedStep(state, x)) return state.memory[0];
        float[] z = state.scratch[0];
        mm.gemm(batch, gh, in, x, 0, in, false, wx, 0, gh, false, z, 0, gh, false);
        Activations.addBias(mm.kernels(), z, 0, batch, gh, inputBias);
        cellStep(state, batch);
        return state.memory[0];
    }

    /** A batch-1 step done whole by a fused kernel (x to new memory); false when the layer has none. */
    boolean fusedStep(StepState state, float[] x) {
        return false;
    }

    /** Advances the hidden state of {@code state} given the input projection in scratch[0]. */
    abstract void cellStep(StepState state, int batch);
}
