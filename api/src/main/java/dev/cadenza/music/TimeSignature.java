package dev.cadenza.music;

/**
 * A meter that holds from {@code tick} on, e.g. 6/8. The denominator is a power of two.
 *
 * @param tick where the meter starts, in the score's ticks, {@code >= 0}
 * @param numerator beats per bar, {@code > 0}
 * @param denominator the beat's note value (4 = quarter, 8 = eighth), a power of two
 */
public record TimeSignature(long tick, int numerator, int denominator) {
    /**
     * Checks the values.
     *
     * @param tick {@code >= 0}
     * @param numerator {@code > 0}
     * @param denominator a power of two
     * @throws IllegalArgumentException when a value is out of range
     */
    public TimeSignature {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (numerator <= 0) throw new IllegalArgumentException("numerator must be > 0, was " + numerator);
        if (denominator <= 0 || Integer.bitCount(denominator) != 1)
            throw new IllegalArgumentException("denominator must be a power of two, was " + denominator);
    }

    /**
     * Ticks in one bar at the given resolution.
     *
     * @param ticksPerQuarter the score's resolution
     * @return {@code ticksPerQuarter * 4 * numerator / denominator}
     */
    public long ticksPerBar(int ticksPerQuarter) {
        return (long) ticksPerQuarter * 4 * numerator / denominator;
    }
}
