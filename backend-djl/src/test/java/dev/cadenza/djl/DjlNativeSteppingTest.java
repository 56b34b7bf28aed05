package dev.cadenza.djl;

import dev.cadenza.testkit.BackendConformance;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * Generation on DJL itself (no pure-Java twin): the conformance suite's step-versus-forward contract, which
 * {@link DjlConformanceTest} passes through the twin when backend-pure is on the class path, as it is here.
 */
class DjlNativeSteppingTest {
    private final BackendConformance nativeStepping = () -> new DjlBackend(DjlEngine.get(), false);

    @TestFactory
    Stream<DynamicTest> nativeStepMatchesForward() {
        return nativeStepping.stepMatchesForward();
    }
}
