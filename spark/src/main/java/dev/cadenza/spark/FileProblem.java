package dev.cadenza.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * Something corpus preparation could not read, or read only in part, as the reader reported it.
 *
 * @param file     the file (its Hadoop path)
 * @param severity {@link #ERROR} (the file, or one item of it, was left out), {@link #SKIPPED} (one tune of a book was
 *                 left out, the others kept) or {@link #WARNING} (read, with repairs the reader lists)
 * @param place    where in the file: {@code "byte 1234"}, {@code "line 3, column 7"}, {@code "tune 12"}, or empty
 * @param message  the reader's message
 */
public record FileProblem(String file, String severity, String place, String message) implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String ERROR = "error", SKIPPED = "skipped", WARNING = "warning";

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
