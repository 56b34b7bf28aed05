package dev.cadenza.formats.abc;

import java.util.Objects;

/**
 * The text of one tune cut out of a tune book, from its {@code X:} line to the line before the next tune.
 *
 * @param number the {@code X:} reference number as written (books may repeat numbers), or empty
 * @param title the first {@code T:} title, or empty
 * @param firstLine 1-based line of the tune's first line in the book, for error messages
 * @param text the tune's lines joined with '\n', without trailing blank lines
 */
public record AbcTune(String number, String title, int firstLine, String text) {
    /**
     * Normalises null number and title to empty and checks the first line.
     *
     * @param number the {@code X:} number, or null
     * @param title the title, or null
     * @param firstLine {@code >= 1}
     * @param text not null
     * @throws IllegalArgumentException when {@code firstLine} is below 1
     */
    public AbcTune {
        number = number == null ? "" : number;
        title = title == null ? "" : title;
        if (firstLine < 1) throw new IllegalArgumentException("firstLine must be >= 1, was " + firstLine);
        Objects.requireNonNull(text, "text");
    }
}
