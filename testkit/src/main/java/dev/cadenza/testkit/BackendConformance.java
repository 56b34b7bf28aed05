package dev.cadenza.testkit;

import dev.cadenza.Backend;
import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.Gradients;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.testkit.ConformanceSpecs.NamedSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract that makes backends interchangeable, run against backend-pure as the oracle. A backend's test class
 * implements this interface and supplies {@link #backend()} (and, if it does not run every layer,
 * {@link #supportedLayers()}):
 * <pre>{@code
 * class MyBackendConformanceTest implements BackendConformance {
 *     public Backend backend() { return new Backend(new MyBackendProvider().open()); }
 * }
 * }</pre>
 * Every test runs the engine's own code: its forward pass, its training steps through the one optimizer, its
 * checkpoints, and its own {@code step()} for generation.
 * A spec with a layer the backend reports through {@link Backend#unsupported} is skipped with an aborted
 * assumption that names the layer; it is never run on a substitute. Results are compared with
 * {@link Tolerance#relativeError} against {@link #tolerance()} (1e-4 in float32 by default).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface BackendConformance {
    /** Adam for the comparisons; see {@link #adamStepsMatchReference()} for its epsilon. */
    Optimizer.Adam ADAM = new Optimizer.Adam(0.01, 0.9, 0.999, 1e-5);

    /**
     * The backend under test.
     *
     * @return the backend, opened once for the test class
     */
    Backend backend();

    /**
     * The layer kinds the backend claims to run exactly; checked against {@link Backend#unsupported}.
     *
     * @return the layer kinds; every kind by default
     */
    default Set<LayerKind> supportedLayers() {
        return EnumSet.allOf(LayerKind.class);
    }

    /**
     * The oracle: backend-pure.
     *
     * @return the reference backend
     */
    default Backend reference() {
        return ReferenceBackend.get();
    }

    /**
     * Relative float32 tolerance of every comparison with the reference.
     *
     * @return the largest relative error accepted, {@link Tolerance#DEFAULT} unless overridden
     */
    default double tolerance() {
        return Tolerance.DEFAULT;
    }

    /**
     * The specs of the suite; a backend may add its own.
     *
     * @return the named specs; {@link ConformanceSpecs#all()} by default
     */
    default List<NamedSpec> specs() {
        return ConformanceSpecs.all();
    }

    /**
     * A spec is reported unsupported exactly when it uses a layer kind the backend does not declare.
     *
     * @return one test per spec of {@link #specs()}
     */
    @TestFactory
    default Stream<DynamicTest> declaredLayersMatchUnsupportedReport() {
        return specs().stream().map(n -> DynamicTest.dynamicTest(n.name(), () -> {
            Set<LayerKind> missing = EnumSet.copyOf(LayerKind.of(n.spec()));
            missing.removeAll(supportedLayers());
            List<String> unsupported = backend().unsupported(n.spec());
            assertEquals(missing.isEmpty(), unsupported.isEmpty(),
                    () -> "declared missing kinds " + missing + " but unsupported() says " + unsupported);
            if (!unsupported.isEmpty()) {
                assertThrows(UnsupportedOperationException.class, () -> backend().create(n.spec(), 1L),
                        "create() must refuse a spec it cannot run exactly, not substitute another computation");
            }
        }));
    }

    /**
     * (1) Same spec, same weights through a checkpoint file, same random inputs: the same logits and loss.
     *
     * @return one test per spec of {@link #specs()}
     */
    @TestFactory
    default Stream<DynamicTest> forwardMatchesReference() {
        return specs().stream().map(n -> DynamicTest.dynamicTest(n.name(), () -> {
            assumeSupported(n.spec());
            Weights weights = throughCheckpoint(n.spec(), Fixtures.randomWeights(n.spec(), 11));
            Batch batch = Fixtures.masked(Fixtures.randomBatch(n.spec(), 3, 9, 12), n.spec(), 13);
            try (SequenceModel expected = reference().create(n.spec(), weights);
                 SequenceModel actual = backend().create(n.spec(), weights)) {
                Tolerance.assertClose(expected.forward(batch), actual.forward(batch), tolerance(), "logits");
                Evaluation e = expected.evaluate(batch, 2);
                Evaluation a = actual.evaluate(batch, 2);
                assertEquals(e.count(), a.count(), "predictions");
                assertEquals(e.loss(), a.loss(), tolerance() * Math.max(1, e.loss()), "masked loss");
                e.metrics().forEach((metric, value) -> assertEquals(value, a.metrics().get(metric), tolerance() * Math.max(1, Math.abs(value)), metric));
            }
        }));
    }

    /**
     * (2) One and then a second SGD-with-momentum step, with global-norm clipping: the same weights.
     *
     * @return one test per spec of {@link ConformanceSpecs#deterministicTraining()}
     */
    @TestFactory
    default Stream<DynamicTest> sgdStepsMatchReference() {
        TrainingConfig config = TrainingConfig.of(new Optimizer.Sgd(0.1, 0.9, false)).withClipping(GradientClipping.globalNorm(0.5));
        return ConformanceSpecs.deterministicTraining().stream().map(n -> DynamicTest.dynamicTest(n.name(),
                () -> compareTraining(n.spec(), config)));
    }

    /**
     * (2) Two Adam steps with global-norm clipping: the same weights and the same optimizer slots. Epsilon is 1e-5
     * rather than 1e-7: a gradient that is zero in exact arithmetic (a bias feeding BatchNorm) is float noise of
     * about 1e-9 on any engine, and Adam divides it by sqrt(v) + eps, turning noise into steps of lr * noise / eps.
     *
     * @return one test per spec of {@link ConformanceSpecs#deterministicTraining()}
     */
    @TestFactory
    default Stream<DynamicTest> adamStepsMatchReference() {
        TrainingConfig config = TrainingConfig.of(ADAM).withClipping(GradientClipping.globalNorm(1.0));
        return ConformanceSpecs.deterministicTraining().stream().map(n -> DynamicTest.dynamicTest(n.name(),
                () -> compareTraining(n.spec(), config)));
    }

    /**
     * (2) The other optimizers and options: Nesterov, RMSprop, Nadam, element clipping, L2 decay, truncated BPTT.
     *
     * @return one test per optimizer or option, on an LSTM spec and a convolution spec
     */
    @TestFactory
    default Stream<DynamicTest> otherOptimizersMatchReference() {
        NamedSpec lstm = ConformanceSpecs.all().get(0);
        NamedSpec conv = ConformanceSpecs.deterministicTraining().stream().filter(n -> n.name().startsWith("s3")).findFirst().orElseThrow();
        Map<String, TrainingConfig> configs = new java.util.LinkedHashMap<>();
        configs.put("sgd nesterov, value clip", TrainingConfig.of(new Optimizer.Sgd(0.05, 0.8, true)).withClipping(GradientClipping.value(0.05)));
        configs.put("rmsprop, weight decay", TrainingConfig.of(Optimizer.rmsProp(0.01)).withWeightDecay(0.01));
        configs.put("nadam, global norm", TrainingConfig.of(new Optimizer.Nadam(0.01, 0.9, 0.999, 1e-5)).withClipping(GradientClipping.globalNorm(1.0)));
        configs.put("plain sgd", TrainingConfig.of(new Optimizer.Sgd(0.1, 0, false)));
        configs.put("adam, truncated BPTT of 3 steps", TrainingConfig.of(ADAM).withTruncatedBptt(3));
        List<DynamicTest> tests = new ArrayList<>();
        for (NamedSpec n : List.of(lstm, conv))
            configs.forEach((name, config) -> tests.add(DynamicTest.dynamicTest(n.name() + " / " + name, () -> compareTraining(n.spec(), config))));
        return tests.stream();
    }

    private void compareTraining(ModelSpec spec, TrainingConfig config) {
        assumeSupported(spec);
        assumeSupported(spec, config);
        Weights weights = throughCheckpoint(spec, Fixtures.randomWeights(spec, 21));
        Batch first = Fixtures.randomBatch(spec, 3, 8, 22);
        Batch second = Fixtures.masked(Fixtures.randomBatch(spec, 3, 8, 23), spec, 24);
        try (SequenceModel expected = reference().create(spec, weights);
             SequenceModel actual = backend().create(spec, weights)) {
            TrainingSession e = expected.train(config);
            TrainingSession a = actual.train(config);
            for (Batch batch : List.of(first, second)) {
                StepResult re = e.step(batch);
                StepResult ra = a.step(batch);
                assertEquals(re.step(), ra.step(), "step count");
                assertEquals(re.loss(), ra.loss(), tolerance() * Math.max(1, re.loss()), "loss of step " + re.step());
                assertEquals(re.gradientNorm(), ra.gradientNorm(), tolerance() * Math.max(1, re.gradientNorm()),
                        "gradient norm of step " + re.step());
                assertEquals(re.predictions(), ra.predictions(), "predictions");
                Tolerance.assertClose(expected.weights(), actual.weights(), tolerance(), "weights after step " + re.step());
            }
            OptimizerState se = e.state();
            OptimizerState sa = a.state();
            assertEquals(se.step(), sa.step(), "optimizer step");
            assertEquals(names(se.slots()), names(sa.slots()), "optimizer slot names");
            Map<String, Tensor> slots = new HashMap<>();
            for (Tensor t : sa.slots()) slots.put(t.name(), t);
            for (Tensor t : se.slots()) {
                assertArrayEquals(t.shape(), slots.get(t.name()).shape(), "slot " + t.name());
                Tolerance.assertClose(t.data(), slots.get(t.name()).data(), tolerance(), "slot " + t.name());
            }
        }
    }

    /**
     * (3) A checkpoint of the backend's trained weights and optimizer state loads in the reference with the same
     * logits, and back in the backend with bit-identical logits; training resumes from it on either.
     *
     * @return one test per spec of {@link ConformanceSpecs#deterministicTraining()}
     */
    @TestFactory
    default Stream<DynamicTest> checkpointMovesBetweenBackends() {
        TrainingConfig config = TrainingConfig.of(ADAM).withClipping(GradientClipping.globalNorm(1.0));
        return ConformanceSpecs.deterministicTraining().stream().map(n -> DynamicTest.dynamicTest(n.name(), () -> {
            ModelSpec spec = n.spec();
            assumeSupported(spec);
            Batch train = Fixtures.randomBatch(spec, 3, 8, 31);
            Batch probe = Fixtures.randomBatch(spec, 2, 7, 32);
            try (SequenceModel model = backend().create(spec, Fixtures.randomWeights(spec, 30))) {
                TrainingSession session = model.train(config);
                session.step(train);
                float[] logits = model.forward(probe);
                Checkpoint written = Checkpoint.of(spec, model.weights()).withTraining(config, session.state());
                Checkpoint read = roundTrip(written);
                assertEquals(written.weights(), read.weights(), "weights read back bit for bit");
                try (SequenceModel pure = reference().create(read.spec(), read.weights())) {
                    Tolerance.assertClose(logits, pure.forward(probe), tolerance(), "reference logits from the backend's checkpoint");
                    Checkpoint back = roundTrip(Checkpoint.of(spec, pure.weights()));
                    try (SequenceModel again = backend().create(back.spec(), back.weights())) {
                        assertArrayEquals(logits, again.forward(probe), "logits after backend -> checkpoint -> reference -> checkpoint -> backend");
                    }
                    // Resuming: the saved optimizer state continues the same way on the backend and the reference.
                    TrainingSession resumedPure = pure.train(read.trainingConfig());
                    resumedPure.restore(read.optimizer());
                    try (SequenceModel resumed = backend().create(read.spec(), read.weights())) {
                        TrainingSession resumedHere = resumed.train(read.trainingConfig());
                        resumedHere.restore(read.optimizer());
                        session.step(probe);
                        resumedPure.step(probe);
                        resumedHere.step(probe);
                        Tolerance.assertClose(pure.weights(), model.weights(), tolerance(), "weights after a step resumed on the reference");
                        Tolerance.assertClose(model.weights(), resumed.weights(), tolerance(), "weights after a step resumed on the backend");
                        assertEquals(session.state().step(), resumedHere.state().step(), "resumed step count");
                    }
                }
            }
        }));
    }

    /**
     * (4) {@code step(state, token)} over a sequence gives the full forward pass's logits at every step; a copied
     * state continues identically and a reordered one continues with its rows swapped.
     *
     * @return one test per spec of {@link ConformanceSpecs#causal()}
     */
    @TestFactory
    default Stream<DynamicTest> stepMatchesForward() {
        return ConformanceSpecs.causal().stream().map(n -> DynamicTest.dynamicTest(n.name(), () -> {
            ModelSpec spec = n.spec();
            assumeSupported(spec);
            int rows = 2, steps = 7;
            Batch batch = Fixtures.randomBatch(spec, rows, steps, 41);
            try (SequenceModel model = backend().create(spec, Fixtures.randomWeights(spec, 40))) {
                float[] full = model.forward(batch);
                int classes = spec.outputs();
                ModelState state = model.newState(rows);
                ModelState swapped = null;
                float[] last = null;
                for (int t = 0; t < steps; t++) {
                    last = step(model, state, batch, t, false);
                    if (swapped != null) {
                        float[] other = step(model, swapped, batch, t, true);
                        Tolerance.assertClose(swapRows(last, classes), other, tolerance(), "reordered state at step " + t);
                    }
                    if (spec.head() == ModelSpec.Head.PER_STEP) {
                        float[] expected = new float[rows * classes];
                        for (int b = 0; b < rows; b++)
                            System.arraycopy(full, (b * steps + t) * classes, expected, b * classes, classes);
                        Tolerance.assertClose(expected, last, tolerance(), "step " + t + " against the forward pass");
                    }
                    if (t == 2) {
                        swapped = state.copy();
                        swapped.reorder(new int[] {1, 0});
                        assertEquals(t + 1, swapped.position(), "copied position");
                    }
                }
                assertEquals(steps, state.position(), "position");
                if (spec.head() == ModelSpec.Head.LAST_STEP) Tolerance.assertClose(full, last, tolerance(), "last step against the forward pass");
            }
        }));
    }

    /**
     * (4b) Initial state in, final state out: a sequence fed in two pieces through one state equals one pass.
     *
     * @return one test per causal spec with a per-step head
     */
    @TestFactory
    default Stream<DynamicTest> forwardFromStateContinuesTheSequence() {
        return ConformanceSpecs.causal().stream().filter(n -> n.spec().head() == ModelSpec.Head.PER_STEP)
                .map(n -> DynamicTest.dynamicTest(n.name(), () -> {
            ModelSpec spec = n.spec();
            assumeSupported(spec);
            int rows = 2, steps = 7, first = 3, classes = spec.outputs();
            Batch batch = Fixtures.randomBatch(spec, rows, steps, 43);
            try (SequenceModel model = backend().create(spec, Fixtures.randomWeights(spec, 44))) {
                float[] full = model.forward(batch);
                ModelState state = model.newState(rows);
                float[] head = model.forward(slice(batch, 0, first), state);
                float[] tail = model.forward(slice(batch, first, steps), state);
                assertEquals(steps, state.position(), "final state position");
                float[] joined = new float[full.length];
                for (int b = 0; b < rows; b++) {
                    System.arraycopy(head, b * first * classes, joined, b * steps * classes, first * classes);
                    System.arraycopy(tail, b * (steps - first) * classes, joined, (b * steps + first) * classes, (steps - first) * classes);
                }
                Tolerance.assertClose(full, joined, tolerance(), "two pieces through one state against one pass");
            }
        }));
    }

    /** Steps [from, to) of every row of a batch (targets dropped). */
    private static Batch slice(Batch batch, int from, int to) {
        return batch.steps(from, to).inputsOnly();
    }

    /** Feeds step t of every row (rows in reverse order when {@code swapRows}) through the step method of its input kind. */
    private static float[] step(SequenceModel model, ModelState state, Batch batch, int t, boolean swapRows) {
        Batch one = batch.step(t);
        if (swapRows) {
            List<Batch> rows = new ArrayList<>();
            for (int b = one.size() - 1; b >= 0; b--) rows.add(one.rows(b, b + 1));
            one = Batch.concat(rows);
        }
        if (one.features() != null) return model.step(state, one.features());
        if (one.conditioning() != null) return model.step(state, one.tokens(), one.conditioning());
        return model.step(state, one.tokens());
    }

    private static float[] swapRows(float[] twoRows, int width) {
        float[] out = new float[twoRows.length];
        System.arraycopy(twoRows, 0, out, width, width);
        System.arraycopy(twoRows, width, out, 0, width);
        return out;
    }

    /** (5) A small LSTM learns four short sequences by heart: every next token right, loss near zero. */
    @Test
    default void overfitsTinyCorpus() {
        int vocabulary = 6;
        ModelSpec spec = ModelSpec.of(new dev.cadenza.model.Input.Embedding(vocabulary, 8),
                new dev.cadenza.model.Layer.Lstm(32, true), new dev.cadenza.model.Layer.Dense(vocabulary, dev.cadenza.model.Activation.LINEAR));
        assumeSupported(spec);
        SeededRandom random = new SeededRandom(5);
        int[][] windows = new int[4][13];
        for (int i = 0; i < windows.length; i++) {
            windows[i][0] = i; // distinct first tokens: every next token is determined by its prefix
            for (int t = 1; t < windows[i].length; t++) windows[i][t] = random.nextInt(vocabulary);
        }
        Batch batch = Batch.ofWindows(windows);
        try (SequenceModel model = backend().create(spec, 3L)) {
            TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(0.02)).withClipping(GradientClipping.globalNorm(1.0)));
            double first = session.step(batch).loss();
            double loss = first;
            for (int i = 0; i < 300 && loss > 0.05; i++) loss = session.step(batch).loss();
            Evaluation evaluation = model.evaluate(batch, 1);
            assertTrue(evaluation.loss() < 0.1, "loss fell only from " + first + " to " + evaluation.loss());
            assertEquals(1.0, evaluation.accuracy(), "accuracy on the memorised corpus");
        }
    }

    /**
     * Skips (aborted assumption) a training configuration the backend reports it cannot train exactly with this spec.
     *
     * @param spec the spec
     * @param config the training configuration
     */
    default void assumeSupported(ModelSpec spec, TrainingConfig config) {
        List<String> unsupported = backend().unsupported(spec, config);
        Assumptions.assumeTrue(unsupported.isEmpty(), () -> backend().name() + " does not support: " + String.join("; ", unsupported));
    }

    /**
     * (6) Gradient accumulation: a batch run in micro-batches of 2 sequences gives the step of the whole batch (the
     * same loss, gradient norm and weights), and two shares of a batch, as data-parallel training computes them on two
     * machines, sum to the gradients of the whole. Specs without BatchNorm (whose batch statistics are per micro-batch)
     * or dropout.
     *
     * @return one test per deterministic spec without BatchNorm
     */
    @TestFactory
    default Stream<DynamicTest> microBatchesAndSharesEqualTheWholeBatch() {
        TrainingConfig config = TrainingConfig.of(ADAM).withClipping(GradientClipping.globalNorm(1.0));
        return ConformanceSpecs.deterministicTraining().stream().filter(n -> !LayerKind.of(n.spec()).contains(LayerKind.BATCH_NORM))
                .map(n -> DynamicTest.dynamicTest(n.name(), () -> {
                    ModelSpec spec = n.spec();
                    assumeSupported(spec);
                    Weights weights = Fixtures.randomWeights(spec, 51);
                    Batch batch = Fixtures.masked(Fixtures.randomBatch(spec, 5, 6, 52), spec, 53);
                    try (SequenceModel whole = backend().create(spec, weights); SequenceModel micro = backend().create(spec, weights);
                         SequenceModel shared = backend().create(spec, weights)) {
                        StepResult w = whole.train(config).step(batch);
                        StepResult m = micro.train(config.withMicroBatches(2)).step(batch);
                        assertEquals(w.loss(), m.loss(), tolerance() * Math.max(1, w.loss()), "loss");
                        assertEquals(w.gradientNorm(), m.gradientNorm(), tolerance() * Math.max(1, w.gradientNorm()), "gradient norm");
                        Tolerance.assertClose(whole.weights(), micro.weights(), tolerance(), "weights after a micro-batched step");
                        TrainingSession s = shared.train(config);
                        Gradients sum = s.gradients(batch.rows(0, 3)).plus(s.gradients(batch.rows(3, 5)));
                        assertEquals(batch.predictions(spec.head()), sum.predictions(), "predictions of the shares");
                        StepResult a = s.apply(sum);
                        assertEquals(w.gradientNorm(), a.gradientNorm(), tolerance() * Math.max(1, w.gradientNorm()), "gradient norm of the shares");
                        Tolerance.assertClose(whole.weights(), shared.weights(), tolerance(), "weights after applying the shares' gradients");
                    }
                }));
    }

    /**
     * Skips (aborted assumption) a spec the backend reports as unsupported, naming the layers.
     *
     * @param spec the spec
     */
    default void assumeSupported(ModelSpec spec) {
        List<String> unsupported = backend().unsupported(spec);
        Assumptions.assumeTrue(unsupported.isEmpty(), () -> backend().name() + " does not support: " + String.join("; ", unsupported));
    }

    private static List<String> names(List<Tensor> tensors) {
        return tensors.stream().map(Tensor::name).sorted().toList();
    }

    private static Weights throughCheckpoint(ModelSpec spec, Weights weights) {
        return roundTrip(Checkpoint.of(spec, weights)).weights();
    }

    /** Writes and reads a checkpoint file, as a user moving a model between backends would. */
    private static Checkpoint roundTrip(Checkpoint checkpoint) {
        try {
            Path file = Files.createTempFile("cadenza-conformance", ".zip");
            try {
                checkpoint.write(file);
                return Checkpoint.read(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
