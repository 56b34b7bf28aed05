package dev.cadenza.music;

/** A MIDI controller event of a part, e.g. the sustain pedal (controller 64; value >= 64 is down). */
public record ControlChange(long tick, int controller, int value) {
    public static final int SUSTAIN_PEDAL = 64;

    public ControlChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (controller < 0 || controller > 127) throw new IllegalArgumentException("controller must be 0..127, was " + controller);
        if (value < 0 || value > 127) throw new IllegalArgumentException("value must be 0..127, was " + value);
    }
}
