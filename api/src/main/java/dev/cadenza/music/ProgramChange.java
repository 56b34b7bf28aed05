package dev.cadenza.music;

/** A change of General MIDI program (instrument, 0..127) inside a part. */
public record ProgramChange(long tick, int program) {
    public ProgramChange {
        if (tick < 0) throw new IllegalArgumentException("tick must be >= 0, was " + tick);
        if (program < 0 || program > 127) throw new IllegalArgumentException("program must be 0..127, was " + program);
    }
}
