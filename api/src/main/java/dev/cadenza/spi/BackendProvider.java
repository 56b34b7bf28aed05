package dev.cadenza.spi;

/**
 * A cheap handle on a backend, registered in {@code META-INF/services/dev.cadenza.spi.BackendProvider}.
 * Constructing it and asking {@link #availability()} must not load native libraries; {@link #open()} does.
 */
public interface BackendProvider {
    /** Name used to select it: "pure", "djl", "dl4j". */
    String name();

    /** Higher wins when no backend is named. */
    int priority();

    /** Cheap check (classes on the class path, platform supported) without loading native code. */
    Availability availability();

    /**
     * Loads the engine (and its native libraries) and checks it before it computes anything; fails with a message
     * naming what is missing or wrong and the remedy.
     */
    Engine open();
}
