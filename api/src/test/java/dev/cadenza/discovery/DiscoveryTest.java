package dev.cadenza.discovery;

import dev.cadenza.Cadenza;
import dev.cadenza.spi.Availability;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DiscoveryTest {

    private static Cadenza.Builder three() {
        return Cadenza.builder()
                .backend(FakeBackends.provider("pure", 100, Availability.yes()))
                .backend(FakeBackends.provider("djl", 50, Availability.yes()))
                .backend(FakeBackends.provider("dl4j", 40, Availability.no("nd4j-native is not on the class path")))
                .properties(k -> null).environment(k -> null);
    }

    @Test
    void serviceLoaderFindsTheOnlyBackendPresentAndReportsTheBrokenOne() {
        Cadenza cadenza = Cadenza.builder().properties(k -> null).environment(k -> null)
                .discover(getClass().getClassLoader()).build();
        assertEquals("listed", cadenza.backend().name());
        assertEquals(1, cadenza.loadProblems().size(), cadenza.loadProblems().toString());
        assertTrue(cadenza.loadProblems().get(0).contains("FakeBackends$Broken"), cadenza.loadProblems().get(0));
        assertTrue(cadenza.describeBackends().contains("failed to load"), cadenza.describeBackends());
    }

    @Test
    void highestPriorityAvailableWinsWhenNothingIsNamed() {
        assertEquals("pure", three().build().backend().name());
        Cadenza noPure = Cadenza.builder().backend(FakeBackends.provider("dl4j", 40, Availability.no("x")))
                .backend(FakeBackends.provider("djl", 50, Availability.yes())).properties(k -> null).environment(k -> null).build();
        assertEquals("djl", noPure.backend().name());
    }

    @Test
    void aNameInCodeThenThePropertyThenTheEnvironmentSelect() {
        assertEquals("djl", three().build().backend("djl").name());
        Map<String, String> props = Map.of(Cadenza.BACKEND_PROPERTY, "djl");
        Map<String, String> env = Map.of(Cadenza.BACKEND_ENVIRONMENT, "pure");
        assertEquals("djl", three().properties(props::get).environment(env::get).build().backend().name());
        assertEquals("pure", three().environment(env::get).build().backend().name());
        assertEquals("djl", three().environment(Map.of(Cadenza.BACKEND_ENVIRONMENT, "djl")::get).build().backend().name());
    }

    @Test
    void anUnknownNameListsEveryProviderAndWhyEachIsUnavailable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three().build().backend("tensorflow"));
        assertTrue(e.getMessage().contains("unknown Cadenza backend 'tensorflow'"), e.getMessage());
        assertTrue(e.getMessage().contains("pure (priority 100, available)"), e.getMessage());
        assertTrue(e.getMessage().contains("dl4j (priority 40, unavailable: nd4j-native is not on the class path)"), e.getMessage());
    }

    @Test
    void anUnavailableNameSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> three().properties(Map.of(Cadenza.BACKEND_PROPERTY, "dl4j")::get).build().backend());
        assertTrue(e.getMessage().contains("system property cadenza.backend"), e.getMessage());
        assertTrue(e.getMessage().contains("nd4j-native is not on the class path"), e.getMessage());
    }

    @Test
    void noBackendAtAllTellsWhichDependencyToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Cadenza.builder().properties(k -> null).environment(k -> null).build().backend());
        assertTrue(e.getMessage().contains("cadenza-backend-pure"), e.getMessage());
    }

    @Test
    void unknownPluginsListWhatExists() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three().build().sampler("top-q"));
        assertTrue(e.getMessage().contains("unknown sampler 'top-q'"), e.getMessage());
    }
}
