package dev.cadenza.tokenizers.corpus;

import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus loader on the shared data, used as a local folder and as a mirror; it never touches the network. */
class CorpusTest {
    private static final Path DATA = Path.of(System.getProperty("cadenza.data"));

    @Test
    void readsEveryCorpusFromTheSharedFolder() throws IOException {
        Corpus c = Corpus.local(DATA);
        String irish = c.irishAbc();
        assertEquals(197_618, irish.length());
        assertEquals(804, irish.lines().filter(l -> l.startsWith("X:")).count());
        assertEquals(14, c.nottinghamFiles().size());
        assertEquals(229, c.jsbChorales("train").size());
        assertEquals(76, c.jsbChorales("valid").size());
        assertEquals(77, c.jsbChorales("test").size());
        assertEquals(30, c.midiFiles("piano").size());
        assertEquals(10, c.midiFiles("wild").size());
        List<Score> jazz = c.midi("jazz");
        assertEquals(12_962, jazz.get(0).noteCount());
        assertThrows(IllegalArgumentException.class, () -> c.jsbChorales("training"));
        assertThrows(IllegalArgumentException.class, () -> c.midiFiles("../abc"));
    }

    @Test
    void theManifestMatchesTheSharedFilesByteForByte() throws IOException {
        Corpus c = Corpus.local(DATA);
        assertEquals(List.of("irish", "jsb-chorales", "midi-jazz", "midi-piano", "nottingham"), c.corpora());
        assertEquals(1 + 14 + 1 + 30 + 1, CorpusManifest.builtIn().size());
        for (String corpus : c.corpora()) c.verify(corpus);
        CorpusFile irish = c.files(Corpus.IRISH).get(0);
        assertEquals("https://raw.githubusercontent.com/aamini/introtodeeplearning/fd8023c7804bd352fc7212ac3aa587bd90912653/mitdeeplearning/data/irish.abc",
                irish.url().toString());
        assertTrue(c.files(Corpus.JSB_CHORALES).get(0).archive());
    }

    @Test
    void fetchesMissingFilesFromAMirrorIntoTheCache(@TempDir Path cache) throws IOException {
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(DATA)).build();
        assertEquals(Files.readString(DATA.resolve("abc/irish.abc")), c.irishAbc());
        assertTrue(Files.isRegularFile(cache.resolve("abc/irish.abc")));
        assertEquals(14, c.nottinghamFiles().size());
        assertEquals(30, c.midiFiles("piano").size());
        c.verify(Corpus.MIDI_PIANO);
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "no partial download is left behind");
        }
        // A second corpus over the same folder finds the files without a fetcher.
        assertEquals(14, Corpus.local(cache).nottinghamFiles().size());
    }

    @Test
    void aChecksumMismatchDeletesTheDownloadAndNamesBothHashes(@TempDir Path mirror, @TempDir Path cache) throws Exception {
        Path bad = mirror.resolve("abc/irish.abc");
        Files.createDirectories(bad.getParent());
        byte[] tampered = Files.readAllBytes(DATA.resolve("abc/irish.abc"));
        tampered[100] ^= 1;
        Files.write(bad, tampered);
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(mirror)).build();
        CorpusChecksumException e = assertThrows(CorpusChecksumException.class, c::irishAbc);
        String expected = c.files(Corpus.IRISH).get(0).sha256();
        assertEquals(expected, e.expected());
        assertEquals(sha256(tampered), e.actual());
        assertTrue(e.getMessage().contains("abc/irish.abc") && e.getMessage().contains(expected) && e.getMessage().contains(e.actual()), e.getMessage());
        assertFalse(Files.exists(cache.resolve("abc/irish.abc")));
        assertFalse(Files.exists(cache.resolve("abc/irish.abc.part")));
    }

    @Test
    void offlineItSaysWhereToPutTheFiles(@TempDir Path empty) {
        IOException e = assertThrows(IOException.class, () -> Corpus.local(empty).irishAbc());
        assertTrue(e.getMessage().contains(empty.resolve("abc/irish.abc").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("https://raw.githubusercontent.com/aamini/introtodeeplearning/"), e.getMessage());

        Corpus unreachable = Corpus.builder().root(empty).fetcher(f -> {
            throw new java.net.ConnectException("network is unreachable");
        }).build();
        e = assertThrows(IOException.class, () -> unreachable.jsbChorales("train"));
        assertTrue(e.getMessage().contains("network is unreachable") && e.getMessage().contains(empty.resolve("downloads/jsb_chorales.tgz").toString()), e.getMessage());

        e = assertThrows(IOException.class, () -> Corpus.local(empty).midiFiles("wild"));
        assertTrue(e.getMessage().contains(empty.resolve("midi/wild").toString()), e.getMessage());
    }

    @Test
    void theChoraleArchiveIsCheckedAndUnpacked(@TempDir Path mirror, @TempDir Path cache) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "jsb_chorales/", '5', new byte[0]);
        entry(tar, "PaxHeader/x", 'x', "30 mtime=1576000000.000000000\n".getBytes(StandardCharsets.UTF_8));
        for (String split : List.of("train", "valid", "test")) {
            try (Stream<Path> s = Files.list(DATA.resolve("jsb_chorales").resolve(split))) {
                for (Path p : s.sorted().limit(3).toList())
                    entry(tar, "jsb_chorales/" + split + "/" + p.getFileName(), '0', Files.readAllBytes(p));
            }
            entry(tar, "jsb_chorales/" + split + "/._chorale_000.csv", '0', new byte[] {0, 5, 22, 7});
        }
        entry(tar, "jsb_chorales/README.md", '0', "chorales".getBytes(StandardCharsets.UTF_8));
        tar.write(new byte[1024]);
        byte[] tgz = gzip(tar.toByteArray());
        Files.write(mirror.resolve("jsb_chorales.tgz"), tgz);
        CorpusFile archive = new CorpusFile(Corpus.JSB_CHORALES, "jsb_chorales.tgz", "ageron/data", "0".repeat(40), "jsb_chorales.tgz", sha256(tgz), tgz.length);
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(mirror)).manifest(List.of(archive)).build();
        assertEquals(3, c.jsbChorales("valid").size());
        assertEquals(Files.readString(DATA.resolve("jsb_chorales/train/chorale_000.csv")), Files.readString(cache.resolve("jsb_chorales/train/chorale_000.csv")));
        assertTrue(Files.isRegularFile(cache.resolve("downloads/jsb_chorales.tgz")));
        assertFalse(Files.exists(cache.resolve("jsb_chorales/train/._chorale_000.csv")));
        assertFalse(Files.exists(cache.resolve("jsb_chorales.unpacking")));

        // The real manifest's hash does not match this small archive: refused, nothing unpacked.
        Corpus real = Corpus.builder().root(cache.resolve("other")).fetcher(CorpusFetcher.mirror(mirror)).build();
        CorpusChecksumException e = assertThrows(CorpusChecksumException.class, () -> real.jsbChorales("train"));
        assertEquals("e722fbc866fc1ba0bac56a6fcad95d7e3e584da80173e13932e3da441440efd7", e.expected());
        assertFalse(Files.exists(cache.resolve("other/jsb_chorales")));
    }

    @Test
    void archiveEntriesCannotEscapeTheFolder(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "jsb_chorales/../../evil.csv", '0', "x".getBytes(StandardCharsets.UTF_8));
        tar.write(new byte[1024]);
        IOException e = assertThrows(IOException.class, () -> TarGz.extract(new java.io.ByteArrayInputStream(gzip(tar.toByteArray())), "evil.tgz",
                dir.resolve("out"), n -> n.startsWith("jsb_chorales/"), 1 << 20));
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
        byte[] cut = gzip(java.util.Arrays.copyOf(tar.toByteArray(), 700));
        assertThrows(IOException.class, () -> TarGz.extract(new java.io.ByteArrayInputStream(cut), "cut.tgz", dir.resolve("out2"), n -> true, 1 << 20));
    }

    @Test
    void theCacheFolderCanBeChosenWithAProperty(@TempDir Path dir) {
        String before = System.getProperty("cadenza.cache");
        try {
            System.setProperty("cadenza.cache", dir.toString());
            assertEquals(dir, Corpus.defaultCache());
            assertEquals(dir, Corpus.cached().root());
            System.clearProperty("cadenza.cache");
            if (System.getenv("CADENZA_CACHE") == null && System.getenv("XDG_CACHE_HOME") == null)
                assertEquals(Path.of(System.getProperty("user.home"), ".cache", "cadenza"), Corpus.defaultCache());
        } finally {
            if (before == null) System.clearProperty("cadenza.cache");
            else System.setProperty("cadenza.cache", before);
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(b);
        }
        return out.toByteArray();
    }

    /** Appends one ustar entry. */
    private static void entry(ByteArrayOutputStream tar, String name, char type, byte[] data) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(n, 0, h, 0, n.length);
        put(h, 100, String.format("%07o", 0644));
        put(h, 108, String.format("%07o", 0));
        put(h, 116, String.format("%07o", 0));
        put(h, 124, String.format("%011o", data.length));
        put(h, 136, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) h[i] = ' ';
        int sum = 0;
        for (byte x : h) sum += x & 0xFF;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        tar.writeBytes(h);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
