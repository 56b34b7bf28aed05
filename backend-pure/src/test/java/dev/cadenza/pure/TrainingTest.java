package dev.cadenza.pure;

import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole training runs: determinism, overfitting a tiny corpus, exact resume from a checkpoint, truncated BPTT. */
class TrainingTest {
    /** Conv + BatchNorm + LSTM + dropout, large enough that the big GEMMs are split between threads. */
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(20, 8),
            Layer.Conv1D.causal(16, 2, 1, Activation.RELU), Layer.BatchNorm.defaults(),
            Layer.Conv1D.causal(24, 2, 2, Activation.RELU), Layer.BatchNorm.defaults(),
            Layer.lstm(64), Layer.dropout(0.2), Layer.dense(20));
    private static final TrainingConfig CONFIG = TrainingConfig.of(Optimizer.nadam(0.003)).withSeed(17)
            .withWeightDecay(1e-4).withClipping(GradientClipping.globalNorm(1.0));

    private static List<Batch> batches(int n) {
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(TestModels.randomBatch(SPEC, 8, 32, 100 + i));
        return out;
    }

    private static Weights train(Weights start, TrainingConfig config, List<Batch> batches) {
        SequenceModel model = TestModels.model(SPEC, start);
        TrainingSession session = model.train(config);
        for (Batch b : batches) session.step(b);
        return model.weights();
    }

    @Test
    void sameSeedAndThreadsGiveBitIdenticalWeights() {
        Weights start = TestModels.randomWeights(SPEC, 3);
        List<Batch> batches = batches(4);
        Weights a = train(start, CONFIG, batches);
        Weights b = train(start, CONFIG, batches);
        assertEquals(a, b, "two runs with " + Matmul.THREADS + " threads differ by " + a.maxAbsDifference(b));
        assertTrue(a.maxAbsDifference(start) > 1e-3, "training did not move the weights");
        Weights otherSeed = train(start, CONFIG.withSeed(18), batches);
        assertNotEquals(a, otherSeed, "the dropout seed must matter");
    }

    @Test
    void resumingFromACheckpointEqualsUninterruptedTraining(@TempDir Path dir) throws IOException {
        Weights start = TestModels.randomWeights(SPEC, 5);
        List<Batch> batches = batches(6);
        Weights uninterrupted = train(start, CONFIG, batches);

        SequenceModel first = TestModels.model(SPEC, start);
        TrainingSession s1 = first.train(CONFIG);
        for (Batch b : batches.subList(0, 3)) s1.step(b);
        Path file = dir.resolve("run.cadenza");
        Checkpoint.of(SPEC, first.weights()).withTraining(CONFIG, s1.state()).write(file);
        assertTrue(Files.size(file) > 0);

        Checkpoint read = Checkpoint.read(file);
        assertEquals(first.weights(), read.weights(), "weights round trip");
        OptimizerState saved = read.optimizer();
        assertEquals(3, saved.step());
        assertTrue(saved.slots().stream().anyMatch(t -> t.name().equals("m/layers.4.recurrent_kernel")), "slot names");
        assertTrue(saved.slots().stream().anyMatch(t -> t.name().equals("v/input.embedding")), "slot names");
        SequenceModel second = TestModels.model(read.spec(), read.weights());
        TrainingSession s2 = second.train(read.trainingConfig());
        s2.restore(saved);
        StepResult r = null;
        for (Batch b : batches.subList(3, 6)) r = s2.step(b);
        assertEquals(6, r.step());
        assertEquals(uninterrupted, second.weights(), "resumed run differs by " + uninterrupted.maxAbsDifference(second.weights()));
    }

    /**
     * Four hand-written four-part phrases of eight chords, arpeggiated as S3 does (note n becomes token n - 35), each
     * starting on a different chord so that every prefix determines its continuation.
     */
    private static int[][] choraleWindows() {
        int[][][] phrases = {
                {{72, 67, 64, 48}, {72, 69, 65, 53}, {71, 67, 62, 55}, {72, 67, 64, 48}, {72, 69, 64, 57}, {74, 69, 65, 50}, {71, 67, 62, 55}, {72, 67, 64, 48}},
                {{67, 62, 59, 43}, {69, 62, 57, 50}, {71, 64, 59, 52}, {72, 67, 60, 48}, {71, 67, 62, 55}, {69, 66, 62, 50}, {67, 62, 59, 43}, {67, 62, 59, 43}},
                {{65, 60, 57, 53}, {67, 62, 58, 46}, {67, 64, 60, 48}, {69, 65, 60, 53}, {70, 65, 62, 46}, {67, 64, 60, 48}, {65, 60, 57, 41}, {65, 60, 57, 41}},
                {{74, 69, 66, 50}, {74, 71, 67, 55}, {73, 69, 66, 57}, {76, 69, 64, 49}, {74, 71, 66, 47}, {74, 71, 67, 55}, {73, 69, 64, 45}, {74, 69, 66, 50}}};
        int[][] windows = new int[phrases.length][33];
        for (int i = 0; i < phrases.length; i++) {
            for (int t = 0; t < 32; t++) windows[i][t] = phrases[i][t / 4][t % 4] - 35;
            windows[i][32] = 0; // a rest closes the phrase
        }
        return windows;
    }

    @Test
    void aDivergingRunStopsWithTheStepTheLossAndTheRemedyAndNeverReportsNaN() {
        // The case: Adam at learning rate 1e9 on a real network ended with a loss of 6e9 nats per token and
        // accuracy NaN, stopped only by an infinite loss. Now the trainer stops at the first step whose loss leaves sense.
        Batch batch = Batch.ofWindows(choraleWindows());
        ModelSpec spec = ModelSpec.of(Input.embedding(47, 8), Layer.lstm(16), Layer.dense(47));
        SequenceModel model = new dev.cadenza.Backend(new PureBackendProvider().open()).create(spec, 1);
        dev.cadenza.train.Dataset data = dev.cadenza.train.Dataset.of(java.util.List.of(choraleWindows()), 2, false);
        dev.cadenza.train.Trainer trainer = new dev.cadenza.train.Trainer(model, TrainingConfig.of(new Optimizer.Adam(1e9, 0.9, 0.999, 1e-7)));
        java.util.List<Double> losses = new java.util.ArrayList<>();
        trainer.listener(new dev.cadenza.train.TrainingListener() {
            @Override
            public void onStep(int epoch, StepResult r, int stepsPerEpoch) {
                losses.add(r.loss());
            }
        });
        dev.cadenza.model.TrainingDivergedException e = assertThrows(dev.cadenza.model.TrainingDivergedException.class,
                () -> trainer.fit(data, data, 1000));
        assertTrue(e.getMessage().contains("epoch ") && e.getMessage().contains("step " + e.step())
                && e.getMessage().contains("Lower the learning rate (it is 1.00e+09)") && e.getMessage().contains("ln 47"), e.getMessage());
        assertTrue(losses.stream().allMatch(Double::isFinite), "every reported loss is a number: " + losses);
        assertTrue(e.step() <= 20, "stopped early, at step " + e.step());
        var evaluation = model.evaluate(batch);
        assertTrue(Double.isFinite(evaluation.accuracy()), "the weights of the last good step give a real accuracy: " + evaluation);
    }

    @Test
    void aTinyModelOverfitsATinyCorpus() {
        // Each window starts a chorale, so every prefix determines its continuation and the loss can reach zero
        // (windows cut from inside one chorale repeat prefixes with different continuations).
        Batch batch = Batch.ofWindows(choraleWindows());
        ModelSpec spec = ModelSpec.of(Input.embedding(47, 8), Layer.lstm(48), Layer.dense(47));
        SequenceModel model = new dev.cadenza.Backend(new PureBackendProvider().open()).create(spec, 1);
        TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(0.02)));
        double first = session.step(batch).loss();
        double last = first;
        for (int i = 0; i < 600 && last > 0.03; i++) last = session.step(batch).loss();
        assertTrue(first > 3, "initial loss should be near ln(47) = 3.85, was " + first);
        assertTrue(last < 0.03, "loss after training " + last);
        var evaluation = model.evaluate(batch, 1);
        assertTrue(evaluation.loss() < 0.03, "inference-mode loss " + evaluation);
        assertTrue(evaluation.accuracy() > 0.98, "memorised windows are predicted: " + evaluation);
    }

    @Test
    void truncatedBpttCarriesStateForwardButNotGradients() {
        ModelSpec spec = ModelSpec.of(Input.embedding(20, 8), Layer.Conv1D.causal(6, 3, 2, Activation.TANH), Layer.gru(12),
                Layer.lstm(10), Layer.dense(20));
        Weights start = TestModels.randomWeights(spec, 8);
        Batch batch = TestModels.randomBatch(spec, 4, 24, 1);
        TrainingConfig sgd = TrainingConfig.of(Optimizer.sgd(0.5, 0));

        SequenceModel full = TestModels.model(spec, start);
        StepResult fullStep = full.train(sgd).step(batch);
        SequenceModel chunked = TestModels.model(spec, start);
        StepResult chunkStep = chunked.train(sgd.withTruncatedBptt(5)).step(batch);
        // The forward pass is the same window: the state (and the convolution history) crosses chunk boundaries.
        assertEquals(fullStep.loss(), chunkStep.loss(), 1e-5);
        // The gradient is not: nothing flows back across chunk boundaries.
        double diff = full.weights().maxAbsDifference(chunked.weights());
        assertTrue(diff > 1e-4, "truncation changed nothing: " + diff);
        // A truncation length of the whole window is ordinary BPTT.
        SequenceModel whole = TestModels.model(spec, start);
        whole.train(sgd.withTruncatedBptt(24)).step(batch);
        assertEquals(full.weights(), whole.weights());
    }

    @Test
    void truncatedBpttGradientOfTheLastChunkIgnoresEarlierInputs() {
        // With chunks of 4 over 8 steps and a loss only on the last chunk (masked), the embedding rows of tokens that
        // appear only in the first chunk get no gradient (state from there is carried but not differentiated).
        ModelSpec spec = ModelSpec.of(Input.embedding(10, 4), Layer.lstm(6), Layer.dense(10));
        int[] tokens = {1, 2, 3, 1, 5, 6, 7, 8};
        int[] targets = {0, 0, 0, 0, 1, 2, 3, 4};
        Batch batch = Batch.ofTokens(1, 8, tokens, targets).withMask(new float[] {0, 0, 0, 0, 1, 1, 1, 1});
        Weights start = TestModels.randomWeights(spec, 2);
        SequenceModel m = TestModels.model(spec, start);
        m.train(TrainingConfig.of(Optimizer.sgd(1, 0)).withTruncatedBptt(4)).step(batch);
        float[] before = start.get("input.embedding").data(), after = m.weights().get("input.embedding").data();
        for (int id : new int[] {1, 2, 3})
            for (int j = 0; j < 4; j++) assertEquals(before[id * 4 + j], after[id * 4 + j], 0, "embedding row " + id);
        boolean moved = false;
        for (int j = 0; j < 4; j++) moved |= before[5 * 4 + j] != after[5 * 4 + j];
        assertTrue(moved, "the last chunk's tokens must get gradients");
        // Without truncation, the first chunk's tokens do get gradients through the recurrence.
        SequenceModel f = TestModels.model(spec, start);
        f.train(TrainingConfig.of(Optimizer.sgd(1, 0))).step(batch);
        assertNotEquals(before[4], f.weights().get("input.embedding").data()[4]);
    }
}
