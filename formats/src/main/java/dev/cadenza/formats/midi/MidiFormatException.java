package dev.cadenza.formats.midi;

import dev.cadenza.formats.MusicFormatException;

/**
 * A Standard MIDI File that cannot be read: not a MIDI file at all, or (in {@link MidiReader.Mode#STRICT}) truncated,
 * corrupt or of a kind Cadenza does not support. The message names the file, the byte offset at which reading
 * stopped and what was expected there.
 */
public final class MidiFormatException extends MusicFormatException {
    private static final long serialVersionUID = 1L;

    /** Byte offset from the start of the file where the problem was found (part of the serialized form). */
    private final long offset;
    /** What was expected and what was found (part of the serialized form). */
    private final String problem;

    /**
     * An error at byte {@code offset} of {@code source}; {@code problem} says what was expected and what was found.
     *
     * @param source the file name, or the name given for a stream
     * @param offset the byte offset, {@code >= 0}
     * @param problem what was expected and what was found
     */
    public MidiFormatException(String source, long offset, String problem) {
        super(source, source + ": at byte " + offset + ": " + problem);
        this.offset = offset;
        this.problem = problem;
    }

    /**
     * Byte offset from the start of the file where the problem was found.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    /**
     * What was expected and what was found, without the file name and offset that {@link #getMessage()} adds.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }
}
