package dev.cadenza.djl;

import dev.cadenza.Cadenza;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Backend;
import dev.cadenza.spi.BackendProvider;

/**
 * Finds the pure-Java backend at run time through Cadenza's discovery, never as a compile dependency (backends
 * must not depend on each other), to generate from a DJL model's weights at pure-Java speed.
 */
final class PureTwin {
    private static final System.Logger LOG = System.getLogger(PureTwin.class.getName());
    private static Backend pure;
    private static boolean lookedUp;

    private PureTwin() {}

    /** A pure-Java model with these weights, or null when backend-pure is absent or cannot run the spec exactly. */
    static SequenceModel create(ModelSpec spec, Weights weights) {
        Backend backend = backend();
        if (backend == null || !backend.unsupported(spec).isEmpty()) return null;
        return backend.create(spec, weights);
    }

    private static synchronized Backend backend() {
        if (lookedUp) return pure;
        lookedUp = true;
        try {
            Cadenza cadenza = Cadenza.discover();
            BackendProvider provider = cadenza.backendProviders().get("pure");
            if (provider != null && provider.availability().available()) pure = cadenza.backend("pure");
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "backend-pure was found but could not be opened; DJL generates natively", e);
        }
        return pure;
    }
}
