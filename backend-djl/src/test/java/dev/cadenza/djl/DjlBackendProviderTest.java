package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.spi.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider is found by discovery, cheap, ranked below pure, and opens the offline PyTorch engine. */
class DjlBackendProviderTest {
    @Test
    void discoveredWithNameAndPriority() {
        var provider = Cadenza.discover().backendProviders().get("djl");
        assertTrue(provider instanceof DjlBackendProvider, "djl registered in META-INF/services");
        assertEquals(DjlBackendProvider.PRIORITY, provider.priority());
        assertTrue(provider.priority() < Cadenza.discover().backendProviders().get("pure").priority(), "pure is chosen when none is named");
        assertTrue(provider.availability().available(), provider.availability().reason());
    }

    @Test
    void opensOfflineOnTheCpu() {
        Engine engine = new DjlBackendProvider().open();
        assertEquals("djl", engine.name());
        assertEquals("true", System.getProperty("ai.djl.offline"), "downloads are switched off before the engine loads");
        assertTrue(engine.toString().contains("PyTorch 2.7.1"), engine.toString());
        assertEquals("djl", Cadenza.discover().backend("djl").name(), "discovery opens it by name");
    }

    @Test
    void refusesToStepANonCausalModel() {
        ModelSpec spec = ModelSpec.of(new Input.OneHot(4), new Layer.Bidirectional(new Layer.Lstm(3, true), Layer.Merge.CONCAT),
                new Layer.Dense(4, Activation.LINEAR));
        try (SequenceModel model = new Backend(new DjlBackendProvider().open()).create(spec, 1L)) {
            assertThrows(IllegalStateException.class, () -> model.newState(1));
        }
    }

    @Test
    void namesTheBadTokenAndItsPlace() {
        ModelSpec spec = ModelSpec.of(new Input.Embedding(4, 2), new Layer.Lstm(3, true), new Layer.Dense(4, Activation.LINEAR));
        try (SequenceModel model = new Backend(new DjlBackendProvider().open()).create(spec, 1L)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> model.forward(dev.cadenza.model.Batch.ofTokens(1, 3, new int[] {0, 9, 1}, null)));
            assertTrue(e.getMessage().contains("token id 9 at row 0, step 1"), e.getMessage());
        }
    }

    /** Without the native jar on its class path the provider says so, naming the artifact, and loads nothing. */
    @Test
    void withoutNativesAvailabilityNamesTheArtifact() throws Exception {
        java.util.List<java.net.URL> urls = new java.util.ArrayList<>();
        for (Class<?> c : new Class<?>[] {DjlBackendProvider.class, dev.cadenza.spi.Availability.class,
                ai.djl.engine.Engine.class, Class.forName(DjlEngine.ENGINE_CLASS)})
            urls.add(c.getProtectionDomain().getCodeSource().getLocation());
        try (var loader = new java.net.URLClassLoader(urls.toArray(new java.net.URL[0]), ClassLoader.getPlatformClassLoader())) {
            Object provider = loader.loadClass(DjlBackendProvider.class.getName()).getConstructor().newInstance();
            Object availability = provider.getClass().getMethod("availability").invoke(provider);
            boolean available = (boolean) availability.getClass().getMethod("available").invoke(availability);
            String reason = (String) availability.getClass().getMethod("reason").invoke(availability);
            assertTrue(!available, "available without natives");
            assertTrue(reason.contains("pytorch-native-cpu") && reason.contains("linux-x86_64"), reason);
        }
    }
}
