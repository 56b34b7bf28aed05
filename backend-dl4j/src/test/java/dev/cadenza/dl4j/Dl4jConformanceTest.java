package dev.cadenza.dl4j;

import dev.cadenza.Backend;
import dev.cadenza.testkit.BackendConformance;

/**
 * The whole conformance suite against backend-pure, every input, layer and loss kind included (the default
 * {@code supportedLayers()}). The suite skips truncated BPTT by itself, through {@code unsupported(TrainingConfig)}.
 */
class Dl4jConformanceTest implements BackendConformance {
    @Override
    public Backend backend() {
        return Fixtures.backend();
    }
}
