package dev.cadenza.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded initial weights, the same for every backend (so the same seed gives the same model everywhere):
 * <ul>
 *   <li>embedding: uniform(-0.05, 0.05) (Keras);</li>
 *   <li>input and Dense/Conv1D kernels: Glorot uniform, limit sqrt(6 / (fan_in + fan_out)), per gate block for
 *       recurrent kernels (fan_out = units), with fan_in = k * in for Conv1D;</li>
 *   <li>recurrent kernels: orthogonal per gate block (Gram-Schmidt of a Gaussian matrix);</li>
 *   <li>biases zero, except the LSTM forget-gate block (f, the second of i, f, g, o) which is 1;</li>
 *   <li>BatchNorm gamma 1, beta 0, running mean 0, running variance 1.</li>
 * </ul>
 * Tensors are filled in the order of {@link ModelSpec#parameters()} from one {@link SeededRandom}.
 */
public final class Initialization {
    private Initialization() {}

    /**
     * The initial weights of {@code spec}.
     *
     * @param spec the architecture
     * @param seed the seed; the same seed gives the same weights on every backend
     * @return new weights in the canonical layout
     */
    public static Weights initialize(ModelSpec spec, long seed) {
        SeededRandom random = new SeededRandom(seed);
        List<Tensor> tensors = new ArrayList<>();
        for (ParameterSpec p : spec.parameters()) {
            int[] shape = p.shape();
            float[] data = new float[p.size()];
            switch (p.role()) {
                case EMBEDDING -> uniform(data, 0.05, random);
                case KERNEL -> kernel(p, shape, data, spec, random);
                case RECURRENT_KERNEL -> orthogonalBlocks(data, shape[0], shape[1], random);
                case BIAS -> {
                    if (isLstm(spec, p.name())) {
                        int h = shape[0] / 4;
                        for (int i = h; i < 2 * h; i++) data[i] = 1f;
                    }
                }
                case GAMMA, RUNNING_VARIANCE -> java.util.Arrays.fill(data, 1f);
                case INPUT_BIAS, RECURRENT_BIAS, BETA, RUNNING_MEAN -> { }
            }
            tensors.add(new Tensor(p.name(), shape, data));
        }
        return Weights.of(spec, tensors);
    }

    private static boolean isLstm(ModelSpec spec, String name) {
        int layer = Integer.parseInt(name.split("\\.")[1]);
        Layer l = spec.layers().get(layer);
        return l instanceof Layer.Lstm || (l instanceof Layer.Bidirectional b && b.layer() instanceof Layer.Lstm);
    }

    private static void kernel(ParameterSpec p, int[] shape, float[] data, ModelSpec spec, SeededRandom random) {
        if (shape.length == 3) { // Conv1D [k, in, out]
            uniform(data, Math.sqrt(6.0 / (shape[0] * shape[1] + shape[0] * shape[2])), random);
            return;
        }
        int in = shape[0], out = shape[1];
        int layer = Integer.parseInt(p.name().split("\\.")[1]);
        Layer l = spec.layers().get(layer);
        Layer.Recurrent r = l instanceof Layer.Recurrent rr ? rr : l instanceof Layer.Bidirectional b ? b.layer() : null;
        int blockOut = r == null ? out : r.units(); // Keras: per-gate fan-out for recurrent input kernels
        uniform(data, Math.sqrt(6.0 / (in + blockOut)), random);
    }

    private static void uniform(float[] data, double limit, SeededRandom random) {
        for (int i = 0; i < data.length; i++) data[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }

    /** Fills [h, gates*h] with one orthogonal h x h matrix per gate block. */
    private static void orthogonalBlocks(float[] data, int h, int cols, SeededRandom random) {
        int gates = cols / h;
        for (int g = 0; g < gates; g++) {
            double[][] q = orthogonal(h, random);
            for (int i = 0; i < h; i++)
                for (int j = 0; j < h; j++) data[i * cols + g * h + j] = (float) q[i][j];
        }
    }

    /** Rows of a Gaussian matrix made orthonormal by modified Gram-Schmidt, in double precision. */
    static double[][] orthogonal(int n, SeededRandom random) {
        double[][] a = new double[n][n];
        for (double[] row : a)
            for (int j = 0; j < n; j++) row[j] = random.nextGaussian();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double dot = 0;
                for (int j = 0; j < n; j++) dot += a[i][j] * a[k][j];
                for (int j = 0; j < n; j++) a[i][j] -= dot * a[k][j];
            }
            double norm = 0;
            for (int j = 0; j < n; j++) norm += a[i][j] * a[i][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) a[i][j] /= norm;
        }
        return a;
    }
}
