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
     *
     * @param <T> the value's type, which the key's owner knows
     * @param key the key, compared by {@code equals}
     * @param init makes the first value; called at most once per key until {@link #remove}
     * @return the value kept
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Supplier<T> init) {
        return (T) values.computeIfAbsent(key, k -> init.get());
    }

    /**
     * Forgets the value kept under {@code key}.
     *
     * @param key the key
     */
    public void remove(Object key) {
        values.remove(key);
    }
}
