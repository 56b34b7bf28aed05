package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.generate.SamplingContext;

/** Picks the most likely token (the lowest id on ties); draws no random numbers. */
public final class GreedySampler implements Sampler {
    static final GreedySampler INSTANCE = new GreedySampler();

    private GreedySampler() {}

    @Override
    public int next(float[] logits, SamplingContext context) {
        return Softmax.argmax(logits);
    }

    @Override
    public String toString() {
        return "greedy";
    }
}
