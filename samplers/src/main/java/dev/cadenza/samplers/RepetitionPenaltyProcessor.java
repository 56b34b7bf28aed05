package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

import java.util.BitSet;

/**
 * The CTRL repetition penalty (Keskar et al. 2019) over a window: every distinct token among the last {@code window}
 * tokens of the history has its logit divided by the penalty when positive and multiplied by it when negative, so a
 * penalty above 1 always makes a recent token less likely, however the logits are offset.
 */
public final class RepetitionPenaltyProcessor implements LogitProcessor {
    private final double penalty;
    private final int window;

    /**
     * A penalty over the latest {@code window} tokens.
     *
     * @param penalty {@code > 0}; above 1 discourages repeats, 1 changes nothing, below 1 encourages them
     * @param window how many of the latest tokens count (primer included), {@code >= 1}
     * @throws IllegalArgumentException when either is out of range
     */
    public RepetitionPenaltyProcessor(double penalty, int window) {
        if (!(penalty > 0) || Double.isInfinite(penalty))
            throw new IllegalArgumentException("repetition penalty must be > 0 and finite, was " + penalty);
        if (window < 1) throw new IllegalArgumentException("repetition window must be >= 1 token, was " + window);
        this.penalty = penalty;
        this.window = window;
    }

    /**
     * The factor applied to recent tokens' logits.
     *
     * @return the penalty, {@code > 0}
     */
    public double penalty() {
        return penalty;
    }

    /**
     * How many of the latest tokens are penalised.
     *
     * @return the window, at least 1
     */
    public int window() {
        return window;
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        int[] history = context.history();
        BitSet seen = new BitSet(logits.length);
        for (int i = Math.max(0, history.length - window); i < history.length; i++) {
            int t = history[i];
            if (t < 0 || t >= logits.length || seen.get(t)) continue; // each token is penalised once
            seen.set(t);
            float l = logits[t];
            logits[t] = (float) (l > 0 ? l / penalty : l * penalty);
        }
    }

    @Override
    public String toString() {
        return "repetition-penalty=" + penalty + ",window=" + window;
    }
}
