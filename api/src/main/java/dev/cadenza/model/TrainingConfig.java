package dev.cadenza.model;

import java.util.Objects;

/**
 * How a model is trained: optimizer, learning-rate schedule, clipping, L2 weight decay, truncated BPTT length
 * (0 = back-propagate through the whole window), the seed of the training random stream (dropout), the k of the
 * top-k accuracy metric, and the micro-batch size (0 = the whole batch at once): a batch larger than it is run in
 * micro-batches of that many sequences whose gradients are summed before the one optimizer step, so a large batch
 * fits in less memory and gives the same step (to float rounding; BatchNorm's batch statistics become per
 * micro-batch).
 */
public record TrainingConfig(Optimizer optimizer, LearningRateSchedule schedule, GradientClipping clipping,
                             double weightDecay, int truncatedBptt, long seed, int topK, int microBatchSize) {
    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        schedule = schedule == null ? LearningRateSchedule.constant() : schedule;
        clipping = clipping == null ? GradientClipping.none() : clipping;
        if (weightDecay < 0) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
        if (truncatedBptt < 0) throw new IllegalArgumentException("truncatedBptt must be >= 0, was " + truncatedBptt);
        if (topK <= 0) throw new IllegalArgumentException("topK must be > 0, was " + topK);
        if (microBatchSize < 0) throw new IllegalArgumentException("microBatchSize must be >= 0, was " + microBatchSize);
    }

    public static TrainingConfig of(Optimizer optimizer) {
        return new TrainingConfig(optimizer, null, null, 0, 0, 0, 5, 0);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(optimizer, s, clipping, weightDecay, truncatedBptt, seed, topK, microBatchSize);
    }

    public TrainingConfig withClipping(GradientClipping c) {
        return new TrainingConfig(optimizer, schedule, c, weightDecay, truncatedBptt, seed, topK, microBatchSize);
    }

    public TrainingConfig withWeightDecay(double d) {
        return new TrainingConfig(optimizer, schedule, clipping, d, truncatedBptt, seed, topK, microBatchSize);
    }

    public TrainingConfig withTruncatedBptt(int steps) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, steps, seed, topK, microBatchSize);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, s, topK, microBatchSize);
    }

    public TrainingConfig withTopK(int k) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, seed, k, microBatchSize);
    }

    /** Runs batches in micro-batches of {@code size} sequences, one optimizer step per batch (0: whole batches). */
    public TrainingConfig withMicroBatches(int size) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, seed, topK, size);
    }
}
