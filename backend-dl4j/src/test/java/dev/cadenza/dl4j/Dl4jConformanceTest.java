package dev.cadenza.dl4j;

import dev.cadenza.spi.Backend;
import dev.cadenza.testkit.BackendConformance;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The whole conformance suite against backend-pure, every layer kind included. Truncated BPTT, which this backend
 * refuses (DL4J's chunked gradients are not the canonical ones), is skipped here with an assumption that says so.
 */
class Dl4jConformanceTest implements BackendConformance {
    @Override
    public Backend backend() {
        return Fixtures.backend();
    }

    @Override
    @TestFactory
    public Stream<DynamicTest> otherOptimizersMatchReference() {
        return BackendConformance.super.otherOptimizersMatchReference().map(t -> !t.getDisplayName().contains("truncated BPTT") ? t
                : DynamicTest.dynamicTest(t.getDisplayName(), () -> Assumptions.abort(
                        "dl4j refuses truncated BPTT (UnsupportedOperationException from train): DL4J's chunked gradients differ")));
    }
}
