package dev.cadenza.testkit;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Loss;
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
     *
     * @param spec the spec whose parameters are filled
     * @param seed the seed; one seed gives the same weights everywhere
     * @return new weights
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

    /**
     * A batch of random inputs of the spec's kind (ids, with Gaussian conditioning values for a conditioned input;
     * Gaussian features; 0/1 frames for multi-hot) with random targets fitting the head and the loss (class ids, 0/1
     * labels, Gaussian values).
     *
     * @param spec the spec the batch is for
     * @param size sequences, at least 1
     * @param steps steps per sequence, at least 1
     * @param seed the seed
     * @return a new batch with targets
     */
    public static Batch randomBatch(ModelSpec spec, int size, int steps, long seed) {
        SeededRandom random = new SeededRandom(seed);
        int outputs = spec.outputs();
        int rows = spec.head() == ModelSpec.Head.PER_STEP ? size * steps : size;
        Batch.Builder b = Batch.builder(size, steps);
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            int[] targets = new int[rows];
            for (int i = 0; i < targets.length; i++) targets[i] = random.nextInt(outputs);
            b.targets(targets);
        } else {
            float[] values = new float[rows * outputs];
            for (int i = 0; i < values.length; i++)
                values[i] = spec.loss() == Loss.SIGMOID_CROSS_ENTROPY ? random.nextInt(2) : (float) random.nextGaussian();
            b.targetValues(values, outputs);
        }
        Input input = spec.input();
        if (input.featureWidth() > 0) {
            float[] features = new float[size * steps * input.featureWidth()];
            for (int i = 0; i < features.length; i++)
                features[i] = input instanceof Input.MultiHot ? (random.nextInt(3) == 0 ? 1 : 0) : (float) random.nextGaussian();
            return b.features(features, input.featureWidth()).build();
        }
        int[] tokens = new int[size * steps];
        for (int i = 0; i < tokens.length; i++) tokens[i] = random.nextInt(input.vocabularySize());
        b.tokens(tokens);
        if (input.conditioningWidth() > 0) {
            float[] c = new float[size * steps * input.conditioningWidth()];
            for (int i = 0; i < c.length; i++) c[i] = (float) random.nextGaussian();
            b.conditioning(c, input.conditioningWidth());
        }
        return b.build();
    }

    /**
     * The same batch with a random 0/1 mask (at least one 1 per row) for per-step heads, unchanged otherwise.
     *
     * @param batch the batch
     * @param spec the spec it is for, whose head decides
     * @param seed the seed
     * @return a new batch with a mask, or {@code batch} itself for a last-step head
     */
    public static Batch masked(Batch batch, ModelSpec spec, long seed) {
        if (spec.head() != ModelSpec.Head.PER_STEP) return batch;
        SeededRandom random = new SeededRandom(seed);
        float[] mask = new float[batch.size() * batch.steps()];
        for (int i = 0; i < mask.length; i++) mask[i] = random.nextDouble() < 0.7 ? 1 : 0;
        for (int b = 0; b < batch.size(); b++) mask[b * batch.steps()] = 1;
        return batch.withMask(mask);
    }
}
