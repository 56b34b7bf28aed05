package dev.cadenza.pure;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Layer;

/**
 * 1D convolution over time, kernel {@code [k, in, out]}. The input is copied into a padded buffer
 * ({@code left + steps + right} rows per sequence), after which every padding mode is the same valid convolution:
 * output t, tap j reads padded row {@code t * stride + j * dilation}. CAUSAL pads {@code dilation * (k - 1)} on the
 * left (tap j reads x[t - (k-1-j) * dilation]); SAME pads like TensorFlow (total {@code max((out-1) * stride + span
 * - steps, 0)}, the smaller half on the left); VALID pads nothing. With stride 1 the padded sequences are laid end to
 * end and each tap is one GEMM over all of them (the rows that straddle two sequences are computed and dropped, a
 * few percent more work for far fewer, larger products); with a larger stride each tap is one GEMM per sequence with
 * the stride folded into the leading dimension.
 */
final class Conv1DLayer extends PureLayer {
    private final Matmul mm;
    private final Layer.Conv1D conv;
    private final int k, d, s, in, out, span;
    private final Activation activation;
    private final float[] w, b, gw, gb;
    private float[] padded, y, da, dpadded, dx, history;
    /** Stride 1: outputs and their gradients for every row of the end-to-end padded sequences. */
    private float[] full, dFull;
    private int batch, steps, left, paddedSteps, outSteps;

    Conv1DLayer(String where, String prefix, Layer.Conv1D conv, int in, Parameters p, Matmul mm) {
        super(where);
        this.mm = mm;
        this.conv = conv;
        this.k = conv.kernelSize();
        this.d = conv.dilation();
        this.s = conv.stride();
        this.in = in;
        this.out = conv.filters();
        this.span = d * (k - 1) + 1;
        this.activation = conv.activation();
        w = p.value(prefix + "kernel");
        b = p.value(prefix + "bias");
        gw = p.gradient(prefix + "kernel");
        gb = p.gradient(prefix + "bias");
    }

    @Override
    int outputWidth() {
        return out;
    }

    @Override
    int outputSteps(int steps) {
        return conv.outputSteps(steps);
    }

    @Override
    String nonCausalReason() {
        if (conv.padding() != Layer.Padding.CAUSAL) return conv.padding() + " padding reads future steps";
        if (s != 1) return "stride " + s + " changes the sequence length";
        return null;
    }

    @Override
    float[] forward(float[] x, int batch, int steps, boolean training, boolean carry) {
        outSteps = conv.outputSteps(steps);
        if (outSteps == 0)
            throw new IllegalArgumentException(where + ": " + steps + " steps are fewer than the kernel span " + span
                    + " of a VALID convolution");
        int total = switch (conv.padding()) {
            case CAUSAL -> span - 1;
            case SAME -> Math.max((outSteps - 1) * s + span - steps, 0);
            case VALID -> 0;
        };
        left = conv.padding() == Layer.Padding.CAUSAL ? total : total / 2;
        int right = total - left;
        boolean useHistory = carry && history != null && this.batch == batch && conv.padding() == Layer.Padding.CAUSAL;
        this.batch = batch;
        this.steps = steps;
        paddedSteps = left + steps + right;
        padded = sized(padded, batch * paddedSteps * in);
        java.util.Arrays.fill(padded, 0f);
        for (int i = 0; i < batch; i++) {
            if (useHistory) System.arraycopy(history, i * left * in, padded, i * paddedSteps * in, left * in);
            System.arraycopy(x, i * steps * in, padded, (i * paddedSteps + left) * in, steps * in);
        }
        if (conv.padding() == Layer.Padding.CAUSAL) {
            // The last `left` padded rows are the history the next chunk of a truncated-BPTT window starts from.
            history = sized(history, batch * left * in);
            for (int i = 0; i < batch; i++)
                System.arraycopy(padded, (i * paddedSteps + steps) * in, history, i * left * in, left * in);
        }
        y = sized(y, batch * outSteps * out);
        if (s == 1) {
            int rows = batch * paddedSteps - (span - 1); // output row q reads padded rows q + j * d
            full = sized(full, batch * paddedSteps * out);
            for (int r = 0; r < rows; r++) System.arraycopy(b, 0, full, r * out, out);
            for (int j = 0; j < k; j++)
                mm.gemm(rows, out, in, padded, j * d * in, in, false, w, j * in * out, out, false, full, 0, out, true);
            for (int i = 0; i < batch; i++)
                System.arraycopy(full, i * paddedSteps * out, y, i * outSteps * out, outSteps * out);
        } else {
            for (int i = 0; i < batch; i++) {
                int yOff = i * outSteps * out;
                for (int r = 0; r < outSteps; r++) System.arraycopy(b, 0, y, yOff + r * out, out);
                for (int j = 0; j < k; j++)
                    mm.gemm(outSteps, out, in, padded, (i * paddedSteps + j * d) * in, s * in, false,
                            w, j * in * out, out, false, y, yOff, out, true);
            }
        }
        Activations.apply(mm.kernels(), activation, y, 0, batch * outSteps * out);
        return y;
    }

    @Override
    float[] backward(float[] dy, boolean needInput) {
        int n = batch * outSteps * out;
        da = sized(da, n);
        Activations.derivative(activation, y, dy, da, n);
        Activations.addColumnSums(mm.kernels(), da, batch * outSteps, out, gb);
        if (needInput) {
            dpadded = sized(dpadded, batch * paddedSteps * in);
            java.util.Arrays.fill(dpadded, 0f);
        }
        if (s == 1) {
            // Gradients of the dropped straddling rows are zero, so the end-to-end products stay exact.
            int rows = batch * paddedSteps - (span - 1);
            dFull = sized(dFull, batch * paddedSteps * out);
            java.util.Arrays.fill(dFull, 0f);
            for (int i = 0; i < batch; i++)
                System.arraycopy(da, i * outSteps * out, dFull, i * paddedSteps * out, outSteps * out);
            for (int j = 0; j < k; j++) {
                mm.gemm(in, out, rows, padded, j * d * in, in, true, dFull, 0, out, false, gw, j * in * out, out, true);
                if (needInput)
                    mm.gemm(rows, in, out, dFull, 0, out, false, w, j * in * out, out, true, dpadded, j * d * in, in, true);
            }
        } else {
            for (int i = 0; i < batch; i++)
                for (int j = 0; j < k; j++) {
                    mm.gemm(in, out, outSteps, padded, (i * paddedSteps + j * d) * in, s * in, true,
                            da, i * outSteps * out, out, false, gw, j * in * out, out, true);
                    if (needInput)
                        mm.gemm(outSteps, in, out, da, i * outSteps * out, out, false, w, j * in * out, out, true,
                                dpadded, (i * paddedSteps + j * d) * in, s * in, true);
                }
        }
        if (!needInput) return null;
        dx = sized(dx, batch * steps * in);
        for (int i = 0; i < batch; i++)
            System.arraycopy(dpadded, (i * paddedSteps + left) * in, dx, i * steps * in, steps * in);
        return dx;
    }

    /** Memory: a ring of the last dilation * (k - 1) inputs per row, slot = position mod length. */
    @Override
    StepState newState(int batch) {
        return new StepState(batch, new float[][] {new float[batch * (span - 1) * in]}, new float[][] {new float[batch * out]});
    }

    @Override
    float[] step(StepState state, float[] x, int batch, long position) {
        float[] ring = state.memory[0];
        float[] o = state.scratch[0];
        int len = span - 1;
        for (int r = 0; r < batch; r++) System.arraycopy(b, 0, o, r * out, out);
        for (int j = 0; j < k; j++) {
            long tau = position - (long) (k - 1 - j) * d;
            if (tau < 0) continue; // causal zero padding
            if (j == k - 1) {
                mm.gemm(batch, out, in, x, 0, in, false, w, j * in * out, out, false, o, 0, out, true);
            } else {
                int slot = (int) (tau % len);
                mm.gemm(batch, out, in, ring, slot * in, len * in, false, w, j * in * out, out, false, o, 0, out, true);
            }
        }
        Activations.apply(mm.kernels(), activation, o, 0, batch * out);
        if (len > 0) {
            int slot = (int) (position % len);
            for (int r = 0; r < batch; r++) System.arraycopy(x, r * in, ring, (r * len + slot) * in, in);
        }
        return o;
    }
}
