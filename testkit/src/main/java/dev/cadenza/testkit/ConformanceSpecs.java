package dev.cadenza.testkit;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;

import java.util.List;

/**
 * The small model specs the conformance suite runs: every input (tokens with conditioning and multi-hot frames
 * included), every layer type, stacking, both heads, every loss, both bidirectional merges, causal dilated
 * convolutions with BatchNorm, and the S1 and S3 shapes at small sizes.
 */
public final class ConformanceSpecs {
    private ConformanceSpecs() {}

    /**
     * A spec with a name for test reports.
     *
     * @param name the name shown in test reports, e.g. "s1-small: embedding, LSTM, dense"
     * @param spec the spec
     */
    public record NamedSpec(String name, ModelSpec spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * Every spec of the suite.
     *
     * @return the specs, each named by its number and layers
     */
    public static List<NamedSpec> all() {
        return List.of(
                named("s1-small: embedding, LSTM, dense",
                        ModelSpec.of(new Input.Embedding(13, 6), new Layer.Lstm(8, true), new Layer.Dense(13, Activation.LINEAR))),
                named("one-hot, stacked LSTM, last step",
                        ModelSpec.of(new Input.OneHot(7), new Layer.Lstm(8, true), new Layer.Lstm(6, false), new Layer.Dense(4, Activation.LINEAR))),
                named("features, GRU, dense tanh",
                        ModelSpec.of(new Input.Features(3), new Layer.Gru(7, true), new Layer.Dense(5, Activation.TANH),
                                new Layer.Dense(4, Activation.LINEAR))),
                named("embedding, stacked GRU, last step",
                        ModelSpec.of(new Input.Embedding(9, 4), new Layer.Gru(6, true), new Layer.Gru(5, false), new Layer.Dense(3, Activation.LINEAR))),
                named("embedding, stacked SimpleRNN",
                        ModelSpec.of(new Input.Embedding(9, 5), new Layer.SimpleRnn(6, true), new Layer.SimpleRnn(7, true),
                                new Layer.Dense(9, Activation.LINEAR))),
                named("one-hot, SimpleRNN last step",
                        ModelSpec.of(new Input.OneHot(6), new Layer.SimpleRnn(5, false), new Layer.Dense(3, Activation.LINEAR))),
                named("bidirectional LSTM concat, per step",
                        ModelSpec.of(new Input.Embedding(10, 4), new Layer.Bidirectional(new Layer.Lstm(5, true), Layer.Merge.CONCAT),
                                new Layer.Dense(10, Activation.LINEAR))),
                named("bidirectional GRU sum, last step",
                        ModelSpec.of(new Input.Features(3), new Layer.Bidirectional(new Layer.Gru(5, false), Layer.Merge.SUM),
                                new Layer.Dense(3, Activation.LINEAR))),
                named("bidirectional SimpleRNN concat then LSTM",
                        ModelSpec.of(new Input.OneHot(6), new Layer.Bidirectional(new Layer.SimpleRnn(4, true), Layer.Merge.CONCAT),
                                new Layer.Lstm(5, true), new Layer.Dense(6, Activation.LINEAR))),
                named("s3-small: causal dilated conv, BatchNorm, LSTM",
                        ModelSpec.of(new Input.Embedding(11, 5),
                                Layer.Conv1D.causal(8, 2, 1, Activation.RELU), Layer.BatchNorm.defaults(),
                                Layer.Conv1D.causal(6, 2, 2, Activation.RELU), new Layer.BatchNorm(0.9, 1e-5),
                                Layer.Conv1D.causal(7, 3, 4, Activation.TANH), Layer.BatchNorm.defaults(),
                                new Layer.Lstm(8, true), new Layer.Dense(11, Activation.LINEAR))),
                named("conv same and valid with stride, last step",
                        ModelSpec.of(new Input.Features(2),
                                new Layer.Conv1D(4, 3, 1, 2, Layer.Padding.SAME, Activation.RELU),
                                new Layer.Conv1D(5, 2, 1, 1, Layer.Padding.VALID, Activation.SIGMOID),
                                new Layer.Lstm(5, false), new Layer.Dense(3, Activation.LINEAR))),
                named("dropout and dense stack",
                        ModelSpec.of(new Input.Embedding(8, 6), new Layer.Lstm(7, true), new Layer.Dropout(0.3),
                                new Layer.Dense(6, Activation.RELU), new Layer.Dropout(0.2), new Layer.Dense(8, Activation.LINEAR))),
                named("LSTM last step, BatchNorm, dense",
                        ModelSpec.of(new Input.Embedding(8, 4), new Layer.Lstm(6, false), new Layer.BatchNorm(0.8, 1e-3),
                                new Layer.Dense(5, Activation.SIGMOID), new Layer.Dense(3, Activation.LINEAR))),
                named("chord-conditioned tokens: embedding + 13 conditioning values, LSTM",
                        ModelSpec.of(Input.conditioned(new Input.Embedding(9, 4), 13), new Layer.Lstm(7, true), new Layer.Dense(9, Activation.LINEAR))),
                named("conditioned one-hot tokens, GRU",
                        ModelSpec.of(Input.conditioned(new Input.OneHot(6), 3), new Layer.Gru(5, true), new Layer.Dense(6, Activation.LINEAR))),
                named("piano roll: multi-hot frames, LSTM, sigmoid per step",
                        ModelSpec.of(Input.multiHot(10), new Layer.Lstm(8, true), new Layer.Dense(10, Activation.LINEAR))
                                .withLoss(Loss.SIGMOID_CROSS_ENTROPY)),
                named("binary classifier: one sigmoid label from the last step",
                        ModelSpec.of(new Input.Embedding(8, 4), new Layer.Gru(6, false), new Layer.Dense(1, Activation.LINEAR))
                                .withLoss(Loss.SIGMOID_CROSS_ENTROPY)),
                named("forecast: features, LSTM last step, 7 regression values",
                        ModelSpec.of(new Input.Features(2), new Layer.Lstm(6, false), new Layer.Dense(7, Activation.LINEAR))
                                .withLoss(Loss.MEAN_SQUARED_ERROR)),
                named("sequence to sequence regression, SimpleRNN",
                        ModelSpec.of(new Input.Features(1), new Layer.SimpleRnn(5, true), new Layer.Dense(3, Activation.LINEAR))
                                .withLoss(Loss.MEAN_SQUARED_ERROR)));
    }

    /**
     * The specs without dropout, whose training step is deterministic on every engine.
     *
     * @return the specs without a Dropout layer
     */
    public static List<NamedSpec> deterministicTraining() {
        return all().stream().filter(n -> !LayerKind.of(n.spec()).contains(LayerKind.DROPOUT)).toList();
    }

    /**
     * The specs that can generate step by step.
     *
     * @return the causal specs
     */
    public static List<NamedSpec> causal() {
        return all().stream().filter(n -> n.spec().causal()).toList();
    }

    private static NamedSpec named(String name, ModelSpec spec) {
        return new NamedSpec(name, spec);
    }
}
