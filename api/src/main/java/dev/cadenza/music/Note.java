package dev.cadenza.music;

/**
 * One sounding note. Times are integer ticks of the owning {@link Score}'s resolution
 * ({@link Score#ticksPerQuarter()} ticks per quarter note), so MIDI round trips are exact.
 *
 * @param pitch MIDI key number, 0..127 (60 = C4)
 * @param velocity MIDI velocity, 1..127
 * @param onset start, in ticks from the beginning of the score
 * @param duration length in ticks, at least 1
 */
public record Note(int pitch, int velocity, long onset, long duration) implements Comparable<Note> {
    /**
     * Checks the ranges.
     *
     * @param pitch 0..127
     * @param velocity 1..127
     * @param onset {@code >= 0}
     * @param duration {@code >= 1}
     * @throws IllegalArgumentException when a value is out of range
     */
    public Note {
        if (pitch < 0 || pitch > 127) throw new IllegalArgumentException("pitch must be 0..127, was " + pitch);
        if (velocity < 1 || velocity > 127) throw new IllegalArgumentException("velocity must be 1..127, was " + velocity);
        if (onset < 0) throw new IllegalArgumentException("onset must be >= 0 ticks, was " + onset);
        if (duration < 1) throw new IllegalArgumentException("duration must be >= 1 tick, was " + duration);
    }

    /**
     * Tick at which the note stops sounding.
     *
     * @return {@code onset + duration}, in ticks
     */
    public long end() {
        return onset + duration;
    }

    /** Onset order, then pitch, then duration: the order in which notes are tokenized and written. */
    @Override
    public int compareTo(Note o) {
        int c = Long.compare(onset, o.onset);
        if (c != 0) return c;
        c = Integer.compare(pitch, o.pitch);
        return c != 0 ? c : Long.compare(duration, o.duration);
    }
}
