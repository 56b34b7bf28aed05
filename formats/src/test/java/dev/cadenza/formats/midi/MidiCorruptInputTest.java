package dev.cadenza.formats.midi;

import dev.cadenza.formats.midi.MidiReader.Mode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;

import static dev.cadenza.formats.midi.Smf.concat;
import static dev.cadenza.formats.midi.Smf.header;
import static dev.cadenza.formats.midi.Smf.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strict mode: broken files fail fast with a {@link MidiFormatException} naming the file, the offset and what was
 * expected; and what both modes refuse, files with nothing to read. The tolerant reading of the same files is in
 * {@link MidiRecoveryTest}, the sweeps over damaged real files in {@link MidiDamagedRealFilesTest}.
 */
class MidiCorruptInputTest {
    static MidiFormatException failure(Mode mode, byte[] b, long offset, String expectedText) {
        MidiFormatException e = assertThrows(MidiFormatException.class, () -> MidiReader.parse(b, "broken.mid", mode));
        assertEquals("broken.mid", e.source());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("broken.mid: at byte " + offset + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        assertEquals(e.getMessage(), "broken.mid: at byte " + offset + ": " + e.problem());
        return e;
    }

    private static MidiFormatException failure(byte[] b, long offset, String expectedText) {
        return failure(Mode.STRICT, b, offset, expectedText);
    }

    @Test
    void emptyAndNonMidiInputIsRefusedInBothModes() {
        for (Mode mode : Mode.values()) {
            failure(mode, new byte[0], 0, "MThd");
            failure(mode, "RIFF....WAVEfmt ".getBytes(), 0, "expected the chunk id \"MThd\"");
            failure(mode, Arrays.copyOf(header(0, 1, 96), 10), 10, "14-byte MThd header");
            failure(mode, header(1, 0, 96), 14, "at least one MTrk");
        }
        // A header followed by text that holds no MTrk chunk: strict stops at the first impossible chunk length,
        // tolerant looks for a track in the whole file first.
        byte[] text = concat(header(1, 1, 96), "just some text, no track".getBytes());
        failure(Mode.STRICT, text, 18, "chunk \"just\" claims");
        failure(Mode.TOLERANT, text, 38, "at least one MTrk");
    }

    @Test
    void absurdHeaderLength() {
        byte[] b = concat(header(0, 1, 96), Smf.track(0, 0xFF, 0x2F, 0));
        b[4] = 0x7F; // header length 0x7F000006: claims two gigabytes
        failure(b, 4, "runs past the end of the file");
        b[4] = 0;
        b[7] = 2; // too short to hold format, tracks and division
        failure(b, 4, "at least 6");
    }

    @Test
    void chunkLengthBeyondTheFile() {
        byte[] b = single(0, 0x90, 60, 1, 1, 0x80, 60, 0);
        b[18] = (byte) 0xFF; // MTrk length now about 4 GB
        failure(b, 18, "claims");
    }

    @Test
    void lastChunkOneByteShort() {
        byte[] whole = single(0, 0x90, 60, 1, 1, 0x80, 60, 0);
        byte[] b = Arrays.copyOf(whole, whole.length - 1);
        failure(b, 18, "chunk \"MTrk\" claims " + (whole.length - 22) + " bytes, but only " + (whole.length - 23) + " remain in the file");
    }

    @Test
    void badChunkId() {
        byte[] b = single(0, 0x90, 60, 1, 1, 0x80, 60, 0);
        b[14] = 0;
        b[15] = (byte) 0xFF;
        failure(b, 14, "expected a chunk id");
    }

    @Test
    void badVariableLengthQuantity() {
        failure(single(0x81, 0x82, 0x83, 0x84, 0x05, 0x90, 60, 1), 22, "variable-length quantity");
    }

    @Test
    void runningStatusWithoutAPreviousStatus() {
        failure(single(0, 60, 100), 23, "no previous status");
    }

    @Test
    void dataByteWithTheHighBitSet() {
        failure(single(0, 0x90, 0xC0, 100), 24, "expected a data byte");
    }

    @Test
    void metaLengthBeyondTheTrack() {
        failure(single(0, 0xFF, 0x01, 0x7F, 'a'), 25, "meta event 0x01 claims 127 bytes");
    }

    @Test
    void eventCutByTheEndOfTheChunk() {
        byte[] b = concat(header(0, 1, 96), Smf.track(0, 0x90, 60));
        failure(b, 25, "expected a data byte");
    }

    @Test
    void systemCommonAndRealTimeBytesAreRefusedWhereTheyStand() {
        failure(single(0, 0x90, 60, 1, 0, 0xF8, 1, 0x80, 60, 0), 27, "found 0xF8");
        failure(single(0, 0xF2, 0, 0), 23, "found 0xF2");
        failure(single(0, 0x90, 0xF8, 60, 1), 24, "expected a data byte (0x00-0x7F), found 0xF8");
    }

    @Test
    void unusableFormatAndDivisionAreRefused() {
        failure(concat(header(3, 1, 96), Smf.track(0, 0xFF, 0x2F, 0)), 8, "expected MIDI format 0, 1 or 2, found 3");
        failure(concat(header(1, 1, 0), Smf.track(0, 0xFF, 0x2F, 0)), 12, "ticks per quarter");
        failure(concat(header(1, 1, 0x8028), Smf.track(0, 0xFF, 0x2F, 0)), 12, "found 128 frames per second");
        failure(concat(header(1, 1, 0xE700), Smf.track(0, 0xFF, 0x2F, 0)), 12, "0 ticks per frame");
    }

    @Test
    void streamsLongerThanTheLimitAreRefusedWithoutReadingThemWhole() {
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return len;
            }
        };
        MidiFormatException e = assertThrows(MidiFormatException.class, () -> MidiReader.read(endless, "endless"));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    @Test
    void fiftyThousandTinyTracksOnOneChannelReadInLinearTime() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int tracks = 50_000;
        out.writeBytes(header(1, 0xFFFF, 96));
        for (int t = 0; t < tracks; t++)
            out.writeBytes(Smf.track(0, 0xC0, t % 128, 0, 0x90, 60, 64, 1, 0x80, 60, 0, 0, 0xB0, 64, 127, 0, 0xFF, 0x2F, 0));
        byte[] file = out.toByteArray();
        for (Mode mode : Mode.values()) {
            MidiReader.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> MidiReader.parse(file, "many.mid", mode));
            assertEquals(tracks, r.score().parts().size());
            assertEquals(7, r.score().parts().get(7).program());
        }
    }

    @Test
    void theStreamReaderTakesTheModeToo() throws Exception {
        byte[] b = concat(header(0, 1, 96), Smf.track(0, 0x90, 60, 1, 1, 0x80, 60));
        MidiFormatException e = assertThrows(MidiFormatException.class,
                () -> MidiReader.readWithWarnings(new ByteArrayInputStream(b), "cut.mid", Mode.STRICT));
        assertTrue(e.getMessage().startsWith("cut.mid: at byte 29: expected a data byte"), e.getMessage());
        assertEquals(1, MidiReader.read(new ByteArrayInputStream(b), "cut.mid").noteCount());
    }
}
