package dev.cadenza.testkit;

import dev.cadenza.Backend;

/** backend-pure against itself: the suite's own check that its oracle passes every contract. */
class PureConformanceTest implements BackendConformance {
    @Override
    public Backend backend() {
        return ReferenceBackend.get();
    }
}
