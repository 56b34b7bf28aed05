package dev.cadenza.music;

/**
 * A MIDI controller event of a part, e.g. the sustain pedal (controller 64; value >= 64 is down).
 *
 * @param tick when it happens, in the score's ticks, {@code >= 0}
 * @param controller the MIDI controller number, 0..127
 * @param value the controller's value, 0..127
 */
public record ControlChange(long tick, int controller, int value) {
    /** The sustain (damper) pedal's controller number. */
    public static final int SUSTAIN_PEDAL = 64;

    /**
     * Checks the ranges.
     *
     * @param tick {@code >= 0}
     * @param controller 0..127
     * @param value 0..127
     * @throws IllegalArgumentException when a value is out of range
     */
    public ControlChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (controller < 0 || controller > 127) throw new IllegalArgumentException("controller must be 0..127, was " + controller);
        if (value < 0 || value > 127) throw new IllegalArgumentException("value must be 0..127, was " + value);
    }
}
