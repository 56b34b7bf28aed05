package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

/**
 * One stage of a composed sampler: rewrites the logits in place before the final draw (scaling them, or setting the
 * tokens it rules out to negative infinity). Stages are chained with {@link Samplers#chain}.
 * <p>
 * A processor must not draw random numbers (only the final pick does), so that adding a stage never shifts the
 * random stream of the others.
 */
@FunctionalInterface
public interface LogitProcessor {
    /**
     * Rewrites the logits of one row at one step.
     *
     * @param logits a scratch copy of the model's logits, changed in place
     * @param context the row's history, step, vocabulary and memory (not its random source: see above)
     */
    void process(float[] logits, SamplingContext context);
}
