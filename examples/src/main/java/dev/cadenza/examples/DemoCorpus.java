package dev.cadenza.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The twelve traditional tunes that ship with the examples, or an ABC tune book from disk. */
public final class DemoCorpus {
    static final String RESOURCE = "demo-tunes.abc";

    private DemoCorpus() {}

    /**
     * The demo tune book's text.
     *
     * @return the text of the twelve tunes
     * @throws IOException when the resource is missing from the jar
     */
    public static String text() throws IOException {
        try (InputStream in = DemoCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("demo corpus " + RESOURCE + " is missing from the examples jar");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * The text of an ABC tune book on disk, or the demo book when {@code path} is null.
     *
     * @param path an ABC file (read as Latin-1, which every byte is), or null
     * @return the book's text
     * @throws IOException when there is no file at {@code path} or it cannot be read
     */
    public static String text(Path path) throws IOException {
        if (path == null) return text();
        if (!Files.isRegularFile(path)) throw new IOException("no ABC tune book at " + path.toAbsolutePath());
        return Files.readString(path, StandardCharsets.ISO_8859_1);
    }
}
