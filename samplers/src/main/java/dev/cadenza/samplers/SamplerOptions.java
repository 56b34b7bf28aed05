package dev.cadenza.samplers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The string options of one sampler provider, read with checks: an unknown key or a malformed value is an
 * IllegalArgumentException naming the sampler, the option and what was expected.
 */
final class SamplerOptions {
    private final String sampler;
    private final Map<String, String> values;
    private final Map<String, String> shownAs = new java.util.HashMap<>(); // renamed key -> the user's name

    SamplerOptions(String sampler, Map<String, String> options, Set<String> known) {
        this.sampler = sampler;
        this.values = new LinkedHashMap<>(options == null ? Map.of() : options);
        for (String key : values.keySet())
            if (!known.contains(key))
                throw new IllegalArgumentException("unknown option '" + key + "' for sampler '" + sampler + "'; "
                        + (known.isEmpty() ? "it takes no options" : "known options: " + String.join(", ", new TreeSet<>(known))));
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** Renames {@code from} to {@code to} (a provider's short name to the composed sampler's name). */
    SamplerOptions rename(String from, String to) {
        if (values.containsKey(from)) values.put(to, values.remove(from));
        shownAs.put(to, from);
        return this;
    }

    double number(String key, double fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw malformed(key, v, "a number");
    }

    int integer(String key, int fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw malformed(key, v, "a whole number");
        }
    }

    boolean flag(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1", "" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw malformed(key, v, "true or false");
        };
    }

    String text(String key, String fallback) {
        String v = values.get(key);
        return v == null ? fallback : v.trim();
    }

    IllegalArgumentException malformed(String key, String value, String expected) {
        return new IllegalArgumentException("option '" + shownAs.getOrDefault(key, key) + "' of sampler '" + sampler + "' must be " + expected
                + ", was '" + value + "'");
    }

    /** Runs a constructor that validates a value, naming the option in its message. */
    <T> T checked(String key, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option '" + shownAs.getOrDefault(key, key) + "' of sampler '" + sampler + "': " + e.getMessage(), e);
        }
    }

    /** {@code options} with {@code key} set to {@code value} unless it is given. */
    static Map<String, String> withDefault(Map<String, String> options, String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(options == null ? Map.of() : options);
        m.putIfAbsent(key, value);
        return m;
    }

    static Set<String> keys(List<String> a, String... more) {
        Set<String> s = new java.util.HashSet<>(a);
        s.addAll(List.of(more));
        return s;
    }
}
