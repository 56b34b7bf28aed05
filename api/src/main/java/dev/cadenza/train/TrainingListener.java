package dev.cadenza.train;

import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;

/** Told of training progress; progress bars, logs, checkpoints and early stopping plug in here. */
public interface TrainingListener {
    /** After every optimizer step. {@code stepsPerEpoch} lets a listener show an ETA. */
    default void onStep(int epoch, StepResult result, int stepsPerEpoch) {}

    /** After each epoch, with the training metrics of the epoch and the validation metrics (null without validation). */
    default void onEpochEnd(int epoch, Evaluation training, Evaluation validation) {}

    /** Asked after each epoch; true ends training (early stopping). */
    default boolean stopRequested() {
        return false;
    }
}
