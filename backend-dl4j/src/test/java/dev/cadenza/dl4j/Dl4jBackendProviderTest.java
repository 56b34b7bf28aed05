package dev.cadenza.dl4j;

import dev.cadenza.Cadenza;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, the cheap availability check, and the advice a user gets when the natives are missing. */
class Dl4jBackendProviderTest {
    @Test
    void registeredUnderItsNameAndAvailableHere() {
        Dl4jBackendProvider provider = assertInstanceOf(Dl4jBackendProvider.class, Cadenza.discover().backendProviders().get("dl4j"));
        assertEquals(40, provider.priority());
        assertTrue(provider.availability().available(), provider.availability().reason());
        assertEquals("dl4j", Fixtures.backend().name());
    }

    /** The pom excludes nd4j-native's generic natives: only the AVX-512 variant is on the class path, and it loads. */
    @Test
    void onlyTheAvx512NativesAreOnTheClassPath() {
        assertEquals(List.of("linux-x86_64-avx512"), NativeRuntime.presentClassifiers());
        Fixtures.backend(); // loaded from that jar alone
    }

    @Test
    void adviceNamesTheArtifactAndTheClassifierThisCpuRuns() {
        String best = NativeRuntime.bestClassifier();
        String advice = NativeRuntime.advice();
        assertTrue(advice.contains("org.nd4j:nd4j-native:1.0.0-M2.1:" + best), advice);
        assertTrue(advice.contains("org.bytedeco:openblas:0.3.19-1.5.7:linux-x86_64"), advice);
        assertTrue(advice.contains("this CPU"), advice);
    }
}
