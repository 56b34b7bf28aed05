package dev.cadenza.corpus;

import java.io.IOException;

/** A downloaded corpus file whose SHA-256 is not the one recorded for it; the download has been deleted. */
public final class CorpusChecksumException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The SHA-256 the manifest records, lower-case hex (part of the serialized form). */
    private final String expected;
    /** The SHA-256 of the bytes downloaded, lower-case hex (part of the serialized form). */
    private final String actual;

    /**
     * A mismatch for one download.
     *
     * @param file the file's path in the corpus folder
     * @param source where it was downloaded from
     * @param expected the SHA-256 the manifest records
     * @param actual the SHA-256 of the bytes received
     */
    public CorpusChecksumException(String file, String source, String expected, String actual) {
        super(file + ": SHA-256 mismatch for the download from " + source + ": expected " + expected + ", got " + actual
                + "; the download was deleted");
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * The SHA-256 the manifest records.
     *
     * @return lower-case hex
     */
    public String expected() {
        return expected;
    }

    /**
     * The SHA-256 of the bytes received.
     *
     * @return lower-case hex
     */
    public String actual() {
        return actual;
    }
}
