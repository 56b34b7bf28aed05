package dev.cadenza.tokenizers.abc;

import java.util.List;

/**
 * How many tunes of a (generated) ABC text read as music, and why the others did not.
 *
 * @param tunes tunes found (one per {@code X:} line)
 * @param parsed tunes that read into a score with at least one note
 * @param failures one entry per tune that did not, in text order
 */
public record AbcParseReport(int tunes, int parsed, List<Failure> failures) {
    /**
     * A tune that did not read: its position among the tunes (0-based), its X: number and title, and the reason.
     *
     * @param index the tune's position among the tunes found, 0-based
     * @param number the tune's {@code X:} number as written
     * @param title the tune's title (its T: field) as the splitter found it
     * @param reason the reader's message, or "the tune has no notes"
     */
    public record Failure(int index, String number, String title, String reason) {}

    /**
     * Checks the counts and copies the failures.
     *
     * @param tunes {@code >= 0}
     * @param parsed {@code 0..tunes}
     * @param failures the failures
     * @throws IllegalArgumentException when the counts are inconsistent
     */
    public AbcParseReport {
        if (tunes < 0 || parsed < 0 || parsed > tunes) throw new IllegalArgumentException("need 0 <= parsed <= tunes, was " + parsed + " of " + tunes);
        failures = List.copyOf(failures);
    }

    /**
     * Fraction of the tunes found that parse; 0 when no tune was found (the seed's "Found 0 songs").
     *
     * @return a share in {@code [0, 1]}
     */
    public double parseRate() {
        return tunes == 0 ? 0 : (double) parsed / tunes;
    }
}
