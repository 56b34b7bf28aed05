package dev.cadenza.generate;

/**
 * Picks the next token from a model's logits. Implementations may change {@code logits} in place (they are a
 * scratch copy) and must draw randomness only from {@link SamplingContext#random()}, so a seed reproduces a piece.
 */
@FunctionalInterface
public interface Sampler {
    int next(float[] logits, SamplingContext context);
}
