package dev.cadenza.pure.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused batch-1 LSTM step on the Vector API. Batch-1 generation is bound by streaming the weights once per
 * token, so the weights are re-laid out for that stream: hidden units are grouped in tiles of one vector (16 units
 * with AVX-512), and each tile owns a contiguous panel holding, for every input row (Wh rows first, then Wx rows),
 * its four gate vectors i, f, g, o side by side. One pass over a panel leaves the tile's four gate pre-activations in
 * registers; the activations and the cell update follow at once, so a thread owns complete units and no gate values
 * cross threads. The tiles are split between the pool's threads in fixed ranges, each thread writes only its units
 * of h and c, and the only synchronisation is the end of the call: one barrier per token.
 */
final class VectorLstmStep implements LstmStepKernel {
    private static final VectorSpecies<Float> S = VectorMath.S;
    private static final int L = S.length();
    /** Multiply-adds per token under which the step stays on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 15;

    private final int in;
    private final int units;
    private final int tiles;
    private final int rows;
    private final float[] panels;
    private final float[] bias;
    /** [h | x] of the current token: every thread reads the old h from here while new h is written in place. */
    private final float[] xh;
    private final WorkerPool pool;
    private final int parts;
    private final WorkerPool.Task task = this::runPart;

    // The call in flight, published to the workers by WorkerPool.run.
    private float[] gates;
    private int gOff;
    private float[] h;
    private int hOff;
    private float[] c;
    private int cOff;
    private int k;

    VectorLstmStep(int inputSize, int units, WorkerPool pool) {
        if (inputSize < 0 || units <= 0)
            throw new IllegalArgumentException("LSTM step: input size must be >= 0 and units > 0, were " + inputSize + ", " + units);
        this.in = inputSize;
        this.units = units;
        this.tiles = (units + L - 1) / L;
        this.rows = units + inputSize;
        this.panels = new float[Math.multiplyExact(tiles * 4 * L, rows)];
        this.bias = new float[tiles * 4 * L];
        this.xh = new float[rows];
        this.pool = pool;
        long work = 4L * units * rows;
        this.parts = work < PARALLEL_WORK ? 1 : Math.min(pool.size(), tiles);
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int units() {
        return units;
    }

    @Override
    public void setWeights(float[] wx, int wxOff, float[] wh, int whOff, float[] b, int bOff) {
        int g = 4 * units;
        for (int t = 0; t < tiles; t++) {
            int base = t * rows * 4 * L;
            for (int gate = 0; gate < 4; gate++) {
                for (int u = 0; u < L; u++) {
                    int unit = t * L + u;
                    boolean real = unit < units;
                    int col = gate * units + unit;
                    bias[t * 4 * L + gate * L + u] = real ? b[bOff + col] : 0f;
                    for (int p = 0; p < rows; p++) {
                        float v = !real ? 0f : p < units ? wh[whOff + p * g + col] : wx[wxOff + (p - units) * g + col];
                        panels[base + p * 4 * L + gate * L + u] = v;
                    }
                }
            }
        }
    }

    @Override
    public void step(float[] x, int xOff, float[] h, int hOff, float[] c, int cOff) {
        System.arraycopy(h, hOff, xh, 0, units);
        System.arraycopy(x, xOff, xh, units, in);
        run(null, 0, h, hOff, c, cOff, rows);
    }

    @Override
    public void stepProjected(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff) {
        System.arraycopy(h, hOff, xh, 0, units);
        run(gates, gOff, h, hOff, c, cOff, units);
    }

    private void run(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff, int k) {
        this.gates = gates;
        this.gOff = gOff;
        this.h = h;
        this.hOff = hOff;
        this.c = c;
        this.cOff = cOff;
        this.k = k;
        try {
            pool.run(parts, task);
        } finally {
            this.gates = null;
            this.h = null;
            this.c = null;
        }
    }

    private void runPart(int part) {
        int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
        for (int t = t0; t < t1; t++) tile(t);
    }

    private void tile(int t) {
        int unit0 = t * L;
        int valid = Math.min(L, units - unit0);
        VectorMask<Float> mask = S.indexInRange(0, valid);
        FloatVector zi, zf, zg, zo;
        if (gates == null) {
            int bi = t * 4 * L;
            zi = FloatVector.fromArray(S, bias, bi);
            zf = FloatVector.fromArray(S, bias, bi + L);
            zg = FloatVector.fromArray(S, bias, bi + 2 * L);
            zo = FloatVector.fromArray(S, bias, bi + 3 * L);
        } else {
            int gi = gOff + unit0;
            zi = FloatVector.fromArray(S, gates, gi, mask);
            zf = FloatVector.fromArray(S, gates, gi + units, mask);
            zg = FloatVector.fromArray(S, gates, gi + 2 * units, mask);
            zo = FloatVector.fromArray(S, gates, gi + 3 * units, mask);
        }
        // Two accumulator sets (even and odd rows) keep eight FMA chains in flight.
        FloatVector yi = FloatVector.zero(S), yf = yi, yg = yi, yo = yi;
        float[] w = panels;
        int base = t * rows * 4 * L;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            int wi = base + p * 4 * L;
            FloatVector x0 = FloatVector.broadcast(S, xh[p]);
            zi = FloatVector.fromArray(S, w, wi).fma(x0, zi);
            zf = FloatVector.fromArray(S, w, wi + L).fma(x0, zf);
            zg = FloatVector.fromArray(S, w, wi + 2 * L).fma(x0, zg);
            zo = FloatVector.fromArray(S, w, wi + 3 * L).fma(x0, zo);
            FloatVector x1 = FloatVector.broadcast(S, xh[p + 1]);
            yi = FloatVector.fromArray(S, w, wi + 4 * L).fma(x1, yi);
            yf = FloatVector.fromArray(S, w, wi + 5 * L).fma(x1, yf);
            yg = FloatVector.fromArray(S, w, wi + 6 * L).fma(x1, yg);
            yo = FloatVector.fromArray(S, w, wi + 7 * L).fma(x1, yo);
        }
        if (p < k) {
            int wi = base + p * 4 * L;
            FloatVector x0 = FloatVector.broadcast(S, xh[p]);
            zi = FloatVector.fromArray(S, w, wi).fma(x0, zi);
            zf = FloatVector.fromArray(S, w, wi + L).fma(x0, zf);
            zg = FloatVector.fromArray(S, w, wi + 2 * L).fma(x0, zg);
            zo = FloatVector.fromArray(S, w, wi + 3 * L).fma(x0, zo);
        }
        FloatVector i = VectorMath.sigmoid(zi.add(yi));
        FloatVector f = VectorMath.sigmoid(zf.add(yf));
        FloatVector g = VectorMath.tanh(zg.add(yg));
        FloatVector o = VectorMath.sigmoid(zo.add(yo));
        int ci = cOff + unit0, hi = hOff + unit0;
        if (valid == L) {
            FloatVector cn = f.fma(FloatVector.fromArray(S, c, ci), i.mul(g));
            cn.intoArray(c, ci);
            o.mul(VectorMath.tanh(cn)).intoArray(h, hi);
        } else {
            FloatVector cn = f.fma(FloatVector.fromArray(S, c, ci, mask), i.mul(g));
            cn.intoArray(c, ci, mask);
            o.mul(VectorMath.tanh(cn)).intoArray(h, hi, mask);
        }
    }
}
