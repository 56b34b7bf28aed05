package dev.cadenza.model;

/**
 * Training stopped because the loss went beyond all sense: not finite, or far above what a uniform guess scores.
 * Thrown before the step's update, so the weights are those of the last good step. The message names the step, the
 * loss, the bound and the remedy.
 */
public final class TrainingDivergedException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The 1-based optimizer step whose loss diverged (part of the serialized form). */
    private final long step;
    /** That step's loss, possibly NaN or infinite (part of the serialized form). */
    private final double loss;

    /**
     * Made by the training session when a step's loss is out of bounds.
     *
     * @param step the 1-based optimizer step whose loss diverged
     * @param loss that step's loss (possibly NaN or infinite)
     * @param message the explanation, with the bound and the remedy
     */
    public TrainingDivergedException(long step, double loss, String message) {
        super(message);
        this.step = step;
        this.loss = loss;
    }

    /**
     * The 1-based optimizer step whose loss diverged (its update was not applied).
     *
     * @return the step, at least 1
     */
    public long step() {
        return step;
    }

    /**
     * The loss of that step.
     *
     * @return the mean loss per prediction, possibly NaN or infinite
     */
    public double loss() {
        return loss;
    }
}
