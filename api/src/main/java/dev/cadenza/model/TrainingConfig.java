package dev.cadenza.model;

import java.util.Objects;

/**
 * How a model is trained: optimizer, learning-rate schedule, clipping, L2 weight decay, truncated BPTT length
 * (0 = back-propagate through the whole window), the seed of the training random stream (dropout), and the k of the
 * top-k accuracy metric.
 */
public record TrainingConfig(Optimizer optimizer, LearningRateSchedule schedule, GradientClipping clipping,
                             double weightDecay, int truncatedBptt, long seed, int topK) {
    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        schedule = schedule == null ? LearningRateSchedule.constant() : schedule;
        clipping = clipping == null ? GradientClipping.none() : clipping;
        if (weightDecay < 0) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
        if (truncatedBptt < 0) throw new IllegalArgumentException("truncatedBptt must be >= 0, was " + truncatedBptt);
        if (topK <= 0) throw new IllegalArgumentException("topK must be > 0, was " + topK);
    }

    public static TrainingConfig of(Optimizer optimizer) {
        return new TrainingConfig(optimizer, null, null, 0, 0, 0, 5);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(optimizer, s, clipping, weightDecay, truncatedBptt, seed, topK);
    }

    public TrainingConfig withClipping(GradientClipping c) {
        return new TrainingConfig(optimizer, schedule, c, weightDecay, truncatedBptt, seed, topK);
    }

    public TrainingConfig withWeightDecay(double d) {
        return new TrainingConfig(optimizer, schedule, clipping, d, truncatedBptt, seed, topK);
    }

    public TrainingConfig withTruncatedBptt(int steps) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, steps, seed, topK);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, s, topK);
    }

    public TrainingConfig withTopK(int k) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, seed, k);
    }
}
