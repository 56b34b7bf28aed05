package dev.cadenza.train;

import dev.cadenza.model.Evaluation;

/** Stops training when the validation loss has not improved by {@code minDelta} for {@code patience} epochs. */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private final double minDelta;
    private double best = Double.POSITIVE_INFINITY;
    private int stale;

    /**
     * A listener that asks to stop after {@code patience} epochs without an improvement.
     *
     * @param patience epochs without improvement tolerated, at least 1
     * @param minDelta how much lower the validation loss must be to count as an improvement, in nats (or squared units)
     * @throws IllegalArgumentException when {@code patience} is not positive
     */
    public EarlyStopping(int patience, double minDelta) {
        if (patience <= 0) throw new IllegalArgumentException("patience must be > 0, was " + patience);
        this.patience = patience;
        this.minDelta = minDelta;
    }

    @Override
    public void onEpochEnd(int epoch, double trainingLoss, Evaluation validation) {
        if (validation == null) return;
        if (validation.loss() < best - minDelta) {
            best = validation.loss();
            stale = 0;
        } else {
            stale++;
        }
    }

    @Override
    public boolean stopRequested() {
        return stale >= patience;
    }
}
