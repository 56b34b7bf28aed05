package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.generate.SamplingContext;

/** Draws a token with probability softmax(logits), one {@code nextDouble()} of the context's random per token. */
public final class CategoricalSampler implements Sampler {
    static final CategoricalSampler INSTANCE = new CategoricalSampler();

    private CategoricalSampler() {}

    @Override
    public int next(float[] logits, SamplingContext context) {
        return Softmax.draw(logits, context.random());
    }

    @Override
    public String toString() {
        return "categorical";
    }
}
