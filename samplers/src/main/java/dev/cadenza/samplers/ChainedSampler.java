package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.generate.SamplingContext;

import java.util.List;
import java.util.Objects;

/** Runs logit processors in order, then lets a final sampler pick from what they left. */
public final class ChainedSampler implements Sampler {
    private final List<LogitProcessor> processors;
    private final Sampler pick;

    /**
     * A chain of processors and a pick.
     *
     * @param processors applied in this order to the logits; the list is copied
     * @param pick draws the token from what the processors leave, not null
     */
    public ChainedSampler(List<LogitProcessor> processors, Sampler pick) {
        this.processors = List.copyOf(processors);
        this.pick = Objects.requireNonNull(pick, "pick");
    }

    /**
     * The processors, in the order they run.
     *
     * @return an immutable list
     */
    public List<LogitProcessor> processors() {
        return processors;
    }

    /**
     * The final sampler.
     *
     * @return the pick
     */
    public Sampler pick() {
        return pick;
    }

    @Override
    public int next(float[] logits, SamplingContext context) {
        for (LogitProcessor p : processors) p.process(logits, context);
        return pick.next(logits, context);
    }

    @Override
    public String toString() {
        return processors.isEmpty() ? pick.toString() : processors + " -> " + pick;
    }
}
