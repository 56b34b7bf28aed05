package dev.cadenza.renderers;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The 44-byte RIFF/WAVE header of 16-bit little-endian PCM, written before the samples so that audio can be
 * streamed to any {@link OutputStream} (Java Sound's own writer needs a seekable file or the whole stream).
 */
final class PcmWav {
    static final int BYTES_PER_SAMPLE = 2;

    private PcmWav() {}

    /** Writes the header for {@code frames} frames of {@code channels} 16-bit samples. */
    static void writeHeader(OutputStream out, int sampleRate, int channels, long frames) throws IOException {
        long dataBytes = frames * channels * BYTES_PER_SAMPLE;
        if (dataBytes > 0xFFFF_FFFFL - 36)
            throw new IllegalArgumentException("audio of " + frames + " frames is too long for a WAV file (4 GiB limit)");
        int blockAlign = channels * BYTES_PER_SAMPLE;
        byte[] h = new byte[44];
        ascii(h, 0, "RIFF");
        le32(h, 4, 36 + dataBytes);
        ascii(h, 8, "WAVE");
        ascii(h, 12, "fmt ");
        le32(h, 16, 16);
        le16(h, 20, 1); // PCM
        le16(h, 22, channels);
        le32(h, 24, sampleRate);
        le32(h, 28, (long) sampleRate * blockAlign);
        le16(h, 32, blockAlign);
        le16(h, 34, 16);
        ascii(h, 36, "data");
        le32(h, 40, dataBytes);
        out.write(h);
    }

    /** Clips to [-1, 1] and stores as a signed 16-bit little-endian sample at {@code at}. */
    static void putSample(byte[] buffer, int at, double value) {
        double clipped = Math.max(-1, Math.min(1, value));
        int s = (int) Math.round(clipped * 32767);
        buffer[at] = (byte) s;
        buffer[at + 1] = (byte) (s >> 8);
    }

    private static void ascii(byte[] b, int at, String s) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) s.charAt(i);
    }

    private static void le16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >> (8 * i));
    }
}
