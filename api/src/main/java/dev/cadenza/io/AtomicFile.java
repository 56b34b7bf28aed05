package dev.cadenza.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers only ever see the old or the new content: the bytes go to a temporary file beside the
 * target, then a rename replaces it. Killing the process at any moment leaves the last good file. The temporary file
 * is created with the usual permissions (not the owner-only ones of {@link Files#createTempFile}).
 */
public final class AtomicFile {
    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content to {@code out}; {@link #write} closes it afterwards.
         *
         * @param out the temporary file's stream, buffered
         * @throws IOException when writing fails; the target is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /**
     * Replaces {@code file} with what {@code content} writes, creating the parent folders when missing. When the file
     * system cannot rename atomically, the rename is an ordinary replace.
     *
     * @param file the target file
     * @param content writes the new bytes
     * @throws IOException when the folder, the temporary file or the rename fails, or {@code content} throws; the
     * temporary file is deleted and the target is left as it was
     */
    public static void write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW))) {
                content.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
