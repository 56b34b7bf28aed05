package dev.cadenza.pure;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Layer;

/** y = act(x W + b) on every row ([batch * steps, in]); the output layer is a linear one producing logits. */
final class DenseLayer extends PureLayer {
    private final Matmul mm;
    private final int in, out;
    private final Activation activation;
    private final float[] w, b, gw, gb;
    private float[] x, y, da, dx;
    private int rows;

    DenseLayer(String where, String prefix, Layer.Dense layer, int in, Parameters p, Matmul mm) {
        super(where);
        this.mm = mm;
        this.in = in;
        this.out = layer.units();
        this.activation = layer.activation();
        this.w = p.value(prefix + "kernel");
        this.b = p.value(prefix + "bias");
        this.gw = p.gradient(prefix + "kernel");
        this.gb = p.gradient(prefix + "bias");
    }

    @Override
    int outputWidth() {
        return out;
    }

    @Override
    float[] forward(float[] x, int batch, int steps, boolean training, boolean carry) {
        rows = batch * steps;
        this.x = x;
        y = sized(y, rows * out);
        mm.gemm(rows, out, in, x, 0, in, false, w, 0, out, false, y, 0, out, false);
        Activations.addBias(mm.kernels(), y, 0, rows, out, b);
        Activations.apply(mm.kernels(), activation, y, 0, rows * out);
        return y;
    }

    @Override
    float[] backward(float[] dy, boolean needInput) {
        da = sized(da, rows * out);
        Activations.derivative(activation, y, dy, da, rows * out);
        mm.gemm(in, out, rows, x, 0, in, true, da, 0, out, false, gw, 0, out, true);
        Activations.addColumnSums(mm.kernels(), da, rows, out, gb);
        if (!needInput) return null;
        dx = sized(dx, rows * in);
        mm.gemm(rows, in, out, da, 0, out, false, w, 0, out, true, dx, 0, in, false);
        return dx;
    }

    @Override
    StepState newState(int batch) {
        return StepState.scratchOnly(batch, batch * out);
    }

    @Override
    float[] step(StepState state, float[] x, int batch, long position) {
        float[] o = state.scratch[0];
        mm.gemm(batch, out, in, x, 0, in, false, w, 0, out, false, o, 0, out, false);
        Activations.addBias(mm.kernels(), o, 0, batch, out, b);
        Activations.apply(mm.kernels(), activation, o, 0, batch * out);
        return o;
    }
}
