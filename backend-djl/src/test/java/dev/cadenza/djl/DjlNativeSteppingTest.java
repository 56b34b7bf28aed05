package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.testkit.ConformanceSpecs;
import dev.cadenza.testkit.Fixtures;
import dev.cadenza.testkit.Tolerance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Generation on DJL itself beyond the conformance suite: the whole-batch path of {@code forward(batch, state)} (one
 * native pass per layer, not one per step) for every causal spec, last-step heads included, and steps on distinct
 * states running in several threads at once, as the engine SPI allows.
 */
class DjlNativeSteppingTest {
    private final Backend djl = new Backend(new DjlBackend(DjlEngine.get()));

    /** A batch fed from a state in one call gives the outputs of stepping it, and leaves the same state behind. */
    @TestFactory
    Stream<DynamicTest> wholeBatchFromAStateEqualsStepping() {
        return ConformanceSpecs.causal().stream().map(n -> DynamicTest.dynamicTest(n.name(), () -> {
            ModelSpec spec = n.spec();
            int rows = 2, steps = 5, classes = spec.outputs();
            Batch batch = Fixtures.randomBatch(spec, rows, steps + 1, 61);
            try (SequenceModel model = djl.create(spec, Fixtures.randomWeights(spec, 62))) {
                ModelState whole = model.newState(rows), stepping = model.newState(rows);
                float[] all = model.forward(batch.steps(0, steps).inputsOnly(), whole);
                float[] stepped = new float[rows * steps * classes], last = null;
                for (int t = 0; t < steps; t++) {
                    last = step(model, stepping, batch.step(t));
                    for (int r = 0; r < rows; r++) System.arraycopy(last, r * classes, stepped, (r * steps + t) * classes, classes);
                }
                // A per-step head returns every step; a last-step head only the last one.
                Tolerance.assertClose(spec.head() == ModelSpec.Head.PER_STEP ? stepped : last, all, Tolerance.DEFAULT,
                        "the whole batch from a state against stepping it");
                Tolerance.assertClose(step(model, stepping, batch.step(steps)), step(model, whole, batch.step(steps)),
                        Tolerance.DEFAULT, "the step after, from either state");
            }
        }));
    }

    /** Four threads stepping their own states of one model at once get exactly what one thread gets stepping alone. */
    @Test
    void concurrentStepsOnDistinctStatesEqualSequentialOnes() throws Exception {
        ModelSpec spec = ConformanceSpecs.all().stream().filter(n -> n.name().startsWith("s3")).findFirst().orElseThrow().spec();
        int threads = 4, steps = 20;
        try (SequenceModel model = djl.create(spec, Fixtures.randomWeights(spec, 63))) {
            List<Batch> inputs = new ArrayList<>();
            List<float[]> alone = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                inputs.add(Fixtures.randomBatch(spec, 2, steps, 64 + i));
                alone.add(generate(model, inputs.get(i), null));
            }
            CyclicBarrier together = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<float[]>> running = new ArrayList<>();
                for (Batch b : inputs) running.add(pool.submit(() -> generate(model, b, together)));
                for (int i = 0; i < threads; i++)
                    assertArrayEquals(alone.get(i), running.get(i).get(2, TimeUnit.MINUTES), "thread " + i);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Every step's outputs, concatenated; with a barrier, each step starts together with the other threads'. */
    private static float[] generate(SequenceModel model, Batch batch, CyclicBarrier together) throws Exception {
        ModelState state = model.newState(batch.size());
        int width = model.spec().outputs() * batch.size();
        float[] out = new float[batch.steps() * width];
        for (int t = 0; t < batch.steps(); t++) {
            if (together != null) together.await(1, TimeUnit.MINUTES);
            System.arraycopy(step(model, state, batch.step(t)), 0, out, t * width, width);
        }
        return out;
    }

    private static float[] step(SequenceModel model, ModelState state, Batch one) {
        if (one.features() != null) return model.step(state, one.features());
        if (one.conditioning() != null) return model.step(state, one.tokens(), one.conditioning());
        return model.step(state, one.tokens());
    }
}
