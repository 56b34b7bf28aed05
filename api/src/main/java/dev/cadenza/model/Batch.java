package dev.cadenza.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of {@code size} sequences of {@code steps} steps, every array row-major ({@code [b * steps + t]}, with the
 * width last).
 * <p>
 * Inputs are token ids ({@code tokens [size * steps]}, for embedding, one-hot and conditioned inputs), with an
 * optional float vector per step beside them ({@code conditioning [size * steps * conditioningWidth]}), or float
 * features ({@code features [size * steps * featureWidth]}, for feature and multi-hot inputs).
 * <p>
 * Targets come per step ({@code size * steps} rows, per-step head) or per sequence ({@code size} rows, last-step head):
 * class ids ({@code targets}, softmax) or one float per output ({@code targetValues [rows * targetWidth]}: 0/1 labels for
 * sigmoid cross-entropy, values for regression). The optional mask ({@code [size * steps]}, 1 = counts, 0 = padding)
 * weighs per-step targets. A batch without targets can be run forward but not trained or evaluated.
 *
 * The record holds the arrays it is given, without copying: callers must not change them while the batch is in use.
 * @param size sequences in the batch, at least 1
 * @param steps time steps per sequence, at least 1
 * @param tokens input token ids {@code [size * steps]}, or null for a feature batch
 * @param features input floats {@code [size * steps * featureWidth]}, or null for a token batch
 * @param featureWidth floats per step of {@code features}; 0 without features
 * @param conditioning floats beside each token {@code [size * steps * conditioningWidth]}, or null
 * @param conditioningWidth floats per step of {@code conditioning}; 0 without conditioning
 * @param targets class ids per step {@code [size * steps]} or per sequence {@code [size]}, or null
 * @param targetValues 0/1 labels or regression values, {@code targetWidth} per target row, or null
 * @param targetWidth floats per target row of {@code targetValues}; 0 without them
 * @param mask weight of each step's target {@code [size * steps]}, 1 = counts, 0 = padding, or null for all 1
 */
public record Batch(int size, int steps, int[] tokens, float[] features, int featureWidth, float[] conditioning,
                    int conditioningWidth, int[] targets, float[] targetValues, int targetWidth, float[] mask) {
    /**
     * Checks that the arrays are consistent with each other and with {@code size} and {@code steps}.
     *
     * @param size sequences in the batch, at least 1
     * @param steps time steps per sequence, at least 1
     * @param tokens input token ids, or null for a feature batch
     * @param features input floats, or null for a token batch
     * @param featureWidth floats per step of {@code features}
     * @param conditioning floats beside each token, or null
     * @param conditioningWidth floats per step of {@code conditioning}
     * @param targets class ids per step or per sequence, or null
     * @param targetValues labels or values per target row, or null
     * @param targetWidth floats per target row of {@code targetValues}
     * @param mask weight of each step's target, or null
     * @throws IllegalArgumentException when an array has the wrong length, both or neither of tokens and features are
     * given, conditioning goes with features, or both kinds of targets are given
     */
    public Batch {
        if (size <= 0 || steps <= 0) throw new IllegalArgumentException("batch: size and steps must be > 0, were " + size + ", " + steps);
        if ((tokens == null) == (features == null)) throw new IllegalArgumentException("batch: give either tokens or features");
        long cells = (long) size * steps;
        if (tokens != null && tokens.length != cells)
            throw new IllegalArgumentException("batch: tokens must hold size*steps = " + cells + " ids, got " + tokens.length);
        if (features != null && (featureWidth <= 0 || features.length != cells * featureWidth))
            throw new IllegalArgumentException("batch: features must hold size*steps*width = " + cells * Math.max(featureWidth, 0)
                    + " floats (width " + featureWidth + "), got " + features.length);
        if (conditioning != null) {
            if (tokens == null) throw new IllegalArgumentException("batch: conditioning goes beside token ids, and this batch has features");
            if (conditioningWidth <= 0 || conditioning.length != cells * conditioningWidth)
                throw new IllegalArgumentException("batch: conditioning must hold size*steps*width = " + cells * Math.max(conditioningWidth, 0)
                        + " floats (width " + conditioningWidth + "), got " + conditioning.length);
        }
        if (targets != null && targetValues != null) throw new IllegalArgumentException("batch: give class targets or target values, not both");
        if (targets != null && targets.length != cells && targets.length != size)
            throw new IllegalArgumentException("batch: targets must hold size*steps (per step) or size (last step) ids, got " + targets.length);
        if (targetValues != null && (targetWidth <= 0
                || (targetValues.length != cells * targetWidth && targetValues.length != (long) size * targetWidth)))
            throw new IllegalArgumentException("batch: target values must hold size*steps*width (per step) or size*width (last step) floats"
                    + " with width " + targetWidth + ", got " + targetValues.length);
        if (mask != null && mask.length != cells)
            throw new IllegalArgumentException("batch: mask must hold size*steps values, got " + mask.length);
    }

    /**
     * Token inputs with per-step or per-sequence class targets (null for none).
     *
     * @param size sequences, at least 1
     * @param steps steps per sequence, at least 1
     * @param tokens input token ids {@code [size * steps]}, not null
     * @param targets class ids {@code [size * steps]} or {@code [size]}, or null
     * @return a new batch holding the arrays
     * @throws IllegalArgumentException when a length does not fit {@code size} and {@code steps}
     */
    public static Batch ofTokens(int size, int steps, int[] tokens, int[] targets) {
        return new Batch(size, steps, Objects.requireNonNull(tokens, "tokens"), null, 0, null, 0, targets, null, 0, null);
    }

    /**
     * Float-feature inputs with class targets (null for none).
     *
     * @param size sequences, at least 1
     * @param steps steps per sequence, at least 1
     * @param features input floats {@code [size * steps * width]}, not null
     * @param width floats per step, at least 1
     * @param targets class ids {@code [size * steps]} or {@code [size]}, or null
     * @return a new batch holding the arrays
     * @throws IllegalArgumentException when a length does not fit {@code size}, {@code steps} and {@code width}
     */
    public static Batch ofFeatures(int size, int steps, float[] features, int width, int[] targets) {
        return new Batch(size, steps, null, Objects.requireNonNull(features, "features"), width, null, 0, targets, null, 0, null);
    }

    /**
     * Language-model batch from windows of {@code steps + 1} tokens: x = w[0, steps), y = w[1, steps + 1).
     *
     * @param windows one row per sequence, all of the same length (at least 2), e.g. slices of a tokenized corpus
     * @return a batch of {@code windows.length} sequences with each step's target the next token
     * @throws IllegalArgumentException when the windows differ in length
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

    /**
     * The rows of several batches of the same kind (steps, inputs, widths, targets and mask present or not) stacked
     * into one, in order: how datasets of single examples make batches.
     *
     * @param parts the batches to stack, at least one; a single part is returned as is
     * @return a batch of the parts' summed sizes (new arrays)
     * @throws IllegalArgumentException when {@code parts} is empty or a part differs in kind from the first
     */
    public static Batch concat(java.util.List<Batch> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("batch: nothing to concatenate");
        Batch first = parts.get(0);
        if (parts.size() == 1) return first;
        int size = 0;
        for (Batch b : parts) {
            if (b.steps != first.steps || (b.tokens == null) != (first.tokens == null) || b.featureWidth != first.featureWidth
                    || b.conditioningWidth != first.conditioningWidth || (b.conditioning == null) != (first.conditioning == null)
                    || (b.targets == null) != (first.targets == null) || (b.targetValues == null) != (first.targetValues == null)
                    || b.targetWidth != first.targetWidth || (b.mask == null) != (first.mask == null)
                    || b.targetRows() / b.size != first.targetRows() / first.size)
                throw new IllegalArgumentException("batch: part " + parts.indexOf(b) + " differs in kind from the first (steps, inputs, widths, "
                        + "targets or mask)");
            size += b.size;
        }
        int total = size;
        return new Batch(total, first.steps, join(parts, Batch::tokens), joinF(parts, Batch::features), first.featureWidth,
                joinF(parts, Batch::conditioning), first.conditioningWidth, join(parts, Batch::targets), joinF(parts, Batch::targetValues),
                first.targetWidth, joinF(parts, Batch::mask));
    }

    private static int[] join(java.util.List<Batch> parts, java.util.function.Function<Batch, int[]> field) {
        if (field.apply(parts.get(0)) == null) return null;
        int n = 0;
        for (Batch b : parts) n += field.apply(b).length;
        int[] out = new int[n];
        int at = 0;
        for (Batch b : parts) {
            int[] a = field.apply(b);
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    private static float[] joinF(java.util.List<Batch> parts, java.util.function.Function<Batch, float[]> field) {
        if (field.apply(parts.get(0)) == null) return null;
        int n = 0;
        for (Batch b : parts) n += field.apply(b).length;
        float[] out = new float[n];
        int at = 0;
        for (Batch b : parts) {
            float[] a = field.apply(b);
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }

    /**
     * A builder for the inputs and targets of every kind.
     *
     * @param size sequences, at least 1
     * @param steps steps per sequence, at least 1
     * @return a builder with no arrays set
     */
    public static Builder builder(int size, int steps) {
        return new Builder(size, steps);
    }

    /** Collects a batch's arrays; {@link #build()} validates them together. */
    public static final class Builder {
        private final int size, steps;
        private int[] tokens, targets;
        private float[] features, conditioning, targetValues, mask;
        private int featureWidth, conditioningWidth, targetWidth;

        private Builder(int size, int steps) {
            this.size = size;
            this.steps = steps;
        }

        /**
         * Token ids {@code [size * steps]}.
         *
         * @param ids the ids, held without copying
         * @return this builder
         */
        public Builder tokens(int[] ids) {
            this.tokens = ids;
            return this;
        }

        /**
         * Float features or multi-hot frames {@code [size * steps * width]}.
         *
         * @param values the floats, held without copying
         * @param width floats per step
         * @return this builder
         */
        public Builder features(float[] values, int width) {
            this.features = values;
            this.featureWidth = width;
            return this;
        }

        /**
         * The conditioning vector of every step, beside the tokens {@code [size * steps * width]}.
         *
         * @param values the floats, held without copying
         * @param width floats per step
         * @return this builder
         */
        public Builder conditioning(float[] values, int width) {
            this.conditioning = values;
            this.conditioningWidth = width;
            return this;
        }

        /**
         * Class ids per step or per sequence.
         *
         * @param ids {@code [size * steps]} for a per-step head or {@code [size]} for a last-step head
         * @return this builder
         */
        public Builder targets(int[] ids) {
            this.targets = ids;
            return this;
        }

        /**
         * 0/1 labels or regression values, {@code width} per step or per sequence.
         *
         * @param values the floats, held without copying
         * @param width floats per target row (the model's outputs)
         * @return this builder
         */
        public Builder targetValues(float[] values, int width) {
            this.targetValues = values;
            this.targetWidth = width;
            return this;
        }

        /**
         * Weights of the per-step targets, 1 = counts, 0 = padding.
         *
         * @param weights {@code [size * steps]}, held without copying
         * @return this builder
         */
        public Builder mask(float[] weights) {
            this.mask = weights;
            return this;
        }

        /**
         * Validates the arrays together (see the record's constructor).
         *
         * @return the batch
         * @throws IllegalArgumentException when the arrays are inconsistent
         */
        public Batch build() {
            return new Batch(size, steps, tokens, features, featureWidth, conditioning, conditioningWidth, targets, targetValues,
                    targetWidth, mask);
        }
    }

    /**
     * The same batch with another mask.
     *
     * @param newMask {@code [size * steps]} weights, or null for all steps counting
     * @return a new batch sharing the other arrays
     */
    public Batch withMask(float[] newMask) {
        return new Batch(size, steps, tokens, features, featureWidth, conditioning, conditioningWidth, targets, targetValues,
                targetWidth, newMask);
    }

    /**
     * The same inputs without targets or mask (what a forward pass reads).
     *
     * @return a new batch sharing the input arrays
     */
    public Batch inputsOnly() {
        return new Batch(size, steps, tokens, features, featureWidth, conditioning, conditioningWidth, null, null, 0, null);
    }

    /**
     * Whether the batch carries targets of either kind.
     *
     * @return true when class targets or target values are present
     */
    public boolean hasTargets() {
        return targets != null || targetValues != null;
    }

    /**
     * Rows of targets: {@code size * steps} (per step), {@code size} (last step), or 0 without targets.
     *
     * @return the number of target rows
     */
    public int targetRows() {
        if (targets != null) return targets.length;
        if (targetValues != null) return targetValues.length / targetWidth;
        return 0;
    }

    /**
     * Number of predictions the loss averages over: the batch size for a last-step head; for a per-step head the mask
     * sum, or size * steps without a mask. The head decides, because a one-step batch cannot tell them apart.
     *
     * @param head the head of the model the batch is for
     * @return the prediction count (a weight sum with a mask); 0 without targets
     */
    public double predictions(ModelSpec.Head head) {
        if (!hasTargets()) return 0;
        if (head == ModelSpec.Head.LAST_STEP) return size;
        if (mask == null) return (double) size * steps;
        double n = 0;
        for (float m : mask) n += m;
        return n;
    }

    /**
     * Steps [from, to) of every sequence with their inputs, mask and per-step targets; targets of a last-step head
     * (one row per sequence) are kept whole, since they belong to the end of the sequence.
     *
     * @param from the first step kept, {@code >= 0}
     * @param to the step after the last kept, {@code <= steps} and {@code > from}
     * @return a batch of {@code to - from} steps (this one when the range is whole)
     * @throws IllegalArgumentException when the range is empty or outside {@code [0, steps)}
     */
    public Batch steps(int from, int to) {
        if (from < 0 || to > steps || from >= to)
            throw new IllegalArgumentException("batch: steps [" + from + ", " + to + ") are not within [0, " + steps + ")");
        if (from == 0 && to == steps) return this;
        int n = to - from;
        boolean perStep = targetRows() == size * steps; // steps > 1 here, so per-step and last-step rows differ
        return new Batch(size, n, cut(tokens, n, from, 1), cut(features, n, from, featureWidth), featureWidth,
                cut(conditioning, n, from, conditioningWidth), conditioningWidth,
                perStep ? cut(targets, n, from, 1) : targets, perStep ? cut(targetValues, n, from, targetWidth) : targetValues,
                targetWidth, cut(mask, n, from, 1));
    }

    /**
     * The inputs of step {@code t} alone, as a one-step batch without targets (what a generation step reads).
     *
     * @param t the step, in {@code [0, steps)}
     * @return a batch of one step
     * @throws IllegalArgumentException when {@code t} is outside the batch
     */
    public Batch step(int t) {
        return steps(t, t + 1).inputsOnly();
    }

    /**
     * Sequences [from, to) with their inputs, targets and mask (micro-batches for gradient accumulation).
     *
     * @param from the first sequence kept, {@code >= 0}
     * @param to the sequence after the last kept, {@code <= size} and {@code > from}
     * @return a batch of {@code to - from} sequences (this one when the range is whole)
     * @throws IllegalArgumentException when the range is empty or outside {@code [0, size)}
     */
    public Batch rows(int from, int to) {
        if (from < 0 || to > size || from >= to)
            throw new IllegalArgumentException("batch: rows [" + from + ", " + to + ") are not within [0, " + size + ")");
        if (from == 0 && to == size) return this;
        int per = steps;
        int targetPer = targetRows() == size * steps ? steps : 1; // with one step both readings give 1
        return new Batch(to - from, steps, range(tokens, from, to, per), range(features, from, to, per * featureWidth), featureWidth,
                range(conditioning, from, to, per * conditioningWidth), conditioningWidth, range(targets, from, to, targetPer),
                range(targetValues, from, to, targetPer * targetWidth), targetWidth, range(mask, from, to, per));
    }

    private int[] cut(int[] a, int n, int from, int width) {
        if (a == null) return null;
        int[] out = new int[size * n * width];
        for (int b = 0; b < size; b++) System.arraycopy(a, (b * steps + from) * width, out, b * n * width, n * width);
        return out;
    }

    private float[] cut(float[] a, int n, int from, int width) {
        if (a == null) return null;
        float[] out = new float[size * n * width];
        for (int b = 0; b < size; b++) System.arraycopy(a, (b * steps + from) * width, out, b * n * width, n * width);
        return out;
    }

    private static int[] range(int[] a, int from, int to, int per) {
        return a == null ? null : Arrays.copyOfRange(a, from * per, to * per);
    }

    private static float[] range(float[] a, int from, int to, int per) {
        return a == null ? null : Arrays.copyOfRange(a, from * per, to * per);
    }
}
