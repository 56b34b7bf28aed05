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
    /** A tune that did not read: its position among the tunes (0-based), its X: number and title, and the reason. */
    public record Failure(int index, String number, String title, String reason) {}

    public AbcParseReport {
        if (tunes < 0 || parsed < 0 || parsed > tunes) throw new IllegalArgumentException("need 0 <= parsed <= tunes, was " + parsed + " of " + tunes);
        failures = List.copyOf(failures);
    }

    /** Fraction of the tunes found that parse; 0 when no tune was found (the seed's "Found 0 songs"). */
    public double parseRate() {
        return tunes == 0 ? 0 : (double) parsed / tunes;
    }
}
