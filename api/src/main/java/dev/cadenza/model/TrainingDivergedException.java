package dev.cadenza.model;

/**
 * Training stopped because the loss went beyond all sense: not finite, or far above what a uniform guess scores.
 * Thrown before the step's update, so the weights are those of the last good step. The message names the step, the
 * loss, the bound and the remedy.
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    private final long step;
    private final double loss;

    public TrainingDivergedException(long step, double loss, String message) {
        super(message);
        this.step = step;
        this.loss = loss;
    }

    /** The 1-based optimizer step whose loss diverged (its update was not applied). */
    public long step() {
        return step;
    }

    /** The loss of that step. */
    public double loss() {
        return loss;
    }
}
