package dev.cadenza.djl;

import dev.cadenza.Backend;
import dev.cadenza.testkit.BackendConformance;

/**
 * The whole conformance suite against backend-pure with every input, layer and loss kind (the default
 * {@code supportedLayers()}), truncated BPTT included: forward passes, optimizer steps, checkpoint moves, micro-batches
 * and generation, all on DJL's own code (its stepping too).
 */
class DjlConformanceTest implements BackendConformance {
    private final Backend backend = new Backend(new DjlBackendProvider().open());

    @Override
    public Backend backend() {
        return backend;
    }
}
