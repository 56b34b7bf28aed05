package dev.cadenza.formats.midi;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static dev.cadenza.formats.midi.Smf.concat;
import static dev.cadenza.formats.midi.Smf.header;
import static dev.cadenza.formats.midi.Smf.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Broken files fail fast with a {@link MidiFormatException} naming the file, the offset and what was expected. */
class MidiCorruptInputTest {
    private static MidiFormatException failure(byte[] b, long offset, String expectedText) {
        MidiFormatException e = assertThrows(MidiFormatException.class, () -> MidiReader.parse(b, "broken.mid"));
        assertEquals("broken.mid", e.source());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("broken.mid: at byte " + offset + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        return e;
    }

    @Test
    void emptyAndNonMidiInput() {
        failure(new byte[0], 0, "MThd");
        failure("RIFF....WAVEfmt ".getBytes(), 0, "expected the chunk id \"MThd\"");
    }

    @Test
    void truncatedHeader() {
        failure(Arrays.copyOf(header(0, 1, 96), 10), 10, "14-byte MThd header");
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
    void format2AndSmpteAreRefusedClearly() {
        failure(concat(header(2, 1, 96), Smf.track(0, 0xFF, 0x2F, 0)), 8, "format 2");
        failure(concat(header(1, 1, 0xE728), Smf.track(0, 0xFF, 0x2F, 0)), 12, "SMPTE");
        failure(concat(header(1, 1, 0), Smf.track(0, 0xFF, 0x2F, 0)), 12, "ticks per quarter");
        failure(header(1, 0, 96), 14, "at least one MTrk");
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
        MidiReader.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> MidiReader.parse(file, "many.mid"));
        assertEquals(tracks, r.score().parts().size());
        assertEquals(7, r.score().parts().get(7).program());
    }

    @Test
    void everyRealFileTruncatedAnywhereReadsOrFailsCleanly() throws Exception {
        Random random = new Random(20261121);
        int failed = 0, read = 0;
        for (Path file : MidiCorpus.files()) {
            byte[] whole = Files.readAllBytes(file);
            List<Integer> cuts = new ArrayList<>(List.of(0, 1, 4, 8, 13, 14, 15, 21, 22, 23, whole.length - 1));
            for (int i = 0; i < 40; i++) cuts.add(random.nextInt(whole.length));
            for (int cut : cuts) {
                byte[] b = Arrays.copyOf(whole, cut);
                try {
                    MidiReader.readWithWarnings(new ByteArrayInputStream(b), file.getFileName() + "[0," + cut + ")");
                    read++;
                } catch (MidiFormatException e) {
                    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
                    assertTrue(e.offset() >= 0 && e.offset() <= cut, e.getMessage());
                    failed++;
                } catch (RuntimeException e) {
                    fail(file + " cut at " + cut + " threw " + e, e);
                }
            }
        }
        assertTrue(failed > 1000, "most cuts land inside a chunk and must fail: " + failed + " failed, " + read + " read");
    }

    @Test
    void randomByteFlipsReadOrFailCleanly() throws Exception {
        Random random = new Random(42);
        int failed = 0, read = 0;
        for (Path file : MidiCorpus.files()) {
            byte[] whole = Files.readAllBytes(file);
            for (int trial = 0; trial < 15; trial++) {
                byte[] b = whole.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                try {
                    MidiReader.parse(b, file.getFileName().toString());
                    read++;
                } catch (MidiFormatException e) {
                    failed++;
                } catch (RuntimeException | OutOfMemoryError e) {
                    fail(file + " with flipped bytes (trial " + trial + ") threw " + e, e);
                }
            }
        }
        assertTrue(failed > 0 && read > 0, failed + " failed, " + read + " read");
    }
}
