package dev.cadenza.renderers;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The string options of one render call, checked against the keys a renderer knows; every parse error names the
 * renderer's format, the option and what was expected.
 */
final class RenderOptions {
    private final String format;
    private final Map<String, String> values;

    private RenderOptions(String format, Map<String, String> values) {
        this.format = format;
        this.values = values;
    }

    /** Rejects keys outside {@code known} (listing them and the known ones). */
    static RenderOptions of(String format, Map<String, String> options, Set<String> known) {
        Map<String, String> values = options == null ? Map.of() : options;
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) if (!known.contains(key)) unknown.add(key);
        if (!unknown.isEmpty())
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + unknown + " for the '"
                    + format + "' renderer; known options: " + (known.isEmpty() ? "none" : new TreeSet<>(known)));
        return new RenderOptions(format, values);
    }

    boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isBlank();
    }

    int integer(String key, int fallback, int min, int max) {
        if (!has(key)) return fallback;
        String v = values.get(key).trim();
        int parsed;
        try {
            parsed = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer in " + min + ".." + max);
        }
        if (parsed < min || parsed > max) throw bad(key, v, "an integer in " + min + ".." + max);
        return parsed;
    }

    /** A finite number in [min, max]. */
    double number(String key, double fallback, double min, double max) {
        if (!has(key)) return fallback;
        String v = values.get(key).trim();
        double parsed;
        try {
            parsed = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number in " + min + ".." + max);
        }
        if (!(parsed >= min && parsed <= max)) throw bad(key, v, "a number in " + min + ".." + max);
        return parsed;
    }

    /** A number that must be strictly positive and at most {@code max}. */
    double positive(String key, double fallback, double max) {
        if (!has(key)) return fallback;
        double parsed = number(key, fallback, 0, max);
        if (parsed <= 0) throw bad(key, values.get(key), "a number > 0 and <= " + max);
        return parsed;
    }

    /** One of the given words (case-insensitive), returned in lower case. */
    String choice(String key, String fallback, Set<String> choices) {
        if (!has(key)) return fallback;
        String v = values.get(key).trim().toLowerCase(java.util.Locale.ROOT);
        if (!choices.contains(v)) throw bad(key, values.get(key), "one of " + new TreeSet<>(choices));
        return v;
    }

    /** An existing readable regular file, or null when the option is absent. */
    Path existingFile(String key) {
        if (!has(key)) return null;
        String v = values.get(key).trim();
        Path p;
        try {
            p = Path.of(v);
        } catch (InvalidPathException e) {
            throw bad(key, v, "a file path");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) throw bad(key, v, "an existing readable file");
        return p;
    }

    private IllegalArgumentException bad(String key, String value, String expected) {
        return new IllegalArgumentException("option '" + key + "' of the '" + format + "' renderer was '" + value
                + "', expected " + expected);
    }
}
