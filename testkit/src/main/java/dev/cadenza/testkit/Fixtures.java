package dev.cadenza.testkit;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.util.ArrayList;
import java.util.List;

/** Seeded random weights and batches for the conformance suite. */
public final class Fixtures {
    private Fixtures() {}

    /**
     * Weights with every tensor random, biases and BatchNorm statistics included: Cadenza's initialisation leaves
     * biases at zero, which would hide a bias mapped to the wrong place. Values are uniform in (-0.5, 0.5), running
     * variances in (0.5, 1.5).
     */
    public static Weights randomWeights(ModelSpec spec, long seed) {
        SeededRandom random = new SeededRandom(seed);
        List<Tensor> tensors = new ArrayList<>();
        for (ParameterSpec p : spec.parameters()) {
            float[] data = new float[p.size()];
            for (int i = 0; i < data.length; i++) {
                double u = random.nextDouble() - 0.5;
                data[i] = (float) (p.role() == ParameterSpec.Role.RUNNING_VARIANCE ? 1 + u : u);
            }
            tensors.add(new Tensor(p.name(), p.shape(), data));
        }
        return Weights.of(spec, tensors);
    }

    /** A batch of random inputs (ids or Gaussian features) with random targets fitting the spec's head. */
    public static Batch randomBatch(ModelSpec spec, int size, int steps, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int[] targets = new int[spec.head() == ModelSpec.Head.PER_STEP ? size * steps : size];
        for (int i = 0; i < targets.length; i++) targets[i] = random.nextInt(spec.classes());
        Input input = spec.input();
        if (input instanceof Input.Features f) {
            float[] features = new float[size * steps * f.width()];
            for (int i = 0; i < features.length; i++) features[i] = (float) random.nextGaussian();
            return Batch.ofFeatures(size, steps, features, f.width(), targets);
        }
        int[] tokens = new int[size * steps];
        for (int i = 0; i < tokens.length; i++) tokens[i] = random.nextInt(input.vocabularySize());
        return Batch.ofTokens(size, steps, tokens, targets);
    }

    /** The same batch with a random 0/1 mask (at least one 1 per row) for per-step heads, unchanged otherwise. */
    public static Batch masked(Batch batch, ModelSpec spec, long seed) {
        if (spec.head() != ModelSpec.Head.PER_STEP) return batch;
        SeededRandom random = new SeededRandom(seed);
        float[] mask = new float[batch.size() * batch.steps()];
        for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < 0.7 ? 1 : 0;
        for (int b = 0; b < batch.size(); b++) mask[b * batch.steps()] = 1;
        return batch.withMask(mask);
    }
}
