package dev.cadenza.generate;

/** Told of every generated token as soon as it is chosen (for streaming output). */
@FunctionalInterface
public interface TokenListener {
    /**
     * A token was chosen.
     *
     * @param row the row (piece) in the batch of samples
     * @param step the token's index among the generated ones, 0-based
     * @param token the vocabulary id
     */
    void onToken(int row, int step, int token);
}
