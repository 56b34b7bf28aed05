package dev.cadenza.generate;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What samplers remember about one row of one generation between its steps (a grammar's cursor, say), so that a
 * sampler object itself stays stateless and shareable. A generator makes one per row and generation; it is used by
 * one thread at a time.
 */
public final class RowMemory {
    private final Map<Object, Object> values = new HashMap<>();

    /**
     * The value kept under {@code key} (a sampler uses itself or a private object as its key), made by {@code init} the
     * first time.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> init) {
        return (T) values.computeIfAbsent(key, k -> init.get());
    }

    /** Forgets the value kept under {@code key}. */
    public void remove(Object key) {
        values.remove(key);
    }
}
