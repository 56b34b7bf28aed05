package dev.cadenza.pure;

import dev.cadenza.model.Layer;

/**
 * The wrapped recurrent layer run forwards and, with its own weights ({@code layers.i.backward.*}), backwards in time;
 * outputs joined as [forward | backward] (CONCAT) or added (SUM). With returnSequences false the backward half
 * contributes its final state, the one it reaches at time 0.
 */
final class BidirectionalLayer extends PureLayer {
    private final RecurrentLayer fwd, bwd;
    private final Layer.Merge merge;
    private final int h;
    private float[] y, dyF, dyB, dx;
    private int rows, inputSize;

    BidirectionalLayer(String where, RecurrentLayer fwd, RecurrentLayer bwd, Layer.Merge merge) {
        super(where);
        this.fwd = fwd;
        this.bwd = bwd;
        this.merge = merge;
        this.h = fwd.outputWidth();
    }

    @Override
    int outputWidth() {
        return merge == Layer.Merge.CONCAT ? 2 * h : h;
    }

    @Override
    int outputSteps(int steps) {
        return fwd.outputSteps(steps);
    }

    @Override
    String nonCausalReason() {
        return "a bidirectional layer reads the whole sequence";
    }

    @Override
    float[] forward(float[] x, int batch, int steps, boolean training, boolean carry) {
        float[] a = fwd.forward(x, batch, steps, training, carry);
        float[] b = bwd.forward(x, batch, steps, training, carry);
        rows = batch * fwd.outputSteps(steps);
        inputSize = batch * steps * fwd.in;
        int w = outputWidth();
        y = sized(y, rows * w);
        for (int r = 0; r < rows; r++) {
            if (merge == Layer.Merge.CONCAT) {
                System.arraycopy(a, r * h, y, r * w, h);
                System.arraycopy(b, r * h, y, r * w + h, h);
            } else {
                for (int j = 0; j < h; j++) y[r * h + j] = a[r * h + j] + b[r * h + j];
            }
        }
        return y;
    }

    @Override
    float[] backward(float[] dy, boolean needInput) {
        float[] gf, gb;
        if (merge == Layer.Merge.CONCAT) {
            dyF = sized(dyF, rows * h);
            dyB = sized(dyB, rows * h);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(dy, r * 2 * h, dyF, r * h, h);
                System.arraycopy(dy, r * 2 * h + h, dyB, r * h, h);
            }
            gf = dyF;
            gb = dyB;
        } else {
            gf = dy;
            gb = dy;
        }
        float[] dxF = fwd.backward(gf, needInput);
        float[] dxB = bwd.backward(gb, needInput);
        if (!needInput) return null;
        dx = sized(dx, inputSize);
        for (int i = 0; i < inputSize; i++) dx[i] = dxF[i] + dxB[i];
        return dx;
    }

    @Override
    StepState newState(int batch) {
        return StepState.scratchOnly(batch);
    }

    @Override
    float[] step(StepState state, float[] x, int batch, long position) {
        throw new IllegalStateException(where + ": " + nonCausalReason() + ", so the model cannot generate step by step");
    }
}
