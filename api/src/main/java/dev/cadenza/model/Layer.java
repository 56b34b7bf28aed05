package dev.cadenza.model;

/**
 * One layer of a {@link ModelSpec}. Layers are values; a backend translates them to its own blocks and the
 * parameters to and from the canonical layout of {@link ModelSpec#parameters()}.
 */
public sealed interface Layer permits Layer.Recurrent, Layer.Bidirectional, Layer.Conv1D, Layer.BatchNorm,
        Layer.Dropout, Layer.Dense {

    /** A short name for messages, e.g. "LSTM(256)". */
    String describe();

    /** A recurrent layer: SimpleRNN, GRU or LSTM. {@code returnSequences = false} keeps the last step only. */
    sealed interface Recurrent extends Layer permits SimpleRnn, Gru, Lstm {
        int units();

        boolean returnSequences();

        /** Gates stacked in the canonical kernels: 1 (SimpleRNN), 3 (GRU r,z,n), 4 (LSTM i,f,g,o). */
        int gates();

        Recurrent withReturnSequences(boolean returnSequences);
    }

    /** h' = tanh(x Wx + h Wh + b). */
    record SimpleRnn(int units, boolean returnSequences) implements Recurrent {
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

    /** The cuDNN/PyTorch GRU with the reset gate applied after the recurrent product ("reset_after"). */
    record Gru(int units, boolean returnSequences) implements Recurrent {
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

    /** LSTM without peepholes, gates i, f, g, o, tanh cell activation. */
    record Lstm(int units, boolean returnSequences) implements Recurrent {
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
    enum Merge { CONCAT, SUM }

    /**
     * The wrapped layer run forwards and, with separate weights, backwards in time; outputs joined by
     * {@code merge} as [forward | backward]. Not causal: a model with one cannot generate step by step.
     */
    record Bidirectional(Recurrent layer, Merge merge) implements Layer {
        public Bidirectional {
            java.util.Objects.requireNonNull(layer, "Bidirectional: layer");
            merge = merge == null ? Merge.CONCAT : merge;
        }

        public int outputWidth() {
            return merge == Merge.CONCAT ? 2 * layer.units() : layer.units();
        }

        public String describe() {
            return "Bidirectional(" + layer.describe() + ", " + merge + ")";
        }
    }

    /** Padding of a 1D convolution. CAUSAL pads {@code dilation * (kernelSize - 1)} zeros on the left. */
    enum Padding { CAUSAL, SAME, VALID }

    /** 1D convolution over time; kernel [k, in, out], tap j reads x[t - (k-1-j) * dilation] when causal. */
    record Conv1D(int filters, int kernelSize, int dilation, int stride, Padding padding, Activation activation)
            implements Layer {
        public Conv1D {
            positive("Conv1D", "filters", filters);
            positive("Conv1D", "kernelSize", kernelSize);
            positive("Conv1D", "dilation", dilation);
            positive("Conv1D", "stride", stride);
            padding = padding == null ? Padding.CAUSAL : padding;
            activation = activation == null ? Activation.LINEAR : activation;
        }

        /** A causal dilated convolution with stride 1, as WaveNet-style stacks use. */
        public static Conv1D causal(int filters, int kernelSize, int dilation, Activation activation) {
            return new Conv1D(filters, kernelSize, dilation, 1, Padding.CAUSAL, activation);
        }

        /** Output length for an input of {@code steps}. */
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
     */
    record BatchNorm(double momentum, double epsilon) implements Layer {
        public BatchNorm {
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1), was " + momentum);
            if (!(epsilon > 0)) throw new IllegalArgumentException("BatchNorm: epsilon must be > 0, was " + epsilon);
        }

        /** Keras defaults: momentum 0.99, epsilon 1e-3. */
        public static BatchNorm defaults() {
            return new BatchNorm(0.99, 1e-3);
        }

        public String describe() {
            return "BatchNorm(momentum=" + momentum + ", eps=" + epsilon + ")";
        }
    }

    /** Inverted dropout: drops with probability {@code rate} in training and scales by 1/(1-rate); identity in inference. */
    record Dropout(double rate) implements Layer {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: rate must be in [0, 1), was " + rate);
        }

        public String describe() {
            return "Dropout(" + rate + ")";
        }
    }

    /** y = act(x W + b), applied at every step when the input has a time axis. */
    record Dense(int units, Activation activation) implements Layer {
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

    static Lstm lstm(int units) {
        return new Lstm(units, true);
    }

    static Gru gru(int units) {
        return new Gru(units, true);
    }

    static SimpleRnn simpleRnn(int units) {
        return new SimpleRnn(units, true);
    }

    static Dense dense(int units) {
        return new Dense(units, Activation.LINEAR);
    }

    static Dense dense(int units, Activation activation) {
        return new Dense(units, activation);
    }

    static Dropout dropout(double rate) {
        return new Dropout(rate);
    }

    static Bidirectional bidirectional(Recurrent layer) {
        return new Bidirectional(layer, Merge.CONCAT);
    }
}
