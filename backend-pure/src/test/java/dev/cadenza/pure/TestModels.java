package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Initialization;
import dev.cadenza.model.Input;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;
import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.pure.simd.ScalarKernels;

import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the backend tests: models with random weights and random batches. */
final class TestModels {
    private TestModels() {}

    static PureModel model(ModelSpec spec, Weights weights) {
        return model(spec, weights, Kernels.best());
    }

    static PureModel model(ModelSpec spec, Weights weights, Kernels kernels) {
        return (PureModel) new PureBackend(kernels).create(spec, weights);
    }

    /** The kernels this JVM uses and, when they are not already, the scalar oracle (the path without the Vector API). */
    static List<Kernels> allKernels() {
        return Kernels.best() instanceof ScalarKernels ? List.of(Kernels.best()) : List.of(Kernels.best(), new ScalarKernels());
    }

    /**
     * Initial weights plus uniform noise of +-0.3 on everything, so that biases, BatchNorm gamma/beta and running
     * statistics are not at their neutral values and every term of the formulas is exercised.
     */
    static Weights randomWeights(ModelSpec spec, long seed) {
        Weights init = Initialization.initialize(spec, seed);
        SeededRandom r = new SeededRandom(seed + 1);
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : init.tensors()) {
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                if (t.name().endsWith("running_variance")) d[i] = (float) (0.5 + r.nextDouble());
                else d[i] += (float) ((r.nextDouble() * 2 - 1) * 0.3);
            }
            out.add(new Tensor(t.name(), t.shape(), d));
        }
        return Weights.of(spec, out);
    }

    /** A batch of random tokens or features with per-step or per-sequence targets. */
    static Batch randomBatch(ModelSpec spec, int size, int steps, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int classes = spec.classes();
        int[] targets = new int[spec.head() == ModelSpec.Head.PER_STEP ? size * steps : size];
        for (int i = 0; i < targets.length; i++) targets[i] = r.nextInt(classes);
        Input in = spec.input();
        if (in instanceof Input.Features f) {
            float[] x = new float[size * steps * f.width()];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            return Batch.ofFeatures(size, steps, x, f.width(), targets);
        }
        int[] tokens = new int[size * steps];
        for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(in.vocabularySize());
        return Batch.ofTokens(size, steps, tokens, targets);
    }
}
