package dev.cadenza.corpus;

import java.io.IOException;

/** A downloaded corpus file whose SHA-256 is not the one recorded for it; the download has been deleted. */
public final class CorpusChecksumException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String expected, actual;

    public CorpusChecksumException(String file, String source, String expected, String actual) {
        super(file + ": SHA-256 mismatch for the download from " + source + ": expected " + expected + ", got " + actual
                + "; the download was deleted");
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
