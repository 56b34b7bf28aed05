package dev.cadenza.dl4j;

import dev.cadenza.Backend;
import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.util.ArrayList;
import java.util.List;

/** Shared test helpers: one opened backend for all tests (ND4J's native load takes seconds) and random fixtures. */
final class Fixtures {
    private static Backend backend;
    private static Backend pure;

    private Fixtures() {}

    static synchronized Backend backend() {
        if (backend == null) {
            backend = new Backend(new Dl4jBackendProvider().open());
        }
        return backend;
    }

    /** backend-pure, the reference every backend is compared with. */
    static synchronized Backend pure() {
        if (pure == null) pure = dev.cadenza.testkit.ReferenceBackend.get();
        return pure;
    }

    /** Every tensor uniform in (-0.5, 0.5), biases included, running variances in (0.5, 1.5): no mapping hides. */
    static Weights randomWeights(ModelSpec spec, long seed) {
        SeededRandom r = new SeededRandom(seed);
        List<Tensor> out = new ArrayList<>();
        for (ParameterSpec p : spec.parameters()) {
            float[] d = new float[p.size()];
            for (int i = 0; i < d.length; i++) {
                double u = r.nextDouble() - 0.5;
                d[i] = (float) (p.role() == ParameterSpec.Role.RUNNING_VARIANCE ? 1 + u : u);
            }
            out.add(new Tensor(p.name(), p.shape(), d));
        }
        return Weights.of(spec, out);
    }

    static Batch tokens(int size, int steps, int vocabulary, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int[] x = new int[size * steps], y = new int[size * steps];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(vocabulary);
            y[i] = r.nextInt(vocabulary);
        }
        return Batch.ofTokens(size, steps, x, y);
    }

    static Batch features(int size, int steps, int width, int classes, long seed) {
        SeededRandom r = new SeededRandom(seed);
        float[] x = new float[size * steps * width];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian());
        int[] y = new int[size * steps];
        for (int i = 0; i < y.length; i++) y[i] = r.nextInt(classes);
        return Batch.ofFeatures(size, steps, x, width, y);
    }

    static double maxRelativeDifference(float[] actual, double[] expected) {
        if (actual.length != expected.length) throw new AssertionError("lengths " + actual.length + " vs " + expected.length);
        double max = 0;
        for (int i = 0; i < actual.length; i++)
            max = Math.max(max, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
        return max;
    }
}
