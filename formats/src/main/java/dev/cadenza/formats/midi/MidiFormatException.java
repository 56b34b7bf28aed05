package dev.cadenza.formats.midi;

import dev.cadenza.formats.MusicFormatException;

/**
 * A Standard MIDI File that cannot be read: truncated, corrupt, or of a kind Cadenza does not support. The message
 * names the file, the byte offset at which reading stopped and what was expected there.
 */
public final class MidiFormatException extends MusicFormatException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public MidiFormatException(String source, long offset, String problem) {
        super(source, source + ": at byte " + offset + ": " + problem);
        this.offset = offset;
    }

    /** Byte offset from the start of the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
