package dev.cadenza.music;

/**
 * A tempo that holds from {@code tick} on, in microseconds per quarter note (MIDI's unit).
 *
 * @param tick where the tempo starts, in the score's ticks, {@code >= 0}
 * @param microsPerQuarter the length of a quarter note in microseconds, {@code > 0} (500000 = 120 per minute)
 */
public record TempoChange(long tick, int microsPerQuarter) {
    /**
     * Checks the ranges.
     *
     * @param tick {@code >= 0}
     * @param microsPerQuarter {@code > 0}
     * @throws IllegalArgumentException when a value is out of range
     */
    public TempoChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (microsPerQuarter <= 0) throw new IllegalArgumentException("microsPerQuarter must be > 0, was " + microsPerQuarter);
    }

    /**
     * A tempo given in quarter notes per minute.
     *
     * @param tick where the tempo starts, {@code >= 0}
     * @param quartersPerMinute the tempo, {@code > 0}
     * @return the change, rounded to whole microseconds
     */
    public static TempoChange bpm(long tick, double quartersPerMinute) {
        return new TempoChange(tick, (int) Math.round(60_000_000.0 / quartersPerMinute));
    }

    /**
     * The tempo in quarter notes per minute.
     *
     * @return {@code 60000000 / microsPerQuarter}
     */
    public double bpm() {
        return 60_000_000.0 / microsPerQuarter;
    }
}
