package dev.cadenza.djl;

import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.testkit.ConformanceSpecs;
import dev.cadenza.testkit.Fixtures;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training, inference and native stepping leave no native arrays behind on the model's manager. */
class DjlResourceTest {
    @Test
    void stepsDoNotLeakNativeArrays() {
        var spec = ConformanceSpecs.all().stream().filter(n -> n.name().startsWith("s3")).findFirst().orElseThrow().spec();
        Batch batch = Fixtures.randomBatch(spec, 2, 6, 1);
        try (DjlSequenceModel model = (DjlSequenceModel) new DjlBackend(DjlEngine.get(), false).create(spec, 1L)) {
            for (Optimizer optimizer : new Optimizer[] {Optimizer.nadam(0.01), new Optimizer.Sgd(0.1, 0.9, true), Optimizer.rmsProp(0.01)}) {
                TrainingSession session = model.train(TrainingConfig.of(optimizer).withWeightDecay(0.01)
                        .withClipping(GradientClipping.globalNorm(0.1)).withTruncatedBptt(4));
                session.step(batch);
                model.forward(batch);
                ModelState state = model.newState(2);
                model.step(state, new int[] {1, 2});
                int arrays = model.manager().getManagedArrays().size();
                for (int i = 0; i < 3; i++) {
                    session.step(batch);
                    model.forward(batch);
                    model.step(state, new int[] {3, 4});
                }
                // A leak grows the count; native memory DJL frees late (after a collection) may shrink it.
                int after = model.manager().getManagedArrays().size();
                assertTrue(after <= arrays, "native arrays grew from " + arrays + " to " + after + " after more steps with " + optimizer);
            }
        }
    }
}
