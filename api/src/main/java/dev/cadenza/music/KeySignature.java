package dev.cadenza.music;

/**
 * A key that holds from {@code tick} on: {@code fifths} sharps (positive) or flats (negative), -7..7, and the mode.
 * The mode is kept as written ("major", "minor", "dorian", "mixolydian", ...); {@code fifths} already includes it.
 */
public record KeySignature(long tick, int fifths, String mode) {
    public KeySignature {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (fifths < -7 || fifths > 7) throw new IllegalArgumentException("fifths must be -7..7, was " + fifths);
        mode = mode == null || mode.isBlank() ? "major" : mode.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean minor() {
        return mode.equals("minor");
    }
}
