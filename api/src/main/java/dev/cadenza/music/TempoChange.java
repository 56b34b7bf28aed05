package dev.cadenza.music;

/** A tempo that holds from {@code tick} on, in microseconds per quarter note (MIDI's unit). */
public record TempoChange(long tick, int microsPerQuarter) {
    public TempoChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (microsPerQuarter <= 0) throw new IllegalArgumentException("microsPerQuarter must be > 0, was " + microsPerQuarter);
    }

    /** A tempo given in quarter notes per minute. */
    public static TempoChange bpm(long tick, double quartersPerMinute) {
        return new TempoChange(tick, (int) Math.round(60_000_000.0 / quartersPerMinute));
    }

    public double bpm() {
        return 60_000_000.0 / microsPerQuarter;
    }
}
