package dev.cadenza.music;

/**
 * A key that holds from {@code tick} on: {@code fifths} sharps (positive) or flats (negative), -7..7, and the mode.
 * The mode is kept as written ("major", "minor", "dorian", "mixolydian", ...); {@code fifths} already includes it.
 *
 * @param tick where the key starts, in the score's ticks, {@code >= 0}
 * @param fifths sharps (positive) or flats (negative), -7..7
 * @param mode the mode in lower case; null or blank becomes "major"
 */
public record KeySignature(long tick, int fifths, String mode) {
    /**
     * Checks the ranges and normalises the mode.
     *
     * @param tick {@code >= 0}
     * @param fifths -7..7
     * @param mode the mode, or null or blank for major
     * @throws IllegalArgumentException when a value is out of range
     */
    public KeySignature {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (fifths < -7 || fifths > 7) throw new IllegalArgumentException("fifths must be -7..7, was " + fifths);
        mode = mode == null || mode.isBlank() ? "major" : mode.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether the mode is minor (the other modes, dorian say, are neither major nor minor here).
     *
     * @return true for "minor"
     */
    public boolean minor() {
        return mode.equals("minor");
    }
}
