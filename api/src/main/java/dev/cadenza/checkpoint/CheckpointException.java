package dev.cadenza.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint that cannot be read: the one exception of {@link Checkpoint#read} and {@code Cadenza.load} for a file
 * that is missing, not a zip, cut short, or holds a manifest or tensor that is wrong. The message names the file, the
 * zip entry and the manifest field where reading stopped, and what was expected there.
 */
public final class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** The zip entry where reading stopped, or null (part of the serialized form). */
    private final String entry;
    /** The manifest field that is wrong, or null (part of the serialized form). */
    private final String field;

    /**
     * @param file the checkpoint file (null for a stream)
     * @param entry the zip entry being read ("manifest.json", "weights/layers.0.kernel.f32"), or null for the file as a whole
     * @param field the manifest field ("spec.layers[2].units"), or null
     * @param expected what was expected there, and what was found
     * @param cause the underlying failure (an I/O or JSON error), or null
     */
    public CheckpointException(Path file, String entry, String field, String expected, Throwable cause) {
        super("checkpoint " + (file == null ? "(stream)" : file) + (entry == null ? "" : ", entry " + entry)
                + (field == null ? "" : ", field " + field) + ": " + expected, cause);
        this.file = file;
        this.entry = entry;
        this.field = field;
    }

    /**
     * The checkpoint file, or null when it was read from a stream.
     *
     * @return the file, or null
     */
    public Path file() {
        return file;
    }

    /**
     * The zip entry where reading stopped, or null when the file as a whole is wrong.
     *
     * @return the entry name, or null
     */
    public String entry() {
        return entry;
    }

    /**
     * The manifest field that is wrong, or null.
     *
     * @return the field's path in the manifest, e.g. {@code spec.layers[2].units}, or null
     */
    public String field() {
        return field;
    }
}
