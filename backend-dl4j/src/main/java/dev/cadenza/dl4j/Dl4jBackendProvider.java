package dev.cadenza.dl4j;

import dev.cadenza.spi.Availability;
import dev.cadenza.spi.BackendProvider;
import dev.cadenza.spi.Engine;

/**
 * The DL4J backend ("dl4j"): Cadenza's models on DeepLearning4J 1.0.0-M2.1 with ND4J's native CPU engine. Cheap to
 * construct; {@link #open()} loads the native library.
 */
public final class Dl4jBackendProvider implements BackendProvider {
    static final String NAME = "dl4j";

    @Override
    public String name() {
        return NAME;
    }

    /** Below the pure-Java backend: DL4J is chosen when named, or when nothing better is on the class path. */
    @Override
    public int priority() {
        return 40;
    }

    @Override
    public Availability availability() {
        String problem = NativeRuntime.problem();
        return problem == null ? Availability.yes() : Availability.no(problem);
    }

    @Override
    public Engine open() {
        NativeRuntime.load();
        return new Dl4jBackend();
    }
}
