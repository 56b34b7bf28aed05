package dev.cadenza.djl;

import dev.cadenza.spi.Backend;
import dev.cadenza.testkit.BackendConformance;

/** The DJL backend against backend-pure: every layer kind, optimizer step, checkpoint move and generation. */
class DjlConformanceTest implements BackendConformance {
    private final Backend backend = new DjlBackendProvider().open();

    @Override
    public Backend backend() {
        return backend;
    }
}
