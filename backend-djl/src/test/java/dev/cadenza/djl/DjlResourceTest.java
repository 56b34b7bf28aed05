package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.testkit.ConformanceSpecs;
import dev.cadenza.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training, inference and native stepping leave no native arrays behind on the model's manager. */
class DjlResourceTest {
    @Test
    void stepsDoNotLeakNativeArrays() {
        for (String name : List.of("s3", "dropout")) {
            ModelSpec spec = ConformanceSpecs.all().stream().filter(n -> n.name().startsWith(name)).findFirst().orElseThrow().spec();
            Batch batch = Fixtures.randomBatch(spec, 2, 6, 1);
            Capturing engine = new Capturing(new DjlBackend(DjlEngine.get()));
            try (SequenceModel model = new Backend(engine).create(spec, 1L)) {
                DjlModel djl = (DjlModel) engine.created;
                for (Optimizer optimizer : new Optimizer[] {Optimizer.nadam(0.01), new Optimizer.Sgd(0.1, 0.9, true), Optimizer.rmsProp(0.01)}) {
                    TrainingSession session = model.train(TrainingConfig.of(optimizer).withWeightDecay(0.01)
                            .withClipping(GradientClipping.globalNorm(0.1)).withTruncatedBptt(4).withMicroBatches(1));
                    session.step(batch);
                    model.forward(batch);
                    ModelState state = model.newState(2);
                    model.step(state, 1, 2);
                    model.forward(batch.steps(0, 3), state);
                    int arrays = djl.manager().getManagedArrays().size();
                    for (int i = 0; i < 3; i++) {
                        session.step(batch);
                        session.gradients(batch);
                        model.forward(batch);
                        model.step(state, 3, 4);
                        model.forward(batch.steps(0, 3), state);
                    }
                    // A leak grows the count; native memory DJL frees late (after a collection) may shrink it.
                    int after = djl.manager().getManagedArrays().size();
                    assertTrue(after <= arrays, spec + ": native arrays grew from " + arrays + " to " + after + " after more steps with " + optimizer);
                }
            }
        }
    }

    /** The DJL engine, keeping the engine model it created last (the api hides it behind SequenceModel). */
    private static final class Capturing implements Engine {
        private final Engine engine;
        private EngineModel created;

        Capturing(Engine engine) {
            this.engine = engine;
        }

        @Override
        public String name() {
            return engine.name();
        }

        @Override
        public List<String> unsupported(ModelSpec spec) {
            return engine.unsupported(spec);
        }

        @Override
        public EngineModel create(ModelSpec spec, Weights weights) {
            return created = engine.create(spec, weights);
        }
    }
}
