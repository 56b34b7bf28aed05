package dev.cadenza.train;

import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;

/** Told of training progress; progress bars, logs, checkpoints and early stopping plug in here. */
public interface TrainingListener {
    /** After every optimizer step. {@code stepsPerEpoch} lets a listener show an ETA. */
    default void onStep(int epoch, StepResult result, int stepsPerEpoch) {}

    /**
     * After each epoch, with the mean training loss of its steps (weighted by their predictions) and the validation
     * metrics (null without validation data).
     */
    default void onEpochEnd(int epoch, double trainingLoss, Evaluation validation) {}

    /** Asked after each epoch; true ends training (early stopping). */
    default boolean stopRequested() {
        return false;
    }
}
