package dev.cadenza.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus files Cadenza knows how to fetch, read from the resource {@code corpus-manifest.tsv} (generated from
 * {@code shared/data/SOURCES.tsv}): tab-separated corpus, local path, repository, commit, upstream path, sha256,
 * bytes; lines starting with '#' are comments.
 */
public final class CorpusManifest {
    /** The manifest's class-path resource, beside this class. */
    public static final String RESOURCE = "corpus-manifest.tsv";

    private CorpusManifest() {}

    /**
     * The built-in manifest.
     *
     * @return every known corpus file, in the resource's order
     * @throws IllegalStateException when the resource is missing from the jar
     * @throws java.io.UncheckedIOException when it cannot be read or is malformed
     */
    public static List<CorpusFile> builtIn() {
        try (InputStream in = CorpusManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " is missing from the cadenza-corpora jar");
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus manifest " + RESOURCE, e);
        }
    }

    /**
     * Parses a manifest; a malformed line is an IOException naming the source and the line.
     *
     * @param in the manifest's bytes, UTF-8; read to the end, not closed
     * @param source the name for messages
     * @return the files, in order
     * @throws IOException when reading fails or a line is malformed
     */
    public static List<CorpusFile> parse(InputStream in, String source) throws IOException {
        List<CorpusFile> files = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line; (line = r.readLine()) != null; ) {
            number++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            if (f.length != 7) throw new IOException(source + ": line " + number + ": expected 7 tab-separated fields, found " + f.length);
            try {
                files.add(new CorpusFile(f[0], f[1], f[2], f[3], f[4], f[5], Long.parseLong(f[6])));
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": line " + number + ": " + e.getMessage(), e);
            }
        }
        return files;
    }
}
