package dev.cadenza.formats.midi;

import java.io.ByteArrayOutputStream;

/** Builds small Standard MIDI Files byte by byte for tests, including broken ones. */
final class Smf {
    private Smf() {}

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    static byte[] header(int format, int tracks, int division) {
        return bytes('M', 'T', 'h', 'd', 0, 0, 0, 6, format >> 8, format, tracks >> 8, tracks, division >> 8, division);
    }

    static byte[] track(int... events) {
        return chunk("MTrk", bytes(events));
    }

    static byte[] chunk(String id, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        int n = body.length;
        out.writeBytes(bytes(n >>> 24, n >>> 16, n >>> 8, n));
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /** A format-0 file at 96 ticks per quarter with one track of the given events (end-of-track added). */
    static byte[] single(int... events) {
        int[] withEnd = java.util.Arrays.copyOf(events, events.length + 4);
        withEnd[events.length] = 0;
        withEnd[events.length + 1] = 0xFF;
        withEnd[events.length + 2] = 0x2F;
        withEnd[events.length + 3] = 0;
        return concat(header(0, 1, 96), track(withEnd));
    }
}
