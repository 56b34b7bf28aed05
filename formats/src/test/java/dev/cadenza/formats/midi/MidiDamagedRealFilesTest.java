package dev.cadenza.formats.midi;

import dev.cadenza.formats.midi.MidiReader.Mode;
import dev.cadenza.formats.midi.MidiReader.Result;
import dev.cadenza.formats.midi.MidiReader.Warning;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every real file of the corpus cut short at many offsets and with random bytes flipped, read in both modes: each
 * case reads (possibly with warnings) or throws a {@link MidiFormatException}; never another exception, an
 * OutOfMemoryError or a hang. Tolerant mode refuses only files with nothing to read and never reads a note that the
 * whole file does not hold.
 */
class MidiDamagedRealFilesTest {
    /** Offsets at which each file is cut: the header and first chunk header byte by byte, the end, and 40 at random. */
    private static TreeSet<Integer> cuts(int length, Random random) {
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, 1, 4, 8, 13, 14, 15, 21, 22, 23, length - 1));
        for (int i = 0; i < 40; i++) cuts.add(random.nextInt(length));
        return cuts;
    }

    /** Each note as its note-on event: "onset channel pitch velocity", with how often it occurs. */
    private static Map<String, Integer> onsets(Score s) {
        Map<String, Integer> m = new HashMap<>();
        for (Part p : s.parts())
            for (Note n : p.notes()) m.merge(n.onset() + " " + p.channel() + " " + n.pitch() + " " + n.velocity(), 1, Integer::sum);
        return m;
    }

    private static void checkWarnings(Result r, String name, int length) {
        for (Warning w : r.warnings()) {
            assertEquals(name, w.source());
            assertTrue(w.offset() >= 0 && w.offset() <= length, w.toString());
        }
    }

    /** Whether a tolerant refusal is one of the two kinds allowed: no MThd header, or no MTrk chunk anywhere. */
    private static boolean nothingToRead(MidiFormatException e) {
        return e.problem().contains("MThd") || e.problem().startsWith("expected at least one MTrk chunk");
    }

    @Test
    void tolerantReadingOfEveryRealFileCutAnywhereKeepsTheNotesBeforeTheCut() throws Exception {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Random random = new Random(20261121);
            int files = 0, cases = 0, refused = 0, read = 0, warned = 0;
            long notesKept = 0, notesWhole = 0;
            for (Path file : MidiCorpus.files()) {
                files++;
                byte[] whole = Files.readAllBytes(file);
                Map<String, Integer> all = onsets(MidiReader.parse(whole, file.toString(), Mode.STRICT).score());
                int previousCount = 0;
                for (int cut : cuts(whole.length, random)) {
                    cases++;
                    String name = file.getFileName() + "[0," + cut + ")";
                    try {
                        Result r = MidiReader.readWithWarnings(new ByteArrayInputStream(Arrays.copyOf(whole, cut)), name, Mode.TOLERANT);
                        read++;
                        if (!r.warnings().isEmpty()) warned++;
                        // All real files start with a 6-byte MThd and an MTrk header: from byte 22 on there is a track.
                        assertTrue(cut >= 22, name + " read although it holds no complete chunk header");
                        if (cut < whole.length) assertTrue(!r.warnings().isEmpty(), name + " was cut but reads without a warning");
                        checkWarnings(r, name, cut);
                        Map<String, Integer> got = onsets(r.score());
                        for (Map.Entry<String, Integer> e : got.entrySet())
                            assertTrue(e.getValue() <= all.getOrDefault(e.getKey(), 0), name + " invented the note " + e.getKey());
                        int count = r.score().noteCount();
                        assertTrue(count >= previousCount, name + " kept " + count + " notes, a shorter cut kept " + previousCount);
                        previousCount = count;
                        notesKept += count;
                        notesWhole += all.values().stream().mapToInt(Integer::intValue).sum();
                    } catch (MidiFormatException e) {
                        refused++;
                        assertTrue(cut < 22, name + " was refused although it holds a track: " + e.getMessage());
                        assertTrue(nothingToRead(e), e.getMessage());
                        assertTrue(e.getMessage().startsWith(name + ": at byte "), e.getMessage());
                    } catch (RuntimeException | OutOfMemoryError e) {
                        fail(name + " (tolerant) threw " + e, e);
                    }
                }
            }
            System.out.printf("tolerant truncation sweep: %d files, %d cuts: %d read (%d with warnings), %d refused; %d of %d notes kept%n",
                    files, cases, read, warned, refused, notesKept, notesWhole);
            assertEquals(41, files);
            assertTrue(refused > 0 && read > refused, read + " read, " + refused + " refused");
        });
    }

    @Test
    void strictReadingOfEveryRealFileCutAnywhereReadsOrFailsCleanly() throws Exception {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Random random = new Random(20261121);
            int files = 0, cases = 0, failed = 0, read = 0;
            for (Path file : MidiCorpus.files()) {
                files++;
                byte[] whole = Files.readAllBytes(file);
                for (int cut : cuts(whole.length, random)) {
                    cases++;
                    String name = file.getFileName() + "[0," + cut + ")";
                    try {
                        Result r = MidiReader.readWithWarnings(new ByteArrayInputStream(Arrays.copyOf(whole, cut)), name, Mode.STRICT);
                        checkWarnings(r, name, cut);
                        read++;
                    } catch (MidiFormatException e) {
                        assertTrue(e.getMessage().startsWith(name + ": at byte "), e.getMessage());
                        assertTrue(e.offset() >= 0 && e.offset() <= cut, e.getMessage());
                        failed++;
                    } catch (RuntimeException | OutOfMemoryError e) {
                        fail(name + " (strict) threw " + e, e);
                    }
                }
            }
            System.out.printf("strict truncation sweep: %d files, %d cuts: %d read, %d failed%n", files, cases, read, failed);
            assertTrue(failed > 1000, "most cuts land inside a chunk and must fail: " + failed + " failed, " + read + " read");
        });
    }

    @Test
    void randomByteFlipsReadOrFailCleanlyInBothModes() throws Exception {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            Random random = new Random(42);
            int files = 0, cases = 0, strictRead = 0, strictFailed = 0, tolerantRead = 0, tolerantRefused = 0;
            for (Path file : MidiCorpus.files()) {
                files++;
                byte[] whole = Files.readAllBytes(file);
                for (int trial = 0; trial < 15; trial++) {
                    cases++;
                    byte[] b = whole.clone();
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++) b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    String name = file.getFileName() + " (flips " + trial + ")";
                    Result strict = null;
                    try {
                        strict = MidiReader.parse(b, name, Mode.STRICT);
                        checkWarnings(strict, name, b.length);
                        strictRead++;
                    } catch (MidiFormatException e) {
                        assertTrue(e.offset() >= 0 && e.offset() <= b.length, e.getMessage());
                        strictFailed++;
                    } catch (RuntimeException | OutOfMemoryError e) {
                        fail(name + " (strict) threw " + e, e);
                    }
                    try {
                        Result tolerant = MidiReader.parse(b, name, Mode.TOLERANT);
                        checkWarnings(tolerant, name, b.length);
                        tolerantRead++;
                        // Where strict mode found nothing to refuse, tolerant mode has nothing to repair either.
                        if (strict != null) {
                            assertEquals(strict.score(), tolerant.score(), name);
                            assertEquals(strict.warnings(), tolerant.warnings(), name);
                        }
                    } catch (MidiFormatException e) {
                        assertTrue(nothingToRead(e), name + " was refused in tolerant mode: " + e.getMessage());
                        tolerantRefused++;
                    } catch (RuntimeException | OutOfMemoryError e) {
                        fail(name + " (tolerant) threw " + e, e);
                    }
                }
            }
            System.out.printf("byte-flip sweep: %d files, %d damaged copies: strict %d read, %d failed; tolerant %d read, %d refused%n",
                    files, cases, strictRead, strictFailed, tolerantRead, tolerantRefused);
            assertTrue(strictFailed > 0 && strictRead > 0, strictFailed + " failed, " + strictRead + " read");
            assertTrue(tolerantRead > strictRead, "tolerant mode reads more damaged files than strict mode");
        });
    }

    @Test
    void everyWholeRealFileReadsTheSameInBothModes() throws Exception {
        for (Path file : MidiCorpus.files()) {
            Result strict = MidiReader.readWithWarnings(file, Mode.STRICT), tolerant = MidiReader.readWithWarnings(file);
            assertEquals(strict.score(), tolerant.score(), file.toString());
            assertEquals(strict.warnings(), tolerant.warnings(), file.toString());
        }
    }
}
