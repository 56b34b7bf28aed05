package dev.cadenza.spi;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The string form of a plug-in's options, as the command line and configuration files give them
 * ({@code temperature=0.9,top-p=0.95} or a map), and the one parser every plug-in reads it with: an unknown key or a
 * malformed value is an IllegalArgumentException that names the plug-in, the option and what was expected. In Java
 * code, plug-ins offer typed factories instead (for instance {@code Samplers.topP(0.95)}); this is for text. Immutable.
 */
public final class Options {
    private static final Options NONE = new Options("", Map.of());

    private final String owner;
    private final Map<String, String> values;

    private Options(String owner, Map<String, String> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * No options.
     *
     * @return the empty options, read by no one
     */
    public static Options none() {
        return NONE;
    }

    /**
     * The given keys and values (null is none).
     *
     * @param values keys and values, neither null nor blank keys; copied in their iteration order
     * @return the options
     * @throws IllegalArgumentException when a key is null or blank or a value is null
     */
    public static Options of(Map<String, String> values) {
        if (values == null || values.isEmpty()) return NONE;
        for (Map.Entry<String, String> e : values.entrySet())
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null)
                throw new IllegalArgumentException("option " + e.getKey() + "=" + e.getValue() + ": keys and values must not be empty or null");
        return new Options("", values);
    }

    /**
     * Parses {@code key=value,key=value}; blank text is no options. An entry without '=' or a key given twice is an
     * IllegalArgumentException naming it.
     *
     * @param text e.g. {@code p=0.9,t=0.8}; keys and values are trimmed; null or blank for none
     * @return the options, in the order given
     * @throws IllegalArgumentException when an entry has no key or no '=', or a key repeats
     */
    public static Options parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null || text.isBlank()) return NONE;
        for (String entry : text.split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("option '" + entry.trim() + "' in \"" + text + "\" must be key=value");
            String key = entry.substring(0, eq).trim();
            if (m.put(key, entry.substring(eq + 1).trim()) != null)
                throw new IllegalArgumentException("option '" + key + "' is given twice in \"" + text + "\"");
        }
        return new Options("", m);
    }

    /**
     * These options as read by {@code owner} (e.g. "sampler 'top-p'"), which knows {@code known} keys: an unknown key is
     * an IllegalArgumentException listing the known ones, and later errors name the owner.
     *
     * @param owner the reader, as error messages name it, e.g. "sampler 'top-p'"
     * @param known every key the owner reads
     * @return the same options, whose later errors name the owner
     * @throws IllegalArgumentException when a key is not among {@code known}
     */
    public Options readBy(String owner, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String key : values.keySet()) if (!known.contains(key)) unknown.add(key);
        if (!unknown.isEmpty())
            throw new IllegalArgumentException("unknown option" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " for " + owner + "; " + (known.isEmpty() ? "it takes no options" : "known options: " + String.join(", ", new TreeSet<>(known))));
        return new Options(owner, values);
    }

    /**
     * The options as a map, in the order given.
     *
     * @return an unmodifiable, insertion-ordered map
     */
    public Map<String, String> asMap() {
        return values;
    }

    /**
     * Whether no option is given.
     *
     * @return true when there are no keys
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Whether {@code key} is given with a non-blank value.
     *
     * @param key the option's name
     * @return false when it is absent or blank
     */
    public boolean has(String key) {
        String v = values.get(key);
        return v != null && !v.isBlank();
    }

    /**
     * The options with {@code key} set to {@code value} unless it is given.
     *
     * @param key the option's name
     * @param value the value to use when the key is not given
     * @return these options, or a copy with the default added
     */
    public Options withDefault(String key, String value) {
        if (values.containsKey(key)) return this;
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put(key, value);
        return new Options(owner, m);
    }

    /**
     * The options without {@code keys}.
     *
     * @param keys the names to remove
     * @return a copy without them, read by the same owner
     */
    public Options without(Set<String> keys) {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.keySet().removeAll(keys);
        return new Options(owner, m);
    }

    /**
     * A finite number, or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent or blank
     * @return the number
     * @throws IllegalArgumentException when the value is not a finite number
     */
    public double number(String key, double fallback) {
        if (!has(key)) return fallback;
        String v = values.get(key).trim();
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw malformed(key, v, "a number");
    }

    /**
     * A number in [min, max], or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent (not checked against the range)
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the number
     * @throws IllegalArgumentException when the value is not a number within the range
     */
    public double number(String key, double fallback, double min, double max) {
        double d = number(key, fallback);
        if (has(key) && !(d >= min && d <= max)) throw malformed(key, values.get(key), "a number in " + min + ".." + max);
        return d;
    }

    /**
     * A number in (0, max], or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent (not checked)
     * @param max the largest value accepted
     * @return the number
     * @throws IllegalArgumentException when the value is not a number above 0 and at most {@code max}
     */
    public double positive(String key, double fallback, double max) {
        double d = number(key, fallback);
        if (has(key) && !(d > 0 && d <= max)) throw malformed(key, values.get(key), "a number > 0 and <= " + max);
        return d;
    }

    /**
     * A whole number, or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent or blank
     * @return the number
     * @throws IllegalArgumentException when the value is not a whole number in the int range
     */
    public int integer(String key, int fallback) {
        if (!has(key)) return fallback;
        String v = values.get(key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw malformed(key, v, "a whole number");
        }
    }

    /**
     * A whole number in [min, max], or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent (not checked against the range)
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the number
     * @throws IllegalArgumentException when the value is not a whole number within the range
     */
    public int integer(String key, int fallback, int min, int max) {
        int i = integer(key, fallback);
        if (has(key) && (i < min || i > max)) throw malformed(key, values.get(key), "a whole number in " + min + ".." + max);
        return i;
    }

    /**
     * true/yes/on/1 or false/no/off/0 (a key given without a value is true), or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when the key is not given at all
     * @return the flag
     * @throws IllegalArgumentException when the value is none of the words above
     */
    public boolean flag(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) return fallback;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1", "" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw malformed(key, v, "true or false");
        };
    }

    /**
     * The text, trimmed, or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent or blank (may be null)
     * @return the trimmed text, or the fallback
     */
    public String text(String key, String fallback) {
        return has(key) ? values.get(key).trim() : fallback;
    }

    /**
     * One of {@code choices} (case-insensitive, returned in lower case), or {@code fallback} when absent.
     *
     * @param key the option's name
     * @param fallback the value when it is absent or blank (returned as given)
     * @param choices the accepted values, in lower case
     * @return the choice in lower case, or the fallback
     * @throws IllegalArgumentException when the value is not among the choices
     */
    public String choice(String key, String fallback, Set<String> choices) {
        if (!has(key)) return fallback;
        String v = values.get(key).trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(v)) throw malformed(key, values.get(key), "one of " + String.join(", ", new TreeSet<>(choices)));
        return v;
    }

    /**
     * An existing readable file, or null when absent.
     *
     * @param key the option's name
     * @return the path, or null when the option is absent or blank
     * @throws IllegalArgumentException when the value is not a path, or no readable regular file is there
     */
    public Path existingFile(String key) {
        if (!has(key)) return null;
        String v = values.get(key).trim();
        Path p;
        try {
            p = Path.of(v);
        } catch (InvalidPathException e) {
            throw malformed(key, v, "a file path");
        }
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) throw malformed(key, v, "an existing readable file");
        return p;
    }

    /**
     * An error about {@code key}'s value naming the owner, the option and what was expected.
     *
     * @param key the option's name
     * @param value the value as given
     * @param expected what would have been accepted, e.g. "a number in 0..1"
     * @return the exception, for the caller to throw
     */
    public IllegalArgumentException malformed(String key, String value, String expected) {
        return new IllegalArgumentException("option '" + key + "'" + (owner.isEmpty() ? "" : " of " + owner) + " must be "
                + expected + ", was '" + value + "'");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Options other && other.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
