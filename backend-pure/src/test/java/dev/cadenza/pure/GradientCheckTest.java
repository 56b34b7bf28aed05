package dev.cadenza.pure;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.Losses;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Weights;
import dev.cadenza.pure.simd.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every layer's hand-written backward pass against central finite differences of {@link ReferenceNetwork}, an
 * independent double-precision forward pass. Finite differences use h = 1e-6 in double (truncation and rounding
 * errors below 1e-9), so the comparison measures the float engine alone: each analytic gradient g of the float model
 * must satisfy |g - fd| <= 1e-5 + 1e-3 |fd|. The same reference checks the forward pass (loss and logits to 1e-5),
 * in training mode and in inference mode, and the BatchNorm running-statistics update.
 */
class GradientCheckTest {
    private static final double H = 1e-6, ABS = 1e-5, REL = 1e-3;

    static Stream<Arguments> specs() {
        Input emb = Input.embedding(7, 4);
        Layer.Conv1D causalRelu = Layer.Conv1D.causal(5, 3, 2, Activation.RELU);
        return Stream.of(
                Arguments.of("stacked LSTM, embedding", ModelSpec.of(emb, Layer.lstm(5), Layer.lstm(4), Layer.dense(7)), false),
                Arguments.of("GRU, one-hot", ModelSpec.of(Input.oneHot(6), Layer.gru(5), Layer.dense(6)), false),
                Arguments.of("SimpleRNN, features, tanh/sigmoid Dense", ModelSpec.of(Input.features(3), Layer.simpleRnn(4),
                        Layer.dense(5, Activation.TANH), Layer.dense(5, Activation.SIGMOID), Layer.dense(6)), false),
                Arguments.of("bidirectional LSTM concat", ModelSpec.of(emb, new Layer.Bidirectional(Layer.lstm(3), Layer.Merge.CONCAT), Layer.dense(7)), false),
                Arguments.of("bidirectional GRU sum", ModelSpec.of(emb, new Layer.Bidirectional(Layer.gru(3), Layer.Merge.SUM), Layer.dense(7)), false),
                Arguments.of("bidirectional SimpleRNN last step, concat", ModelSpec.of(Input.features(2),
                        new Layer.Bidirectional(new Layer.SimpleRnn(3, false), Layer.Merge.CONCAT), Layer.dense(3)), false),
                Arguments.of("causal dilated conv, BatchNorm, LSTM", ModelSpec.of(emb, causalRelu, Layer.BatchNorm.defaults(),
                        Layer.Conv1D.causal(4, 2, 1, Activation.TANH), new Layer.BatchNorm(0.9, 1e-3), Layer.lstm(4), Layer.dense(7)), false),
                Arguments.of("same conv, valid strided conv, GRU last step", ModelSpec.of(Input.features(3),
                        new Layer.Conv1D(4, 3, 1, 1, Layer.Padding.SAME, Activation.TANH),
                        new Layer.Conv1D(4, 2, 1, 2, Layer.Padding.VALID, Activation.LINEAR),
                        new Layer.Gru(4, false), Layer.dense(3)), false),
                Arguments.of("same strided dilated conv, LSTM last step", ModelSpec.of(emb,
                        new Layer.Conv1D(4, 2, 2, 2, Layer.Padding.SAME, Activation.SIGMOID),
                        new Layer.Lstm(3, false), Layer.dense(3)), false),
                Arguments.of("dropout", ModelSpec.of(emb, Layer.lstm(4), Layer.dropout(0.4), Layer.dense(7)), false),
                Arguments.of("masked loss", ModelSpec.of(emb, Layer.gru(4), Layer.dense(7)), true),
                Arguments.of("last-step head, LSTM then Dense", ModelSpec.of(emb, new Layer.Lstm(4, false), Layer.dropout(0.2),
                        Layer.dense(4, Activation.RELU), Layer.dense(3)), false),
                Arguments.of("tokens with conditioning, embedding", ModelSpec.of(Input.conditioned(emb, 3), Layer.lstm(4), Layer.dense(7)), false),
                Arguments.of("tokens with conditioning, one-hot, masked", ModelSpec.of(Input.conditioned(Input.oneHot(5), 2), Layer.gru(4),
                        Layer.dense(5)), true),
                Arguments.of("multi-hot frames, sigmoid head per step", ModelSpec.of(Input.multiHot(6), Layer.lstm(4), Layer.dense(6))
                        .withLoss(Loss.SIGMOID_CROSS_ENTROPY), false),
                Arguments.of("sigmoid head, masked, one label (binary)", ModelSpec.of(emb, Layer.gru(3), Layer.dense(1))
                        .withLoss(Loss.SIGMOID_CROSS_ENTROPY), true),
                Arguments.of("binary classifier from the last step", ModelSpec.of(emb, new Layer.Lstm(4, false), Layer.dense(1))
                        .withLoss(Loss.SIGMOID_CROSS_ENTROPY), false),
                Arguments.of("regression per step", ModelSpec.of(Input.features(2), Layer.simpleRnn(4), Layer.dense(3))
                        .withLoss(Loss.MEAN_SQUARED_ERROR), false),
                Arguments.of("regression from the last step (sequence to vector)", ModelSpec.of(Input.features(1), Layer.lstm(4),
                        new Layer.Gru(3, false), Layer.dense(7)).withLoss(Loss.MEAN_SQUARED_ERROR), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void analyticGradientsMatchFiniteDifferencesOfTheDoubleReference(String name, ModelSpec spec, boolean masked) {
        for (Kernels kernels : TestModels.allKernels()) check(name + " [" + kernels.getClass().getSimpleName() + "]", spec, masked, kernels);
    }

    private static void check(String name, ModelSpec spec, boolean masked, Kernels kernels) {
        Weights weights = TestModels.randomWeights(spec, 11);
        Batch batch = TestModels.randomBatch(spec, 3, 6, 5);
        if (masked) {
            float[] mask = new float[3 * 6];
            for (int i = 0; i < mask.length; i++) mask[i] = i % 6 < 4 - i / 6 ? 1 : 0; // rows of 4, 3 and 2 real steps
            batch = batch.withMask(mask);
        }
        PureModel model = TestModels.engine(spec, weights, kernels);
        Network net = model.network();
        ReferenceNetwork ref = new ReferenceNetwork(spec, weights);

        // Inference forward pass first (BatchNorm with running statistics, no dropout).
        double[][][] refInference = ref.logits(batch, false, List.of());
        assertClose(refInference, model.forward(batch), name + ": inference logits");

        net.useRandom(new SeededRandom(3));
        net.parameters.zeroGradients();
        float[] logits = net.forward(batch, true, false);
        double count = batch.predictions(spec.head());
        float[] dLogits = new float[logits.length];
        double loss = Losses.lossAndGradient(spec, logits, batch, 1 / count, dLogits) / count;
        net.backward(dLogits);
        List<float[]> masks = new ArrayList<>();
        for (PureLayer l : net.layers) if (l instanceof DropoutLayer d) masks.add(d.lastMask());

        assertClose(ref.logits(batch, true, masks), logits, name + ": training logits");
        assertEquals(ref.loss(batch, true, masks), loss, 1e-5, name + ": loss");

        double largest = 0;
        int checked = 0;
        for (String p : net.parameters.trainable()) {
            double[] values = ref.w.get(p);
            float[] analytic = net.parameters.gradient(p);
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                values[i] = v + H;
                double plus = ref.loss(batch, true, masks);
                values[i] = v - H;
                double minus = ref.loss(batch, true, masks);
                values[i] = v;
                double fd = (plus - minus) / (2 * H);
                largest = Math.max(largest, Math.abs(fd));
                checked++;
                if (Math.abs(analytic[i] - fd) > ABS + REL * Math.abs(fd))
                    fail(name + ": d loss / d " + p + "[" + i + "] analytic " + analytic[i] + ", finite difference " + fd);
            }
        }
        assertTrue(largest > 1e-3, "gradients too small to test anything: " + largest);
        assertTrue(checked > 40, "only " + checked + " parameters checked");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void batchNormRunningStatisticsFollowTheUnbiasedUpdate(String name, ModelSpec spec, boolean masked) {
        List<Integer> bnLayers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) if (spec.layers().get(i) instanceof Layer.BatchNorm) bnLayers.add(i);
        if (bnLayers.isEmpty()) return;
        Weights weights = TestModels.randomWeights(spec, 11);
        Batch batch = TestModels.randomBatch(spec, 3, 6, 5);
        PureModel model = TestModels.engine(spec, weights);
        ReferenceNetwork ref = new ReferenceNetwork(spec, weights);
        model.network().useRandom(new SeededRandom(3));
        model.network().forward(batch, true, false);
        Weights after = model.weights();
        for (int i : bnLayers) {
            double[][] expected = ref.updatedRunningStats(batch, i);
            float[] mean = after.get("layers." + i + ".running_mean").data(), var = after.get("layers." + i + ".running_variance").data();
            for (int j = 0; j < mean.length; j++) {
                assertEquals(expected[0][j], mean[j], 1e-5, "running mean " + i + "/" + j);
                assertEquals(expected[1][j], var[j], 1e-5, "running variance " + i + "/" + j);
            }
        }
    }

    /**
     * Truncated BPTT: the gradient is the sum over chunks of the gradient of each chunk's loss with the state entering
     * the chunk (recurrent h and c, convolution history) held constant at the values the earlier chunks produced.
     * The reference computes exactly that loss, with the entering states frozen from an unperturbed run, and its
     * finite differences must match the engine's gradient (read from one SGD step with rate 1). This covers the
     * non-zero initial states and convolution history that ordinary BPTT never sees.
     */
    @org.junit.jupiter.api.Test
    void truncatedBpttGradientsMatchFiniteDifferencesWithFrozenChunkStates() {
        ModelSpec spec = ModelSpec.of(Input.embedding(7, 4), Layer.Conv1D.causal(4, 2, 2, Activation.TANH),
                Layer.gru(4), Layer.lstm(3), Layer.dense(7));
        Weights weights = TestModels.randomWeights(spec, 13);
        Batch batch = TestModels.randomBatch(spec, 2, 9, 4);
        int chunk = 4;
        dev.cadenza.SequenceModel model = TestModels.model(spec, weights);
        model.train(dev.cadenza.model.TrainingConfig.of(new dev.cadenza.model.Optimizer.Sgd(1, 0, false))
                .withTruncatedBptt(chunk)).step(batch);
        Weights after = model.weights();

        ReferenceNetwork ref = new ReferenceNetwork(spec, weights);
        List<Batch> chunks = new ArrayList<>();
        List<ReferenceNetwork.Carry> entering = new ArrayList<>();
        ReferenceNetwork.Carry carry = new ReferenceNetwork.Carry();
        for (int from = 0; from < batch.steps(); from += chunk) {
            Batch c = batch.steps(from, Math.min(batch.steps(), from + chunk));
            chunks.add(c);
            entering.add(carry.frozen());
            ref.lossSum(c, true, List.of(), carry);
        }
        double count = batch.predictions(spec.head());
        java.util.function.DoubleSupplier loss = () -> {
            double sum = 0;
            for (int i = 0; i < chunks.size(); i++) sum += ref.lossSum(chunks.get(i), true, List.of(), entering.get(i));
            return sum / count;
        };
        double largest = 0;
        for (String p : spec.parameters().stream().filter(q -> q.trainable()).map(q -> q.name()).toList()) {
            double[] values = ref.w.get(p);
            float[] before = weights.get(p).data(), updated = after.get(p).data();
            for (int i = 0; i < values.length; i++) {
                double v = values[i];
                values[i] = v + H;
                double plus = loss.getAsDouble();
                values[i] = v - H;
                double minus = loss.getAsDouble();
                values[i] = v;
                double fd = (plus - minus) / (2 * H);
                double analytic = (double) before[i] - updated[i];
                largest = Math.max(largest, Math.abs(fd));
                if (Math.abs(analytic - fd) > ABS + REL * Math.abs(fd))
                    fail("truncated BPTT: d loss / d " + p + "[" + i + "] analytic " + analytic + ", finite difference " + fd);
            }
        }
        assertTrue(largest > 1e-3, "gradients too small to test anything: " + largest);
    }

    static void assertClose(double[][][] expected, float[] actual, String what) {
        int i = 0;
        for (double[][] seq : expected)
            for (double[] row : seq)
                for (double v : row) {
                    if (Math.abs(v - actual[i]) > 1e-5) fail(what + "[" + i + "]: expected " + v + ", got " + actual[i]);
                    i++;
                }
        assertEquals(i, actual.length, what + ": size");
    }
}
