package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

import java.util.Arrays;

/** Keeps the k tokens of highest logit (the lower ids on ties) and masks every other one. */
public final class TopKProcessor implements LogitProcessor {
    private final int k;

    /**
     * A processor keeping {@code k} tokens.
     *
     * @param k at least 1
     * @throws IllegalArgumentException when {@code k} is below 1
     */
    public TopKProcessor(int k) {
        if (k < 1) throw new IllegalArgumentException("top-k needs k >= 1, was " + k);
        this.k = k;
    }

    /**
     * How many tokens are kept.
     *
     * @return k, at least 1
     */
    public int k() {
        return k;
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        if (k >= logits.length) return;
        // The k-th largest value is the threshold; ties at the threshold are kept in id order up to k in all.
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float threshold = sorted[sorted.length - k];
        int above = 0;
        for (float l : logits) if (l > threshold) above++;
        int tiesKept = k - above;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] > threshold) continue;
            if (logits[i] == threshold && tiesKept > 0) {
                tiesKept--;
                continue;
            }
            logits[i] = Float.NEGATIVE_INFINITY;
        }
    }

    @Override
    public String toString() {
        return "top-k=" + k;
    }
}
