package dev.cadenza.pure;

import dev.cadenza.Backend;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Initialization;
import dev.cadenza.model.Input;
import dev.cadenza.model.Loss;
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

    /** A model as users hold it, on the best kernels. */
    static SequenceModel model(ModelSpec spec, Weights weights) {
        return model(spec, weights, Kernels.best());
    }

    static SequenceModel model(ModelSpec spec, Weights weights, Kernels kernels) {
        return new Backend(new PureBackend(kernels)).create(spec, weights);
    }

    /** The engine's own model, for tests that look at the network inside. */
    static PureModel engine(ModelSpec spec, Weights weights) {
        return engine(spec, weights, Kernels.best());
    }

    static PureModel engine(ModelSpec spec, Weights weights, Kernels kernels) {
        return (PureModel) new PureBackend(kernels).create(spec, Weights.of(spec, weights.tensors()));
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

    /**
     * A batch of random inputs of the spec's kind (tokens, with Gaussian conditioning values for a conditioned input;
     * Gaussian features; 0/1 frames for multi-hot) with random per-step or per-sequence targets of the loss's kind
     * (class ids, 0/1 labels, Gaussian values).
     */
    static Batch randomBatch(ModelSpec spec, int size, int steps, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int outputs = spec.outputs();
        int rows = spec.head() == ModelSpec.Head.PER_STEP ? size * steps : size;
        Batch.Builder b = Batch.builder(size, steps);
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            int[] targets = new int[rows];
            for (int i = 0; i < targets.length; i++) targets[i] = r.nextInt(outputs);
            b.targets(targets);
        } else {
            float[] values = new float[rows * outputs];
            for (int i = 0; i < values.length; i++)
                values[i] = spec.loss() == Loss.SIGMOID_CROSS_ENTROPY ? r.nextInt(2) : (float) r.nextGaussian();
            b.targetValues(values, outputs);
        }
        Input in = spec.input();
        if (in.featureWidth() > 0) {
            float[] x = new float[size * steps * in.featureWidth()];
            for (int i = 0; i < x.length; i++) x[i] = in instanceof Input.MultiHot ? r.nextInt(3) / 2 : (float) r.nextGaussian();
            return b.features(x, in.featureWidth()).build();
        }
        int[] tokens = new int[size * steps];
        for (int i = 0; i < tokens.length; i++) tokens[i] = r.nextInt(in.vocabularySize());
        b.tokens(tokens);
        if (in.conditioningWidth() > 0) {
            float[] c = new float[size * steps * in.conditioningWidth()];
            for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
            b.conditioning(c, in.conditioningWidth());
        }
        return b.build();
    }
}
