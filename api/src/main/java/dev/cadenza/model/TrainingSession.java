package dev.cadenza.model;

/**
 * A model being trained with one {@link TrainingConfig}: it owns the optimizer state. Training loops (epochs,
 * validation, checkpoints) live above it in {@code dev.cadenza.train}, the same for every backend.
 */
public interface TrainingSession {
    TrainingConfig config();

    /** Forward, backward, clip, update: one optimizer step on the batch. The batch must carry targets. */
    StepResult step(Batch batch);

    /** The optimizer's state now, for a checkpoint. */
    OptimizerState state();

    /** Continues from a saved state (same parameters, same slot names). */
    void restore(OptimizerState state);
}
