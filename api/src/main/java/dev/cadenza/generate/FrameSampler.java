package dev.cadenza.generate;

/**
 * Draws the next multi-hot frame (which of the labels, notes of a piano roll say, are on) from a model's per-label
 * logits; the probability of label j is sigmoid(logit j). Draws randomness only from the context's random source.
 * Like {@link Sampler}, a frame sampler keeps no state between calls and may be shared between threads.
 */
@FunctionalInterface
public interface FrameSampler {
    /**
     * Writes the frame, 0 or 1 per label, into {@code frame} (as long as {@code logits}, zeroed beforehand).
     *
     * @param logits one logit per label; a scratch copy the sampler may change
     * @param context the history, step, row and random source
     * @param frame where the frame goes, zeroed, as long as {@code logits}
     */
    void next(float[] logits, FrameContext context, float[] frame);
}
