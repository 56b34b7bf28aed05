package dev.cadenza.formats;

import java.io.IOException;

/**
 * A music file (or text) that cannot be read as its format says: the one checked exception of the readers in this
 * module (MIDI, ABC, chorale CSV). {@link #getMessage()} names the source, the place (a byte offset, or a line and
 * column) and what was expected there; subclasses add the place as typed fields.
 */
public abstract class MusicFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The file name, or the name given for a stream or text; empty when none (part of the serialized form). */
    private final String source;

    /**
     * An exception about {@code source}.
     *
     * @param source the file or stream name, or null for none
     * @param message the whole message, naming the source, the place and the expectation
     */
    protected MusicFormatException(String source, String message) {
        super(message);
        this.source = source == null ? "" : source;
    }

    /**
     * An exception about {@code source} with its cause.
     *
     * @param source the file or stream name, or null for none
     * @param message the whole message
     * @param cause the underlying failure, or null
     */
    protected MusicFormatException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source == null ? "" : source;
    }

    /**
     * The file name, or the name given for a stream or a text; empty when none was given.
     *
     * @return the source, never null
     */
    public String source() {
        return source;
    }
}
