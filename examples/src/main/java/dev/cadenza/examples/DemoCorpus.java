package dev.cadenza.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The twelve traditional tunes that ship with the examples, or an ABC tune book from disk, as one text per tune. */
public final class DemoCorpus {
    static final String RESOURCE = "demo-tunes.abc";

    private DemoCorpus() {}

    /** The demo tune book's text. */
    public static String text() throws IOException {
        try (InputStream in = DemoCorpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IOException("demo corpus " + RESOURCE + " is missing from the examples jar");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** The text of an ABC tune book on disk, or the demo book when {@code path} is null. */
    public static String text(Path path) throws IOException {
        if (path == null) return text();
        if (!Files.isRegularFile(path)) throw new IOException("no ABC tune book at " + path.toAbsolutePath());
        return Files.readString(path, StandardCharsets.ISO_8859_1);
    }

    /**
     * Tunes of a book: each starts at an {@code X:} line and runs to the next one; comment lines and surrounding
     * blank lines are dropped, blank lines inside a tune are removed so that a blank line always ends a tune.
     */
    public static List<String> tunes(String book) {
        List<String> tunes = new ArrayList<>();
        StringBuilder current = null;
        for (String line : book.split("\r?\n", -1)) {
            if (line.startsWith("X:")) {
                if (current != null) tunes.add(current.toString().strip());
                current = new StringBuilder();
            }
            if (current == null || line.startsWith("%") || line.isBlank()) continue;
            current.append(line).append('\n');
        }
        if (current != null && !current.toString().isBlank()) tunes.add(current.toString().strip());
        return tunes;
    }
}
