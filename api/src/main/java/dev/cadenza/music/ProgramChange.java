package dev.cadenza.music;

/**
 * A change of General MIDI program (instrument, 0..127) inside a part.
 *
 * @param tick when it happens, in the score's ticks, {@code >= 0}
 * @param program the new General MIDI program, 0..127
 */
public record ProgramChange(long tick, int program) {
    /**
     * Checks the ranges.
     *
     * @param tick {@code >= 0}
     * @param program 0..127
     * @throws IllegalArgumentException when a value is out of range
     */
    public ProgramChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (program < 0 || program > 127) throw new IllegalArgumentException("program must be 0..127, was " + program);
    }
}
