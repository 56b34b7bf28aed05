package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Nucleus filtering: keeps the smallest set of most likely tokens whose probabilities sum to at least p (always at
 * least the most likely token) and masks the rest.
 */
public final class TopPProcessor implements LogitProcessor {
    private final double p;

    /**
     * A nucleus filter.
     *
     * @param p in (0, 1]; 1 keeps every token
     * @throws IllegalArgumentException when {@code p} is outside (0, 1]
     */
    public TopPProcessor(double p) {
        if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("top-p needs p in (0, 1], was " + p);
        this.p = p;
    }

    /**
     * The probability mass kept.
     *
     * @return p, in (0, 1]
     */
    public double p() {
        return p;
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        if (p >= 1) return;
        double[] prob = Softmax.probabilities(logits);
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        // Most likely first; the lower id first on ties, so the nucleus does not depend on the sort's stability.
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -prob[i]).thenComparingInt(i -> i));
        double cumulative = 0;
        int kept = 0;
        while (kept < order.length && cumulative < p) {
            if (prob[order[kept]] == 0) break; // masked tokens never enter the nucleus
            cumulative += prob[order[kept]];
            kept++;
        }
        for (int r = Math.max(kept, 1); r < order.length; r++) logits[order[r]] = Float.NEGATIVE_INFINITY;
    }

    @Override
    public String toString() {
        return "top-p=" + p;
    }
}
