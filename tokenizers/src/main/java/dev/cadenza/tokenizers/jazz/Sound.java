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
    public Sound {
        if (onset < 0) throw new IllegalArgumentException("sound: onset must be >= 0, was " + onset);
        if (duration < 1) throw new IllegalArgumentException("sound: duration must be >= 1 step, was " + duration);
        if (pitch < -1 || pitch > 127) throw new IllegalArgumentException("sound: pitch must be -1 (rest) or 0..127, was " + pitch);
    }

    public static Sound rest(int onset, int duration) {
        return new Sound(onset, duration, -1);
    }

    public boolean isRest() {
        return pitch < 0;
    }

    public int end() {
        return onset + duration;
    }
}
