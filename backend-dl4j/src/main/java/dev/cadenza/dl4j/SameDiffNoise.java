package dev.cadenza.dl4j;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Silences the one line per op that ND4J 1.0.0-M2.1 prints while SameDiff builds a gradient function:
 * {@code SameDiff.createGradFunction} calls {@code System.out.println("Added differentiated op " + name)}
 * unconditionally (no logger, no flag), and an unrolled GRU has thousands of ops. While {@link #quiet} runs, standard
 * output goes through a filter that drops exactly the lines starting with that text and passes every other byte on to
 * the stream that was there; standard error is not touched, so no error or warning is hidden.
 */
final class SameDiffNoise {
    /** The start of SameDiff's line, as ND4J prints it. */
    static final String PREFIX = "Added differentiated op ";

    private SameDiffNoise() {}

    /** Runs {@code work} with SameDiff's lines dropped from System.out, and restores System.out after. */
    static synchronized <T> T quiet(Supplier<T> work) {
        PrintStream original = System.out;
        LineFilter filter = new LineFilter(original);
        // Other threads' text keeps the platform encoding System.out uses; the noise is ASCII in any of them.
        PrintStream filtered = new PrintStream(filter, true, java.nio.charset.Charset.defaultCharset());
        System.setOut(filtered);
        try {
            return work.get();
        } finally {
            filtered.flush();
            filter.flushPartialLine();
            if (System.out == filtered) System.setOut(original); // unless someone else replaced it meanwhile
        }
    }

    /** Buffers one line at a time and forwards it unless it is SameDiff's. */
    private static final class LineFilter extends OutputStream {
        private static final byte[] NOISE = PREFIX.getBytes(StandardCharsets.US_ASCII);
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineFilter(PrintStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) {
            line.write(b);
            if (b == '\n') endLine();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) write(b[i]);
        }

        private void endLine() {
            byte[] bytes = line.toByteArray();
            line.reset();
            if (!startsWithNoise(bytes)) target.write(bytes, 0, bytes.length);
        }

        private static boolean startsWithNoise(byte[] bytes) {
            if (bytes.length < NOISE.length) return false;
            for (int i = 0; i < NOISE.length; i++) if (bytes[i] != NOISE[i]) return false;
            return true;
        }

        synchronized void flushPartialLine() {
            byte[] rest = line.toByteArray();
            line.reset();
            if (rest.length > 0 && !startsWithNoise(rest)) target.write(rest, 0, rest.length);
            target.flush();
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
