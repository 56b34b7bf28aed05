package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.testkit.ConformanceSpecs;
import dev.cadenza.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Three models trained in three threads at once end with exactly the weights of training them one after the other.
 * DJL's own gradient collector allows one per process ("A PtGradientCollector is already collecting"); PyTorch's
 * grad mode is per thread, so the backend records gradients per thread ({@link ThreadGradientCollector}). One of the
 * models has dropout, whose masks come from its session's random stream: its steps must still repeat exactly.
 */
class ConcurrentTrainingTest {
    private static final int STEPS = 6;

    @Test
    void twoModelsTrainInTwoThreadsAsTheyDoOneAfterTheOther() throws Exception {
        List<ModelSpec> specs = List.of(spec("s3-small"), spec("dropout and dense stack"), spec("s1-small"));
        Backend backend = new Backend(new DjlBackend(DjlEngine.get()));

        List<Weights> sequential = new ArrayList<>();
        for (ModelSpec spec : specs) sequential.add(train(backend, spec, null));

        CyclicBarrier together = new CyclicBarrier(specs.size());
        ExecutorService threads = Executors.newFixedThreadPool(specs.size());
        try {
            List<Future<Weights>> concurrent = new ArrayList<>();
            for (ModelSpec spec : specs) concurrent.add(threads.submit(() -> train(backend, spec, together)));
            for (int i = 0; i < specs.size(); i++) {
                Weights got = concurrent.get(i).get(5, TimeUnit.MINUTES);
                for (Tensor t : sequential.get(i).tensors())
                    assertArrayEquals(t.data(), got.get(t.name()).data(), "model " + i + ", " + t.name());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A few Adam steps from fixed weights on a fixed batch; with a barrier, every step starts with the others'. */
    private static Weights train(Backend backend, ModelSpec spec, CyclicBarrier together) throws Exception {
        Batch batch = Fixtures.randomBatch(spec, 3, 7, 5);
        try (SequenceModel model = backend.create(spec, Fixtures.randomWeights(spec, 4))) {
            TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(0.01)).withSeed(9));
            for (int i = 0; i < STEPS; i++) {
                if (together != null) together.await(1, TimeUnit.MINUTES);
                session.step(batch);
            }
            return model.weights();
        }
    }

    private static ModelSpec spec(String prefix) {
        return ConformanceSpecs.all().stream().filter(n -> n.name().startsWith(prefix)).findFirst().orElseThrow().spec();
    }
}
