package dev.cadenza.samplers;

import dev.cadenza.generate.FrameContext;
import dev.cadenza.generate.FrameSampler;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Frame samplers for multi-label models (piano rolls): each label j is on with probability
 * p_j = sigmoid(logit_j / temperature). Every sampler keeps no state and may be shared between threads.
 * <ul>
 *   <li>{@link #bernoulli}: independent draws, one uniform number per label in label order (so a seed reproduces a
 *       frame), then at most {@code maxOn} labels kept: the drawn ones with the highest probabilities;</li>
 *   <li>{@link #threshold}: no randomness, label j on when p_j is at least the threshold, at most {@code maxOn} of
 *       them (the most probable); a threshold of 0.5 at temperature 1 is the model's most likely frame under
 *       independence.</li>
 * </ul>
 */
public final class FrameSamplers {
    private FrameSamplers() {}

    /**
     * Independent Bernoulli draws at {@code temperature} (> 0), keeping at most {@code maxOn} labels (0: no limit).
     *
     * @param temperature divides the logits before the sigmoid, {@code > 0}
     * @param maxOn the most labels on at once (notes per frame), {@code >= 0}; 0 for no limit
     * @return the sampler
     * @throws IllegalArgumentException when a value is out of range
     */
    public static FrameSampler bernoulli(double temperature, int maxOn) {
        check(temperature, maxOn);
        return new FrameSampler() {
            @Override
            public void next(float[] logits, FrameContext context, float[] frame) {
                double[] p = probabilities(logits, temperature);
                boolean[] on = new boolean[p.length];
                for (int j = 0; j < p.length; j++) on[j] = context.random().nextDouble() < p[j];
                keep(on, p, maxOn, frame);
            }

            @Override
            public String toString() {
                return "bernoulli(temperature=" + temperature + ", maxOn=" + maxOn + ")";
            }
        };
    }

    /**
     * Labels whose probability at {@code temperature} is at least {@code threshold}, at most {@code maxOn} of them (0:
     * no limit).
     *
     * @param threshold the probability a label needs, in (0, 1)
     * @param temperature divides the logits before the sigmoid, {@code > 0}
     * @param maxOn the most labels on at once, {@code >= 0}; 0 for no limit
     * @return the sampler
     * @throws IllegalArgumentException when a value is out of range
     */
    public static FrameSampler threshold(double threshold, double temperature, int maxOn) {
        check(temperature, maxOn);
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("frame threshold must be in (0, 1), was " + threshold);
        return new FrameSampler() {
            @Override
            public void next(float[] logits, FrameContext context, float[] frame) {
                double[] p = probabilities(logits, temperature);
                boolean[] on = new boolean[p.length];
                for (int j = 0; j < p.length; j++) on[j] = p[j] >= threshold;
                keep(on, p, maxOn, frame);
            }

            @Override
            public String toString() {
                return "threshold(" + threshold + ", temperature=" + temperature + ", maxOn=" + maxOn + ")";
            }
        };
    }

    private static void check(double temperature, int maxOn) {
        if (!(temperature > 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("frame temperature must be > 0 and finite, was " + temperature);
        if (maxOn < 0) throw new IllegalArgumentException("maxOn must be >= 0 (0: no limit), was " + maxOn);
    }

    static double[] probabilities(float[] logits, double temperature) {
        double[] p = new double[logits.length];
        for (int j = 0; j < p.length; j++) {
            double x = logits[j] / temperature;
            p[j] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        }
        return p;
    }

    /** Writes the chosen labels into the frame, keeping only the {@code maxOn} most probable when more are on. */
    private static void keep(boolean[] on, double[] p, int maxOn, float[] frame) {
        Integer[] chosen = java.util.stream.IntStream.range(0, on.length).filter(j -> on[j]).boxed().toArray(Integer[]::new);
        if (maxOn > 0 && chosen.length > maxOn) {
            Arrays.sort(chosen, Comparator.comparingDouble((Integer j) -> -p[j]).thenComparingInt(j -> j));
            chosen = Arrays.copyOf(chosen, maxOn);
        }
        for (int j : chosen) frame[j] = 1;
    }
}
