package dev.cadenza.formats.midi;

import java.io.IOException;

/**
 * A Standard MIDI File that cannot be read: truncated, corrupt, or of a kind Cadenza does not support. The message
 * names the file, the byte offset at which reading stopped and what was expected there.
 */
public final class MidiFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    public MidiFormatException(String source, long offset, String problem) {
        super(source + ": at byte " + offset + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    /** The file name (or the name given for a stream). */
    public String source() {
        return source;
    }

    /** Byte offset from the start of the file where the problem was found. */
    public long offset() {
        return offset;
    }
}
