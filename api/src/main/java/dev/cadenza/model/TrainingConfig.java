package dev.cadenza.model;

import java.util.Objects;

/**
 * How a model is trained: optimizer, learning-rate schedule, clipping, L2 weight decay, truncated BPTT length
 * (0 = back-propagate through the whole window), the seed of the training random stream (dropout), the k of the
 * top-k accuracy metric, and the micro-batch size (0 = the whole batch at once): a batch larger than it is run in
 * micro-batches of that many sequences whose gradients are summed before the one optimizer step, so a large batch
 * fits in less memory and gives the same step (to float rounding; BatchNorm's batch statistics become per
 * micro-batch).
 *
 * @param optimizer the update rule and its learning rate, not null
 * @param schedule how the learning rate changes with the step; null for constant
 * @param clipping how gradients are clipped before the update; null for none
 * @param weightDecay the L2 coefficient added to the gradient ({@code g += weightDecay * w}), {@code >= 0}
 * @param truncatedBptt steps per back-propagation chunk, 0 for the whole window
 * @param seed the seed of the training random stream (dropout masks)
 * @param topK the k of the top-k accuracy reported, at least 1
 * @param microBatchSize sequences per micro-batch, 0 for the whole batch at once
 */
public record TrainingConfig(Optimizer optimizer, LearningRateSchedule schedule, GradientClipping clipping,
                             double weightDecay, int truncatedBptt, long seed, int topK, int microBatchSize) {
    /**
     * Checks the ranges and defaults the schedule and clipping.
     *
     * @param optimizer not null
     * @param schedule null for constant
     * @param clipping null for none
     * @param weightDecay {@code >= 0}
     * @param truncatedBptt {@code >= 0}
     * @param seed any value
     * @param topK at least 1
     * @param microBatchSize {@code >= 0}
     * @throws IllegalArgumentException when a value is out of range
     */
    public TrainingConfig {
        Objects.requireNonNull(optimizer, "optimizer");
        schedule = schedule == null ? LearningRateSchedule.constant() : schedule;
        clipping = clipping == null ? GradientClipping.none() : clipping;
        if (weightDecay < 0) throw new IllegalArgumentException("weightDecay must be >= 0, was " + weightDecay);
        if (truncatedBptt < 0) throw new IllegalArgumentException("truncatedBptt must be >= 0, was " + truncatedBptt);
        if (topK <= 0) throw new IllegalArgumentException("topK must be > 0, was " + topK);
        if (microBatchSize < 0) throw new IllegalArgumentException("microBatchSize must be >= 0, was " + microBatchSize);
    }

    /**
     * The optimizer alone: constant rate, no clipping or weight decay, full back-propagation, seed 0, top-5 accuracy,
     * whole batches.
     *
     * @param optimizer the update rule, not null
     * @return the configuration
     */
    public static TrainingConfig of(Optimizer optimizer) {
        return new TrainingConfig(optimizer, null, null, 0, 0, 0, 5, 0);
    }

    /**
     * The same configuration with another learning-rate schedule.
     *
     * @param s the schedule; null for constant
     * @return a new configuration
     */
    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(optimizer, s, clipping, weightDecay, truncatedBptt, seed, topK, microBatchSize);
    }

    /**
     * The same configuration with another gradient clipping.
     *
     * @param c the clipping; null for none
     * @return a new configuration
     */
    public TrainingConfig withClipping(GradientClipping c) {
        return new TrainingConfig(optimizer, schedule, c, weightDecay, truncatedBptt, seed, topK, microBatchSize);
    }

    /**
     * The same configuration with another L2 weight decay.
     *
     * @param d the coefficient, {@code >= 0}; 0 for none
     * @return a new configuration
     * @throws IllegalArgumentException when {@code d} is negative
     */
    public TrainingConfig withWeightDecay(double d) {
        return new TrainingConfig(optimizer, schedule, clipping, d, truncatedBptt, seed, topK, microBatchSize);
    }

    /**
     * The same configuration with truncated back-propagation through time: the window is trained in chunks of
     * {@code steps}, each starting from the state the previous one ended in.
     *
     * @param steps steps per chunk, {@code >= 0}; 0 for the whole window
     * @return a new configuration
     * @throws IllegalArgumentException when {@code steps} is negative
     */
    public TrainingConfig withTruncatedBptt(int steps) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, steps, seed, topK, microBatchSize);
    }

    /**
     * The same configuration with another seed of the training random stream.
     *
     * @param s the seed
     * @return a new configuration
     */
    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, s, topK, microBatchSize);
    }

    /**
     * The same configuration with another k of the top-k accuracy.
     *
     * @param k at least 1
     * @return a new configuration
     * @throws IllegalArgumentException when {@code k} is not positive
     */
    public TrainingConfig withTopK(int k) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, seed, k, microBatchSize);
    }

    /**
     * Runs batches in micro-batches of {@code size} sequences, one optimizer step per batch (0: whole batches).
     *
     * @param size sequences per micro-batch, {@code >= 0}
     * @return a new configuration
     * @throws IllegalArgumentException when {@code size} is negative
     */
    public TrainingConfig withMicroBatches(int size) {
        return new TrainingConfig(optimizer, schedule, clipping, weightDecay, truncatedBptt, seed, topK, size);
    }
}
