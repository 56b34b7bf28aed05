package dev.cadenza.generate;

/** Told of every generated token as soon as it is chosen (for streaming output). */
@FunctionalInterface
public interface TokenListener {
    void onToken(int row, int step, int token);
}
