package dev.cadenza.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a gzip-compressed tar archive (ustar, with GNU long names and pax headers skipped): only the regular files
 * whose names {@code accept} takes, only inside the destination folder, and never trusting a size in a header for
 * more than a bounded copy.
 */
final class TarGz {
    private static final int BLOCK = 512;
    /** Longest GNU long name accepted: far above real paths, small enough to read into memory. */
    private static final int MAX_LONG_NAME = 4096;

    private TarGz() {}

    /** Extracts the accepted regular files; returns their paths. {@code maxBytes} bounds the bytes written in all. */
    static List<Path> extract(InputStream gz, String source, Path dest, Predicate<String> accept, long maxBytes) throws IOException {
        List<Path> written = new ArrayList<>();
        Path root = dest.toAbsolutePath().normalize();
        long total = 0, offset = 0;
        String longName = null;
        try (InputStream in = new GZIPInputStream(gz)) {
            byte[] header = new byte[BLOCK];
            while (true) {
                if (!readBlock(in, header)) throw new IOException(source + ": tar entry header at byte " + offset + " is cut short");
                offset += BLOCK;
                if (allZero(header)) break; // end-of-archive marker
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = octal(header, 124, 12, source, offset - BLOCK);
                char type = (char) header[156];
                if (type == 'L') {
                    if (size > MAX_LONG_NAME) throw new IOException(source + ": GNU long name of " + size + " bytes at byte " + offset);
                    byte[] n = in.readNBytes((int) size);
                    if (n.length != size) throw new IOException(source + ": archive ends inside a long name at byte " + offset);
                    longName = cString(n, 0, n.length);
                    skip(in, pad(size) - size, source, offset);
                } else if ((type == '0' || type == 0) && accept.test(name)) {
                    Path target = root.resolve(name).normalize();
                    if (!target.startsWith(root)) throw new IOException(source + ": entry '" + name + "' would be written outside " + root);
                    if (total + size > maxBytes) throw new IOException(source + ": archive unpacks to more than " + maxBytes + " bytes");
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copy(in, out, size, source, offset, name);
                    }
                    total += size;
                    written.add(target);
                    skip(in, pad(size) - size, source, offset);
                } else {
                    skip(in, pad(size), source, offset); // directories, links, pax headers, unwanted files
                }
                offset += pad(size);
            }
        }
        return written;
    }

    private static long pad(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        return in.readNBytes(block, 0, BLOCK) == BLOCK;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        if (h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r') {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) name = prefix + "/" + name;
        }
        return name;
    }

    private static String cString(byte[] b, int at, int max) {
        int n = 0;
        while (n < max && b[at + n] != 0) n++;
        return new String(b, at, n, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int at, int length, String source, long offset) throws IOException {
        long v = 0;
        boolean digits = false;
        for (int i = at; i < at + length; i++) {
            int c = b[i];
            if (c == 0 || c == ' ') {
                if (digits) break;
                continue;
            }
            if (c < '0' || c > '7') throw new IOException(source + ": tar header at byte " + offset + " has a bad size field");
            v = v * 8 + (c - '0');
            digits = true;
            if (v > (1L << 40)) throw new IOException(source + ": tar header at byte " + offset + " claims an absurd size");
        }
        return v;
    }

    private static void copy(InputStream in, OutputStream out, long size, String source, long offset, String name) throws IOException {
        byte[] buffer = new byte[8192];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) throw new IOException(source + ": archive ends inside '" + name + "' (entry at byte " + offset + ")");
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n, String source, long offset) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException(source + ": archive ends inside the entry at byte " + offset);
                s = 1;
            }
            left -= s;
        }
    }
}
