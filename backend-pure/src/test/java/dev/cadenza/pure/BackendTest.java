package dev.cadenza.pure;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Initialization;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.Backend;
import dev.cadenza.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, the S3 chorale model at full size, and the model's lifecycle. */
class BackendTest {
    static ModelSpec chorale() {
        return GenerationStateTest.choraleLike(256);
    }

    @Test
    void theProviderIsFoundByServiceLoaderAndRunsEverything() {
        BackendProvider provider = ServiceLoader.load(BackendProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("pure")).findFirst().orElseThrow();
        assertEquals(100, provider.priority());
        assertTrue(provider.availability().available());
        Backend backend = new Backend(provider.open());
        assertEquals("pure", backend.name());
        ModelSpec bi = ModelSpec.of(Input.features(2), new Layer.Bidirectional(new Layer.Gru(3, false), Layer.Merge.SUM), Layer.dense(2));
        assertEquals(java.util.List.of(), backend.unsupported(bi));
        assertEquals(java.util.List.of(), backend.unsupported(chorale()));
        try (SequenceModel m = backend.create(bi, 9)) {
            assertEquals(Initialization.initialize(bi, 9), m.weights());
            assertEquals("pure", m.backend());
        }
    }

    /**
     * SYSTEMS.md S3 gives 396,810 parameters, which is Keras' total: it counts the BatchNorm running mean and variance
     * (4 x (32 + 48 + 64 + 96) = 960 values, of which 480 are the non-trainable running statistics). The canonical
     * layout holds exactly the same tensors, so there is no difference: 396,330 trainable + 480 running = 396,810.
     */
    @Test
    void theChoraleModelHasKerasParameterCount() {
        ModelSpec spec = chorale();
        assertEquals(396_810, spec.parameterCount());
        long trainable = spec.parameters().stream().filter(ParameterSpec::trainable).mapToLong(ParameterSpec::size).sum();
        assertEquals(396_330, trainable);
        Network net = new Network(spec, new Matmul(dev.cadenza.pure.simd.Kernels.best()));
        long inEngine = 0;
        for (ParameterSpec p : spec.parameters()) inEngine += net.parameters.value(p.name()).length;
        assertEquals(396_810, inEngine);
    }

    @Test
    void theFullSizeChoraleModelTrainsAndSamples() {
        ModelSpec spec = chorale();
        SequenceModel model = new dev.cadenza.Backend(new PureBackendProvider().open()).create(spec, 42);
        var batch = TestModels.randomBatch(spec, 2, 16, 3);
        StepResult r = model.train(TrainingConfig.of(Optimizer.nadam(1e-3))).step(batch);
        assertTrue(Math.abs(r.loss() - Math.log(47)) < 0.5, "initial loss near ln 47: " + r.loss());
        assertTrue(r.gradientNorm() > 0 && Double.isFinite(r.gradientNorm()));
        var state = model.newState(1);
        float[] logits = null;
        for (int t = 0; t < 20; t++) logits = model.step(state, new int[] {t % 47});
        assertEquals(47, logits.length);
    }

    @Test
    void aClosedModelRefusesWork() {
        ModelSpec spec = ModelSpec.of(Input.oneHot(3), Layer.Conv1D.causal(2, 2, 1, Activation.RELU), Layer.dense(3));
        SequenceModel m = new dev.cadenza.Backend(new PureBackendProvider().open()).create(spec, 1);
        m.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, m::weights);
        assertTrue(e.getMessage().contains("closed"));
        assertThrows(IllegalStateException.class, () -> m.train(TrainingConfig.of(Optimizer.adam(1e-3))));
    }

    @Test
    void truncatedBpttOnANonCausalModelIsRefused() {
        ModelSpec bi = ModelSpec.of(Input.features(2), Layer.bidirectional(Layer.lstm(3)), Layer.dense(2));
        SequenceModel m = new dev.cadenza.Backend(new PureBackendProvider().open()).create(bi, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.train(TrainingConfig.of(Optimizer.adam(1e-3)).withTruncatedBptt(4)));
        assertTrue(e.getMessage().contains("layer 0 (Bidirectional"), e.getMessage());
    }
}
