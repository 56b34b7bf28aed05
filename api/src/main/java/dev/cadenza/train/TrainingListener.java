package dev.cadenza.train;

import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;

/** Told of training progress; progress bars, logs, checkpoints and early stopping plug in here. */
public interface TrainingListener {
    /**
     * After every optimizer step. {@code stepsPerEpoch} lets a listener show an ETA.
     *
     * @param epoch the epoch in progress, 1-based
     * @param result the step's number, loss, gradient norm and learning rate
     * @param stepsPerEpoch batches in the epoch
     */
    default void onStep(int epoch, StepResult result, int stepsPerEpoch) {}

    /**
     * After each epoch, with the mean training loss of its steps (weighted by their predictions) and the validation
     * metrics (null without validation data).
     *
     * @param epoch the epoch just ended, 1-based
     * @param trainingLoss the mean loss per prediction over its steps
     * @param validation the validation metrics, or null
     */
    default void onEpochEnd(int epoch, double trainingLoss, Evaluation validation) {}

    /**
     * Asked after each epoch; true ends training (early stopping).
     *
     * @return true to stop after this epoch
     */
    default boolean stopRequested() {
        return false;
    }
}
