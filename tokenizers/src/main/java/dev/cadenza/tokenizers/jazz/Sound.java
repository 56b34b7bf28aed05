package dev.cadenza.tokenizers.jazz;

/**
 * A note or a rest of one measure of a melody, in steps of {@link GrammarValue#GRID} per quarter note from the
 * measure's start.
 *
 * @param onset start, in steps from the measure's start
 * @param duration length in steps, at least 1
 * @param pitch MIDI pitch, or -1 for a rest
 */
public record Sound(int onset, int duration, int pitch) {
    /**
     * Checks the ranges.
     *
     * @param onset {@code >= 0}
     * @param duration {@code >= 1}
     * @param pitch -1 or 0..127
     * @throws IllegalArgumentException when a value is out of range
     */
    public Sound {
        if (onset < 0) throw new IllegalArgumentException("sound: onset must be >= 0, was " + onset);
        if (duration < 1) throw new IllegalArgumentException("sound: duration must be >= 1 step, was " + duration);
        if (pitch < -1 || pitch > 127) throw new IllegalArgumentException("sound: pitch must be -1 (rest) or 0..127, was " + pitch);
    }

    /**
     * A rest.
     *
     * @param onset start, in steps from the measure's start
     * @param duration length in steps, at least 1
     * @return the rest
     */
    public static Sound rest(int onset, int duration) {
        return new Sound(onset, duration, -1);
    }

    /**
     * Whether this is a rest.
     *
     * @return true for a rest
     */
    public boolean isRest() {
        return pitch < 0;
    }

    /**
     * Where the sound ends.
     *
     * @return {@code onset + duration}, in steps
     */
    public int end() {
        return onset + duration;
    }
}
