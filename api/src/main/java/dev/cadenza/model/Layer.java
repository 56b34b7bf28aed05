package dev.cadenza.model;

/**
 * One layer of a {@link ModelSpec}. Layers are values; a backend translates them to its own blocks and the
 * parameters to and from the canonical layout of {@link ModelSpec#parameters()}.
 */
public sealed interface Layer permits Layer.Recurrent, Layer.Bidirectional, Layer.Conv1D, Layer.BatchNorm,
        Layer.Dropout, Layer.Dense {

    /**
     * A short name for messages, e.g. "LSTM(256)".
     *
     * @return the layer's kind and main sizes, for messages and model summaries
     */
    String describe();

    /** A recurrent layer: SimpleRNN, GRU or LSTM. {@code returnSequences = false} keeps the last step only. */
    sealed interface Recurrent extends Layer permits SimpleRnn, Gru, Lstm {
        /**
         * The size of the hidden state, which is also the output width per step.
         *
         * @return the unit count, at least 1
         */
        int units();

        /**
         * Whether the layer outputs every step (for a following recurrent layer or a per-step head) or only the last.
         *
         * @return true for every step
         */
        boolean returnSequences();

        /**
         * Gates stacked in the canonical kernels: 1 (SimpleRNN), 3 (GRU r,z,n), 4 (LSTM i,f,g,o).
         *
         * @return the gate count
         */
        int gates();

        /**
         * The same layer with the other output choice; the weights' layout does not depend on it.
         *
         * @param returnSequences true to output every step, false for the last step only
         * @return a new layer of the same kind and units
         */
        Recurrent withReturnSequences(boolean returnSequences);
    }

    /**
     * h' = tanh(x Wx + h Wh + b).
     *
     * @param units the hidden state's size, at least 1
     * @param returnSequences true to output every step, false for the last step only
     */
    record SimpleRnn(int units, boolean returnSequences) implements Recurrent {
        /**
         * Checks the units.
         *
         * @param units the hidden state's size, at least 1
         * @param returnSequences true to output every step, false for the last step only
         * @throws IllegalArgumentException when {@code units} is not positive
         */
        public SimpleRnn {
            positive("SimpleRnn", "units", units);
        }

        public int gates() {
            return 1;
        }

        public Recurrent withReturnSequences(boolean r) {
            return new SimpleRnn(units, r);
        }

        public String describe() {
            return "SimpleRNN(" + units + (returnSequences ? "" : ", last step") + ")";
        }
    }

    /**
     * The cuDNN/PyTorch GRU with the reset gate applied after the recurrent product ("reset_after").
     *
     * @param units the hidden state's size, at least 1
     * @param returnSequences true to output every step, false for the last step only
     */
    record Gru(int units, boolean returnSequences) implements Recurrent {
        /**
         * Checks the units.
         *
         * @param units the hidden state's size, at least 1
         * @param returnSequences true to output every step, false for the last step only
         * @throws IllegalArgumentException when {@code units} is not positive
         */
        public Gru {
            positive("Gru", "units", units);
        }

        public int gates() {
            return 3;
        }

        public Recurrent withReturnSequences(boolean r) {
            return new Gru(units, r);
        }

        public String describe() {
            return "GRU(" + units + (returnSequences ? "" : ", last step") + ")";
        }
    }

    /**
     * LSTM without peepholes, gates i, f, g, o, tanh cell activation.
     *
     * @param units the hidden and cell state's size, at least 1
     * @param returnSequences true to output every step, false for the last step only
     */
    record Lstm(int units, boolean returnSequences) implements Recurrent {
        /**
         * Checks the units.
         *
         * @param units the hidden and cell state's size, at least 1
         * @param returnSequences true to output every step, false for the last step only
         * @throws IllegalArgumentException when {@code units} is not positive
         */
        public Lstm {
            positive("Lstm", "units", units);
        }

        public int gates() {
            return 4;
        }

        public Recurrent withReturnSequences(boolean r) {
            return new Lstm(units, r);
        }

        public String describe() {
            return "LSTM(" + units + (returnSequences ? "" : ", last step") + ")";
        }
    }

    /** How a bidirectional layer joins its two directions. */
    enum Merge {
        /** The two directions side by side, [forward | backward]: twice the units wide. */
        CONCAT,
        /** The two directions added element-wise: the units wide. */
        SUM
    }

    /**
     * The wrapped layer run forwards and, with separate weights, backwards in time; outputs joined by
     * {@code merge} as [forward | backward]. Not causal: a model with one cannot generate step by step.
     *
     * @param layer the recurrent layer run in each direction, not null
     * @param merge how the two directions are joined; null for {@link Merge#CONCAT}
     */
    record Bidirectional(Recurrent layer, Merge merge) implements Layer {
        /**
         * Checks the layer and defaults the merge.
         *
         * @param layer the recurrent layer run in each direction, not null
         * @param merge how the two directions are joined; null for {@link Merge#CONCAT}
         */
        public Bidirectional {
            java.util.Objects.requireNonNull(layer, "Bidirectional: layer");
            merge = merge == null ? Merge.CONCAT : merge;
        }

        /**
         * The layer's output width per step.
         *
         * @return twice the units for {@link Merge#CONCAT}, the units for {@link Merge#SUM}
         */
        public int outputWidth() {
            return merge == Merge.CONCAT ? 2 * layer.units() : layer.units();
        }

        public String describe() {
            return "Bidirectional(" + layer.describe() + ", " + merge + ")";
        }
    }

    /** Padding of a 1D convolution. CAUSAL pads {@code dilation * (kernelSize - 1)} zeros on the left. */
    enum Padding {
        /** Zeros on the left only, so step t sees no later step; as long as the input (stride 1). */
        CAUSAL,
        /** Zeros on both sides, the extra one on the right, as TensorFlow pads; as long as the input (stride 1). */
        SAME,
        /** No padding: outputs only where every tap reads the input, so the output is shorter by the span minus 1. */
        VALID
    }

    /**
     * 1D convolution over time; kernel [k, in, out], tap j reads x[t - (k-1-j) * dilation] when causal.
     *
     * @param filters output channels, at least 1
     * @param kernelSize taps per filter, at least 1
     * @param dilation steps between taps, at least 1
     * @param stride steps between outputs, at least 1 (a stride above 1 shortens the sequence)
     * @param padding null for {@link Padding#CAUSAL}
     * @param activation applied to each output; null for {@link Activation#LINEAR}
     */
    record Conv1D(int filters, int kernelSize, int dilation, int stride, Padding padding, Activation activation)
            implements Layer {
        /**
         * Checks the sizes and defaults the padding and activation.
         *
         * @param filters output channels, at least 1
         * @param kernelSize taps per filter, at least 1
         * @param dilation steps between taps, at least 1
         * @param stride steps between outputs, at least 1
         * @param padding null for {@link Padding#CAUSAL}
         * @param activation null for {@link Activation#LINEAR}
         * @throws IllegalArgumentException when a size is not positive
         */
        public Conv1D {
            positive("Conv1D", "filters", filters);
            positive("Conv1D", "kernelSize", kernelSize);
            positive("Conv1D", "dilation", dilation);
            positive("Conv1D", "stride", stride);
            padding = padding == null ? Padding.CAUSAL : padding;
            activation = activation == null ? Activation.LINEAR : activation;
        }

        /**
         * A causal dilated convolution with stride 1, as WaveNet-style stacks use.
         *
         * @param filters output channels, at least 1
         * @param kernelSize taps per filter, at least 1
         * @param dilation steps between taps, at least 1 (doubling per layer widens the receptive field exponentially)
         * @param activation applied to each output; null for linear
         * @return the layer
         */
        public static Conv1D causal(int filters, int kernelSize, int dilation, Activation activation) {
            return new Conv1D(filters, kernelSize, dilation, 1, Padding.CAUSAL, activation);
        }

        /**
         * Output length for an input of {@code steps}.
         *
         * @param steps the input's length in steps
         * @return the output's length in steps; 0 when a valid convolution's span is longer than the input
         */
        public int outputSteps(int steps) {
            int span = dilation * (kernelSize - 1) + 1;
            return switch (padding) {
                case CAUSAL, SAME -> (steps + stride - 1) / stride;
                case VALID -> steps < span ? 0 : (steps - span) / stride + 1;
            };
        }

        public String describe() {
            return "Conv1D(" + filters + ", k=" + kernelSize + ", d=" + dilation
                    + (stride == 1 ? "" : ", stride=" + stride) + ", " + padding + ", " + activation + ")";
        }
    }

    /**
     * Batch normalisation over the feature axis, statistics over batch and time. In training it normalises with the
     * batch statistics and updates running = momentum * running + (1 - momentum) * batch (unbiased batch variance);
     * in inference it uses the running statistics.
     *
     * @param momentum the weight of the old running statistics per training step, in {@code [0, 1)}
     * @param epsilon added to the variance before its square root, {@code > 0}
     */
    record BatchNorm(double momentum, double epsilon) implements Layer {
        /**
         * Checks the momentum and epsilon.
         *
         * @param momentum in {@code [0, 1)}
         * @param epsilon {@code > 0}
         * @throws IllegalArgumentException when either is out of range
         */
        public BatchNorm {
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1), was " + momentum);
            if (!(epsilon > 0)) throw new IllegalArgumentException("BatchNorm: epsilon must be > 0, was " + epsilon);
        }

        /**
         * Keras defaults: momentum 0.99, epsilon 1e-3.
         *
         * @return a new layer with the Keras defaults
         */
        public static BatchNorm defaults() {
            return new BatchNorm(0.99, 1e-3);
        }

        public String describe() {
            return "BatchNorm(momentum=" + momentum + ", eps=" + epsilon + ")";
        }
    }

    /**
     * Inverted dropout: drops with probability {@code rate} in training and scales by 1/(1-rate); identity in
     * inference.
     *
     * @param rate the probability of dropping each value in training, in {@code [0, 1)}
     */
    record Dropout(double rate) implements Layer {
        /**
         * Checks the rate.
         *
         * @param rate in {@code [0, 1)}
         * @throws IllegalArgumentException when the rate is out of range
         */
        public Dropout {
            if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: rate must be in [0, 1), was " + rate);
        }

        public String describe() {
            return "Dropout(" + rate + ")";
        }
    }

    /**
     * y = act(x W + b), applied at every step when the input has a time axis.
     *
     * @param units the output width, at least 1
     * @param activation applied to each output; null for {@link Activation#LINEAR}
     */
    record Dense(int units, Activation activation) implements Layer {
        /**
         * Checks the units and defaults the activation.
         *
         * @param units the output width, at least 1
         * @param activation null for {@link Activation#LINEAR}
         * @throws IllegalArgumentException when {@code units} is not positive
         */
        public Dense {
            positive("Dense", "units", units);
            activation = activation == null ? Activation.LINEAR : activation;
        }

        public String describe() {
            return "Dense(" + units + (activation == Activation.LINEAR ? "" : ", " + activation) + ")";
        }
    }

    private static void positive(String layer, String field, int value) {
        if (value <= 0) throw new IllegalArgumentException(layer + ": " + field + " must be > 0, was " + value);
    }

    /**
     * An LSTM that outputs every step.
     *
     * @param units the hidden and cell state's size
     * @return the layer
     */
    static Lstm lstm(int units) {
        return new Lstm(units, true);
    }

    /**
     * A GRU that outputs every step.
     *
     * @param units the hidden state's size
     * @return the layer
     */
    static Gru gru(int units) {
        return new Gru(units, true);
    }

    /**
     * A simple RNN that outputs every step.
     *
     * @param units the hidden state's size
     * @return the layer
     */
    static SimpleRnn simpleRnn(int units) {
        return new SimpleRnn(units, true);
    }

    /**
     * A linear Dense layer (logits, regression values).
     *
     * @param units the output width
     * @return the layer
     */
    static Dense dense(int units) {
        return new Dense(units, Activation.LINEAR);
    }

    /**
     * A Dense layer.
     *
     * @param units the output width
     * @param activation applied to each output
     * @return the layer
     */
    static Dense dense(int units, Activation activation) {
        return new Dense(units, activation);
    }

    /**
     * A dropout layer.
     *
     * @param rate the drop probability in training, in {@code [0, 1)}
     * @return the layer
     */
    static Dropout dropout(double rate) {
        return new Dropout(rate);
    }

    /**
     * A bidirectional layer with the directions concatenated.
     *
     * @param layer the recurrent layer run in each direction
     * @return the layer
     */
    static Bidirectional bidirectional(Recurrent layer) {
        return new Bidirectional(layer, Merge.CONCAT);
    }
}
