package dev.cadenza.testkit;

import dev.cadenza.Cadenza;
import dev.cadenza.Backend;

/** The oracle every backend is compared with: backend-pure, found through discovery. */
public final class ReferenceBackend {
    /** The reference backend's provider name. */
    public static final String NAME = "pure";
    private static Backend pure;

    private ReferenceBackend() {}

    /**
     * The pure-Java backend, opened once.
     *
     * @return the shared backend
     * @throws IllegalArgumentException when backend-pure is not on the class path
     * @throws IllegalStateException when it is there but unavailable
     */
    public static synchronized Backend get() {
        if (pure == null) pure = Cadenza.discover().backend(NAME);
        return pure;
    }
}
