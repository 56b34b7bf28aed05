package dev.cadenza.pure.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused batch-1 LSTM step on the Vector API. Batch-1 generation is bound by streaming the weights once per
 * token, so the weights are re-laid out for that stream: hidden units are grouped in tiles of one vector (16 units
 * with AVX-512), and each tile owns a contiguous panel holding, for every input row (Wh rows first, then Wx rows),
 * its four gate vectors i, f, g, o side by side, so one pass over a panel yields the tile's four gate pre-activations.
 * The activations and the cell update of those units follow on the same thread, so a thread owns complete units and
 * no gate value crosses threads. Tiles are split between the pool's threads in fixed ranges, each thread writes only
 * its own units (padded to whole vectors, so no masked tail), and the only synchronisation is the end of the call:
 * one barrier per token.
 */
final class VectorLstmStep implements LstmStepKernel {
    private static final VectorSpecies<Float> S = VectorMath.S;
    private static final int L = S.length();
    /** Multiply-adds per token under which the step stays on the calling thread. */
    private static final long PARALLEL_WORK = 1L << 15;

    private final int in;
    private final int units;
    private final int tiles;
    private final int padded;
    private final int rows;
    private final float[] panels;
    /** Bias by gate, padded to whole tiles: [gate * padded + unit]. */
    private final float[] bias;
    /** [h | x] of the current token: every thread reads the old h from here. */
    private final float[] xh;
    /** Gate pre-activations, then activations, by gate: [gate * padded + unit]; each thread owns its units. */
    private final float[] z;
    private final float[] cPad;
    private final float[] hPad;
    private final WorkerPool pool;
    private final int parts;
    private final WorkerPool.Task task = this::runPart;

    // The call in flight, published to the workers by WorkerPool.run.
    private float[] gates;
    private int gOff;
    private int k;

    VectorLstmStep(int inputSize, int units, WorkerPool pool) {
        if (inputSize < 0 || units <= 0)
            throw new IllegalArgumentException("LSTM step: input size must be >= 0 and units > 0, were " + inputSize + ", " + units);
        this.in = inputSize;
        this.units = units;
        this.tiles = (units + L - 1) / L;
        this.padded = tiles * L;
        this.rows = units + inputSize;
        this.panels = new float[Math.multiplyExact(tiles * 4 * L, rows)];
        this.bias = new float[4 * padded];
        this.xh = new float[rows];
        this.z = new float[4 * padded];
        this.cPad = new float[padded];
        this.hPad = new float[padded];
        this.pool = pool;
        long work = 4L * units * rows;
        // a few parts per thread: parts are claimed dynamically, so a descheduled thread holds up only a little
        this.parts = work < PARALLEL_WORK || pool.size() == 1 ? 1 : Math.min(tiles, 2 * pool.size());
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
        for (int gate = 0; gate < 4; gate++) System.arraycopy(b, bOff + gate * units, bias, gate * padded, units);
        for (int t = 0; t < tiles; t++) {
            int base = t * rows * 4 * L;
            for (int gate = 0; gate < 4; gate++) {
                for (int u = 0; u < L; u++) {
                    int unit = t * L + u;
                    boolean real = unit < units;
                    int col = gate * units + unit;
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
        System.arraycopy(x, xOff, xh, units, in);
        run(null, 0, h, hOff, c, cOff, rows);
    }

    @Override
    public void stepProjected(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff) {
        run(gates, gOff, h, hOff, c, cOff, units);
    }

    private void run(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff, int k) {
        System.arraycopy(h, hOff, xh, 0, units);
        System.arraycopy(c, cOff, cPad, 0, units);
        this.gates = gates;
        this.gOff = gOff;
        this.k = k;
        try {
            pool.run(parts, task);
        } finally {
            this.gates = null;
        }
        System.arraycopy(cPad, 0, c, cOff, units);
        System.arraycopy(hPad, 0, h, hOff, units);
    }

    // Each phase is its own small method: one method holding the product, the activations and the cell update is
    // too large for C2 to inline every Vector API call, and the calls it leaves out box their vectors.
    private void runPart(int part) {
        int t0 = tiles * part / parts, t1 = tiles * (part + 1) / parts;
        int u0 = t0 * L, u1 = t1 * L;
        for (int t = t0; t < t1; t++) product(t);
        for (int gate = 0; gate < 4; gate++) {
            int zo = gate * padded;
            if (gates == null) addFull(z, bias, zo + u0, zo + u1);
            else addInput(gates, gOff + gate * units, zo, u0, Math.min(u1, units));
        }
        VectorMath.apply(VectorMath.SIGMOID, z, u0, u1);
        VectorMath.apply(VectorMath.SIGMOID, z, padded + u0, padded + u1);
        VectorMath.apply(VectorMath.TANH, z, 2 * padded + u0, 2 * padded + u1);
        VectorMath.apply(VectorMath.SIGMOID, z, 3 * padded + u0, 3 * padded + u1);
        cell(u0, u1);
        VectorMath.apply(VectorMath.TANH, hPad, u0, u1);
        outputGate(u0, u1);
    }

    /** The four gate pre-activations of tile t (without input gates or bias) into z. */
    private void product(int t) {
        FloatVector zi = FloatVector.zero(S), zf = zi, zg = zi, zo = zi;
        // Two accumulator sets (even and odd rows) keep eight FMA chains in flight.
        FloatVector yi = zi, yf = zi, yg = zi, yo = zi;
        float[] w = panels;
        int base = t * rows * 4 * L;
        int p = 0;
        for (; p + 1 < k; p += 2) {
            int wi = base + p * (4 * L);
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
            int wi = base + p * (4 * L);
            FloatVector x0 = FloatVector.broadcast(S, xh[p]);
            zi = FloatVector.fromArray(S, w, wi).fma(x0, zi);
            zf = FloatVector.fromArray(S, w, wi + L).fma(x0, zf);
            zg = FloatVector.fromArray(S, w, wi + 2 * L).fma(x0, zg);
            zo = FloatVector.fromArray(S, w, wi + 3 * L).fma(x0, zo);
        }
        int u = t * L;
        zi.add(yi).intoArray(z, u);
        zf.add(yf).intoArray(z, padded + u);
        zg.add(yg).intoArray(z, 2 * padded + u);
        zo.add(yo).intoArray(z, 3 * padded + u);
    }

    /** x[i] += y[i] for i in [from, to): whole vectors. */
    private static void addFull(float[] x, float[] y, int from, int to) {
        for (int i = from; i < to; i += L) FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(x, i);
    }

    /** z[zo + u] += gates[gi + u] for units [u0, u1): the given input part of the gates. */
    private void addInput(float[] gates, int gi, int zo, int u0, int u1) {
        int u = u0;
        for (; u + L <= u1; u += L)
            FloatVector.fromArray(S, z, zo + u).add(FloatVector.fromArray(S, gates, gi + u)).intoArray(z, zo + u);
        for (; u < u1; u++) z[zo + u] += gates[gi + u];
    }

    /** c = f c + i g for units [u0, u1), and c again into hPad for the tanh (padding units stay zero). */
    private void cell(int u0, int u1) {
        for (int u = u0; u < u1; u += L) {
            FloatVector i = FloatVector.fromArray(S, z, u);
            FloatVector f = FloatVector.fromArray(S, z, padded + u);
            FloatVector g = FloatVector.fromArray(S, z, 2 * padded + u);
            FloatVector cn = f.fma(FloatVector.fromArray(S, cPad, u), i.mul(g));
            cn.intoArray(cPad, u);
            cn.intoArray(hPad, u);
        }
    }

    /** h = o tanh(c), with tanh(c) already in hPad. */
    private void outputGate(int u0, int u1) {
        for (int u = u0; u < u1; u += L)
            FloatVector.fromArray(S, z, 3 * padded + u).mul(FloatVector.fromArray(S, hPad, u)).intoArray(hPad, u);
    }
}
