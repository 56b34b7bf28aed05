package dev.cadenza.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Something corpus preparation could not read, or read only in part, as the reader reported it. Serializable only to
 * travel from the executors to the driver: its serialized form is not a stored format (problems are stored as JSON).
 *
 * @param file     the file (its Hadoop path)
 * @param severity {@link #ERROR} (the file, or one item of it, was left out), {@link #SKIPPED} (one tune of a book was
 *                 left out, the others kept) or {@link #WARNING} (read, with repairs the reader lists)
 * @param place    where in the file: {@code "byte 1234"}, {@code "line 3, column 7"}, {@code "tune 12"}, or empty
 * @param message  the reader's message
 * @serial exclude
 */
public record FileProblem(String file, String severity, String place, String message) implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The file, or one item of it, was left out. */
    public static final String ERROR = "error";
    /** One tune of a book was left out, the others kept. */
    public static final String SKIPPED = "skipped";
    /** The file was read, with repairs the reader lists. */
    public static final String WARNING = "warning";

    /**
     * Defaults a missing place and message to empty.
     *
     * @param file not null
     * @param severity not null
     * @param place or null for empty
     * @param message or null for empty
     */
    public FileProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        place = place == null ? "" : place;
        message = message == null ? "" : message;
    }

    @Override
    public String toString() {
        return file + (place.isEmpty() ? "" : ": " + place) + ": " + severity + ": " + message;
    }
}
