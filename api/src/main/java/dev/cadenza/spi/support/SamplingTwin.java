package dev.cadenza.spi.support;

import dev.cadenza.Cadenza;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Backend;
import dev.cadenza.spi.BackendProvider;

import java.util.function.Supplier;

/**
 * Generation on the pure-Java engine from a native engine's weights. Engines that pay a native call per operation
 * (DJL, DL4J) step a batch-1 generation far slower than pure Java does, and the portable weight layout makes a copy
 * cheap. The pure backend is found at run time through discovery, never as a compile dependency (backends must not
 * depend on each other); without it, or for a spec it cannot run exactly, {@link #model()} is null and the owner
 * generates natively. The twin copies the owner's weights lazily, on the first use after {@link #weightsChanged()}.
 * Engines create one unless {@link #enabledFor} says the user turned it off ({@code -Dcadenza.<engine>.sampling=native}).
 */
public final class SamplingTwin implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SamplingTwin.class.getName());
    private static final Object LOOKUP = new Object();
    private static Backend pure;
    private static boolean lookedUp;

    private final String engine;
    private final ModelSpec spec;
    private final Supplier<Weights> weights;
    private SequenceModel twin;
    private boolean created;
    private long version, twinVersion = -1;

    /** @param weights the owner's current weights in the canonical layout (called only when they changed) */
    public SamplingTwin(String engine, ModelSpec spec, Supplier<Weights> weights) {
        this.engine = engine;
        this.spec = spec;
        this.weights = weights;
    }

    /** False when the system property {@code cadenza.<engine>.sampling} is {@code native}. */
    public static boolean enabledFor(String engine) {
        return !"native".equals(System.getProperty("cadenza." + engine + ".sampling"));
    }

    /** Tells the twin the owner's weights changed (an optimizer step, a load). */
    public synchronized void weightsChanged() {
        version++;
    }

    /** The pure-Java model with the owner's current weights, or null when generation must run natively. */
    public synchronized SequenceModel model() {
        if (!created) {
            created = true;
            Backend backend = pureBackend();
            if (backend != null && backend.unsupported(spec).isEmpty()) {
                twin = backend.create(spec, weights.get());
                twinVersion = version;
            } else {
                LOG.log(System.Logger.Level.INFO, "backend-pure is not on the class path (or cannot run this spec): " + engine
                        + " generates natively, one native call per operation");
            }
        }
        if (twin != null && twinVersion != version) {
            twin.loadWeights(weights.get());
            twinVersion = version;
        }
        return twin;
    }

    private static Backend pureBackend() {
        synchronized (LOOKUP) {
            if (lookedUp) return pure;
            lookedUp = true;
            try {
                Cadenza cadenza = Cadenza.discover();
                BackendProvider provider = cadenza.backendProviders().get("pure");
                if (provider != null && provider.availability().available()) pure = cadenza.backend("pure");
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "backend-pure was found but could not be opened; generation runs natively", e);
            }
            return pure;
        }
    }

    @Override
    public synchronized void close() {
        if (twin != null) twin.close();
        twin = null;
    }
}
