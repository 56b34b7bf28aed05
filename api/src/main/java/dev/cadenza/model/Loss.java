package dev.cadenza.model;

/**
 * What a model's outputs mean and how they are scored: the loss that follows the final linear Dense layer.
 * Every loss is a mean over predictions (tokens, frames or steps; masked padding excluded), never a sum over time.
 */
public enum Loss {
    /**
     * One class out of the outputs: softmax cross-entropy in nats per predicted token, from logits. Targets are class
     * ids. Metrics: accuracy and top-k accuracy over the same tokens, perplexity.
     */
    SOFTMAX_CROSS_ENTROPY,
    /**
     * Independent labels, any number of them on at once (the notes of a piano-roll frame; one label is a binary
     * classifier): the sigmoid cross-entropy of every label, summed over the labels and averaged over the frames, in
     * nats per frame (the convention of the polyphonic music benchmark). Targets are 0/1 per label. Metrics: label
     * accuracy, frame accuracy (every label right), F1 at probability 0.5.
     */
    SIGMOID_CROSS_ENTROPY,
    /**
     * Real values (a forecast): the squared error of every value, averaged over the values of a prediction and over
     * the predictions, so that it equals the mean over all predicted values. Metrics: MSE (the loss) and MAE.
     */
    MEAN_SQUARED_ERROR;

    /**
     * Whether targets are class ids (otherwise they are one float per output).
     *
     * @return true for softmax cross-entropy
     */
    public boolean classTargets() {
        return this == SOFTMAX_CROSS_ENTROPY;
    }
}
