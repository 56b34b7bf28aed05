package dev.cadenza.spi;

/**
 * A cheap handle on a backend, registered in {@code META-INF/services/dev.cadenza.spi.BackendProvider}.
 * Constructing it and asking {@link #availability()} must not load native libraries; {@link #open()} does.
 */
public interface BackendProvider {
    /**
     * Name used to select it: "pure", "djl", "dl4j".
     *
     * @return the name, unique among backends
     */
    String name();

    /**
     * Higher wins when no backend is named.
     *
     * @return the priority: 100 for the pure-Java backend, 40 for DL4J
     */
    int priority();

    /**
     * Cheap check (classes on the class path, platform supported) without loading native code.
     *
     * @return whether {@link #open()} can be expected to work, and why not
     */
    Availability availability();

    /**
     * Loads the engine (and its native libraries) and checks it before it computes anything; fails with a message
     * naming what is missing or wrong and the remedy.
     *
     * @return the opened engine, shared by every model of the backend
     * @throws RuntimeException naming what is missing or wrong, when the engine cannot be loaded or fails its
     *     self-check
     */
    Engine open();
}
