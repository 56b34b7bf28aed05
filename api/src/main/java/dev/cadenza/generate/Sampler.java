package dev.cadenza.generate;

/**
 * Picks the next token from a model's logits. Implementations may change {@code logits} in place (they are a scratch
 * copy) and must draw randomness only from {@link SamplingContext#random()}, so a seed reproduces a piece.
 * <p>
 * Thread safety: a sampler may be shared by any number of generations and threads at once. It keeps no state of its
 * own between calls; whatever must follow one generation (a grammar's position, say) lives in
 * {@link SamplingContext#memory()}, which belongs to one row of one generation. Every built-in sampler honours this.
 */
@FunctionalInterface
public interface Sampler {
    /**
     * The next token.
     *
     * @param logits one logit per vocabulary entry (the model's outputs for this row and step); a scratch copy
     * @param context the history, step, row, random source, vocabulary and the row's memory
     * @return a vocabulary id within the logits' length
     */
    int next(float[] logits, SamplingContext context);
}
