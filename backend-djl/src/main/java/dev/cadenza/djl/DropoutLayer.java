package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.SeededRandom;

import java.util.List;
import java.util.function.Supplier;

/**
 * Inverted dropout with the masks drawn from the training session's {@link SeededRandom}, element by element in
 * row-major order, as backend-pure draws them: the same seed drops the same units on either engine, and no thread
 * touches PyTorch's one process-wide generator. Identity in inference and when stepping.
 */
final class DropoutLayer implements DjlLayer {
    private final double rate;
    private final Supplier<SeededRandom> random;

    DropoutLayer(Layer.Dropout spec, Supplier<SeededRandom> random) {
        this.rate = spec.rate();
        this.random = random;
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        if (!training || rate == 0) return x;
        SeededRandom r = random.get();
        float keep = (float) (1.0 / (1.0 - rate));
        float[] mask = new float[Math.toIntExact(x.size())];
        for (int i = 0; i < mask.length; i++) mask[i] = r.nextDouble() < rate ? 0f : keep;
        return x.mul(x.getManager().create(mask, x.getShape()));
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        return x;
    }

    @Override
    public List<MappedParameter> parameters() {
        return List.of();
    }
}
