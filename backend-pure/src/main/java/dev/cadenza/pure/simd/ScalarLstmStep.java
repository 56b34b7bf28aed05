package dev.cadenza.pure.simd;

/** The plain-Java {@link LstmStepKernel}: the oracle of the vector one, and the fallback without the Vector API. */
final class ScalarLstmStep implements LstmStepKernel {
    private final int in;
    private final int units;
    private final float[] wx;
    private final float[] wh;
    private final float[] b;
    private final float[] z;

    ScalarLstmStep(int inputSize, int units) {
        if (inputSize < 0 || units <= 0)
            throw new IllegalArgumentException("LSTM step: input size must be >= 0 and units > 0, were " + inputSize + ", " + units);
        this.in = inputSize;
        this.units = units;
        this.wx = new float[inputSize * 4 * units];
        this.wh = new float[units * 4 * units];
        this.b = new float[4 * units];
        this.z = new float[4 * units];
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
        System.arraycopy(wx, wxOff, this.wx, 0, this.wx.length);
        System.arraycopy(wh, whOff, this.wh, 0, this.wh.length);
        System.arraycopy(b, bOff, this.b, 0, this.b.length);
    }

    @Override
    public void step(float[] x, int xOff, float[] h, int hOff, float[] c, int cOff) {
        int g = 4 * units;
        System.arraycopy(b, 0, z, 0, g);
        for (int p = 0; p < in; p++) {
            float v = x[xOff + p];
            for (int j = 0; j < g; j++) z[j] += v * wx[p * g + j];
        }
        update(h, hOff, c, cOff);
    }

    @Override
    public void stepProjected(float[] gates, int gOff, float[] h, int hOff, float[] c, int cOff) {
        System.arraycopy(gates, gOff, z, 0, 4 * units);
        update(h, hOff, c, cOff);
    }

    private void update(float[] h, int hOff, float[] c, int cOff) {
        int g = 4 * units;
        for (int p = 0; p < units; p++) {
            float v = h[hOff + p];
            for (int j = 0; j < g; j++) z[j] += v * wh[p * g + j];
        }
        for (int u = 0; u < units; u++) {
            double i = sigmoid(z[u]), f = sigmoid(z[units + u]), gg = Math.tanh(z[2 * units + u]), o = sigmoid(z[3 * units + u]);
            float cn = (float) (f * c[cOff + u] + i * gg);
            c[cOff + u] = cn;
            h[hOff + u] = (float) (o * Math.tanh(cn));
        }
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
