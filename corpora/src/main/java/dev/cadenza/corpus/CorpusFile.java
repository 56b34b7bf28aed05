package dev.cadenza.corpus;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One file of a known corpus: where it lives in a corpus folder laid out like {@code shared/data}, where it comes
 * from upstream (a GitHub repository at a fixed commit) and its SHA-256.
 *
 * @param corpus the corpus it belongs to, e.g. "irish", "nottingham", "jsb-chorales", "midi-piano"
 * @param localPath path inside the corpus folder, with '/' separators ("abc/irish.abc"); an archive ("*.tgz") is
 *                  kept under {@code downloads/} and unpacked into the folder
 * @param repository upstream "owner/name"
 * @param commit upstream commit (40 hex digits)
 * @param upstreamPath path of the file in that commit
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param bytes its size, or -1 when not recorded
 */
public record CorpusFile(String corpus, String localPath, String repository, String commit, String upstreamPath,
                         String sha256, long bytes) {
    /**
     * Checks the path and normalises the SHA-256 to lower case.
     *
     * @param corpus not null
     * @param localPath relative, without '..' or backslashes
     * @param repository upstream "owner/name"
     * @param commit upstream commit
     * @param upstreamPath path in that commit
     * @param sha256 64 hex digits, either case
     * @param bytes the size, or -1
     * @throws IllegalArgumentException when the path is absolute or escapes the folder, or the hash is malformed
     */
    public CorpusFile {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(localPath, "localPath");
        if (localPath.startsWith("/") || localPath.contains("..") || localPath.contains("\\"))
            throw new IllegalArgumentException("corpus file path must be relative without '..' or '\\': " + localPath);
        sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("sha256 of " + localPath + " must be 64 hex digits, was " + sha256);
    }

    /**
     * Whether this is an archive to unpack rather than a file to keep as it is.
     *
     * @return true for {@code .tgz} and {@code .tar.gz}
     */
    public boolean archive() {
        return localPath.endsWith(".tgz") || localPath.endsWith(".tar.gz");
    }

    /**
     * The file's address on GitHub's raw-content server, pinned to the commit.
     *
     * @return the HTTPS address
     */
    public URI url() {
        return URI.create("https://raw.githubusercontent.com/" + repository + "/" + commit + "/" + upstreamPath);
    }
}
