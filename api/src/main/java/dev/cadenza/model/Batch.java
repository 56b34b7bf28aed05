package dev.cadenza.model;

import java.util.Objects;

/**
 * A batch of {@code size} sequences of {@code steps} steps, row-major ([b * steps + t]).
 * Inputs are token ids (Embedding / OneHot input) or float features ({@code [b, t, featureWidth]}).
 * Targets are class ids per step ({@code [size * steps]}, per-step head) or per sequence ({@code [size]},
 * last-step head); the optional mask ({@code [size * steps]}, 1 = counts, 0 = padding) applies to per-step targets.
 */
public record Batch(int size, int steps, int[] tokens, float[] features, int featureWidth, int[] targets, float[] mask) {
    public Batch {
        if (size <= 0 || steps <= 0) throw new IllegalArgumentException("batch: size and steps must be > 0, were " + size + ", " + steps);
        if ((tokens == null) == (features == null)) throw new IllegalArgumentException("batch: give either tokens or features");
        if (tokens != null && tokens.length != size * steps)
            throw new IllegalArgumentException("batch: tokens must hold size*steps = " + size * steps + " ids, got " + tokens.length);
        if (features != null && (featureWidth <= 0 || features.length != size * steps * featureWidth))
            throw new IllegalArgumentException("batch: features must hold size*steps*width = " + (long) size * steps * featureWidth
                    + " floats, got " + features.length);
        if (targets != null && targets.length != size * steps && targets.length != size)
            throw new IllegalArgumentException("batch: targets must hold size*steps (per step) or size (last step) ids, got " + targets.length);
        if (mask != null && mask.length != size * steps)
            throw new IllegalArgumentException("batch: mask must hold size*steps values, got " + mask.length);
    }

    /** Token inputs with per-step or per-sequence targets. */
    public static Batch ofTokens(int size, int steps, int[] tokens, int[] targets) {
        return new Batch(size, steps, Objects.requireNonNull(tokens, "tokens"), null, 0, targets, null);
    }

    /** Float-feature inputs. */
    public static Batch ofFeatures(int size, int steps, float[] features, int width, int[] targets) {
        return new Batch(size, steps, null, Objects.requireNonNull(features, "features"), width, targets, null);
    }

    /**
     * Language-model batch from windows of {@code steps + 1} tokens: x = w[0, steps), y = w[1, steps + 1).
     */
    public static Batch ofWindows(int[][] windows) {
        int b = windows.length;
        int steps = windows[0].length - 1;
        int[] x = new int[b * steps];
        int[] y = new int[b * steps];
        for (int i = 0; i < b; i++) {
            if (windows[i].length != steps + 1)
                throw new IllegalArgumentException("batch: window " + i + " has " + windows[i].length + " tokens, expected " + (steps + 1));
            System.arraycopy(windows[i], 0, x, i * steps, steps);
            System.arraycopy(windows[i], 1, y, i * steps, steps);
        }
        return ofTokens(b, steps, x, y);
    }

    public Batch withMask(float[] newMask) {
        return new Batch(size, steps, tokens, features, featureWidth, targets, newMask);
    }

    /**
     * Number of predictions the loss averages over: the batch size for a last-step head; for a per-step head the mask
     * sum, or size * steps without a mask. The head decides, because a one-step batch cannot tell them apart.
     */
    public double predictedTokens(ModelSpec.Head head) {
        if (targets == null) return 0;
        if (head == ModelSpec.Head.LAST_STEP) return size;
        if (mask == null) return (double) size * steps;
        double n = 0;
        for (float m : mask) n += m;
        return n;
    }
}
