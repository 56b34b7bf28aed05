package dev.cadenza.corpus;

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
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus loader on small corpora this test writes itself (a mirror folder plays the network), so it runs on a
 * fresh clone; the real corpora and the built-in manifest are checked by the tokenizers module's RealCorporaTest.
 */
class CorpusTest {
    private static final String TUNES = "X:1\nT:One\nK:G\nGABc|\n\nX:2\nT:Two\nK:D\nDEFG|\n";

    /** A mirror holding abc/irish.abc and two Nottingham files, and the manifest that describes it. */
    private static List<CorpusFile> mirror(Path mirror) throws Exception {
        Map<String, String> files = Map.of("abc/irish.abc", TUNES, "abc/nottingham/a.abc", "X:1\nK:C\nC|\n",
                "abc/nottingham/b.abc", "X:2\nK:C\nD|\n");
        List<CorpusFile> manifest = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(files).entrySet()) {
            byte[] bytes = e.getValue().getBytes(StandardCharsets.UTF_8);
            Path p = mirror.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            String corpus = e.getKey().contains("nottingham") ? Corpus.NOTTINGHAM : Corpus.IRISH;
            manifest.add(new CorpusFile(corpus, e.getKey(), "example/corpus", "0".repeat(40), e.getKey(), sha256(bytes), bytes.length));
        }
        return manifest;
    }

    @Test
    void fetchesMissingFilesFromAMirrorIntoTheCache(@TempDir Path mirror, @TempDir Path cache) throws Exception {
        List<CorpusFile> manifest = mirror(mirror);
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(mirror)).manifest(manifest).build();
        assertFalse(c.has(Corpus.IRISH));
        assertEquals(TUNES, c.irishAbc());
        assertTrue(c.has(Corpus.IRISH));
        assertTrue(Files.isRegularFile(cache.resolve("abc/irish.abc")));
        assertEquals(2, c.nottinghamFiles().size());
        c.verify(Corpus.NOTTINGHAM);
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")), "no partial download is left behind");
        }
        // A second corpus over the same folder finds the files without a fetcher.
        assertEquals(2, Corpus.builder().root(cache).manifest(manifest).build().nottinghamFiles().size());
        assertEquals(List.of(Corpus.IRISH, Corpus.NOTTINGHAM), c.corpora());
    }

    @Test
    void aChecksumMismatchDeletesTheDownloadAndNamesBothHashes(@TempDir Path mirror, @TempDir Path cache) throws Exception {
        List<CorpusFile> manifest = mirror(mirror);
        byte[] tampered = TUNES.getBytes(StandardCharsets.UTF_8);
        tampered[5] ^= 1;
        Files.write(mirror.resolve("abc/irish.abc"), tampered);
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(mirror)).manifest(manifest).build();
        CorpusChecksumException e = assertThrows(CorpusChecksumException.class, c::irishAbc);
        String expected = c.files(Corpus.IRISH).get(0).sha256();
        assertEquals(expected, e.expected());
        assertEquals(sha256(tampered), e.actual());
        assertTrue(e.getMessage().contains("abc/irish.abc") && e.getMessage().contains(expected) && e.getMessage().contains(e.actual()), e.getMessage());
        assertFalse(Files.exists(cache.resolve("abc/irish.abc")));
        assertFalse(Files.exists(cache.resolve("abc/irish.abc.part")));
        // verify() names a file that was changed after it was fetched.
        Files.createDirectories(cache.resolve("abc"));
        Files.write(cache.resolve("abc/irish.abc"), tampered);
        IOException changed = assertThrows(IOException.class, () -> c.verify(Corpus.IRISH));
        assertTrue(changed.getMessage().contains(expected), changed.getMessage());
    }

    @Test
    void offlineItSaysWhereToPutTheFiles(@TempDir Path empty) {
        IOException e = assertThrows(IOException.class, () -> Corpus.local(empty).irishAbc());
        assertTrue(e.getMessage().contains(empty.resolve("abc/irish.abc").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("https://raw.githubusercontent.com/aamini/introtodeeplearning/"), e.getMessage());

        Corpus unreachable = Corpus.builder().root(empty).fetcher(f -> {
            throw new java.net.ConnectException("network is unreachable");
        }).build();
        e = assertThrows(IOException.class, () -> unreachable.jsbChoraleFiles("train"));
        assertTrue(e.getMessage().contains("network is unreachable") && e.getMessage().contains(empty.resolve("downloads/jsb_chorales.tgz").toString()), e.getMessage());
        // Java's HTTP client fails without a message when the host cannot be resolved; the cause still says why.
        Corpus noDns = Corpus.builder().root(empty).fetcher(f -> {
            java.net.ConnectException c = new java.net.ConnectException();
            c.initCause(new java.nio.channels.UnresolvedAddressException());
            throw new IOException(c);
        }).build();
        e = assertThrows(IOException.class, noDns::irishAbc);
        assertTrue(e.getMessage().contains("(UnresolvedAddressException: the host cannot be resolved: no network?)"), e.getMessage());

        e = assertThrows(IOException.class, () -> Corpus.local(empty).midiFiles("wild"));
        assertTrue(e.getMessage().contains(empty.resolve("midi/wild").toString()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Corpus.local(empty).jsbChoraleFiles("training"));
        assertThrows(IllegalArgumentException.class, () -> Corpus.local(empty).midiFiles("../abc"));
    }

    @Test
    void theChoraleArchiveIsCheckedAndUnpacked(@TempDir Path mirror, @TempDir Path cache) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "jsb_chorales/", '5', new byte[0]);
        entry(tar, "PaxHeader/x", 'x', "30 mtime=1576000000.000000000\n".getBytes(StandardCharsets.UTF_8));
        String chorale = "note0,note1,note2,note3\n74,70,65,58\n74,70,65,58\n";
        for (String split : List.of("train", "valid", "test")) {
            for (int i = 0; i < 3; i++)
                entry(tar, "jsb_chorales/" + split + "/chorale_" + split + i + ".csv", '0', chorale.getBytes(StandardCharsets.US_ASCII));
            entry(tar, "jsb_chorales/" + split + "/._chorale_000.csv", '0', new byte[] {0, 5, 22, 7});
        }
        entry(tar, "jsb_chorales/README.md", '0', "chorales".getBytes(StandardCharsets.UTF_8));
        tar.write(new byte[1024]);
        byte[] tgz = gzip(tar.toByteArray());
        Files.write(mirror.resolve("jsb_chorales.tgz"), tgz);
        CorpusFile archive = new CorpusFile(Corpus.JSB_CHORALES, "jsb_chorales.tgz", "ageron/data", "0".repeat(40), "jsb_chorales.tgz", sha256(tgz), tgz.length);
        Corpus c = Corpus.builder().root(cache).fetcher(CorpusFetcher.mirror(mirror)).manifest(List.of(archive)).build();
        assertEquals(3, c.jsbChoraleFiles("valid").size());
        assertEquals(chorale, Files.readString(cache.resolve("jsb_chorales/train/chorale_train0.csv")));
        assertTrue(Files.isRegularFile(cache.resolve("downloads/jsb_chorales.tgz")));
        assertFalse(Files.exists(cache.resolve("jsb_chorales/train/._chorale_000.csv")));
        assertFalse(Files.exists(cache.resolve("jsb_chorales.unpacking")));

        // The real manifest's hash does not match this small archive: refused, nothing unpacked.
        Corpus real = Corpus.builder().root(cache.resolve("other")).fetcher(CorpusFetcher.mirror(mirror)).build();
        CorpusChecksumException e = assertThrows(CorpusChecksumException.class, () -> real.jsbChoraleFiles("train"));
        assertEquals("e722fbc866fc1ba0bac56a6fcad95d7e3e584da80173e13932e3da441440efd7", e.expected());
        assertFalse(Files.exists(cache.resolve("other/jsb_chorales")));
    }

    @Test
    void resolvesTheCorpusFolderByOneRule(@TempDir Path dir) throws IOException {
        Path given = Files.createDirectories(dir.resolve("given"));
        Path work = Files.createDirectories(dir.resolve("checkout/work"));
        Map<String, String> none = Map.of();
        // 1. the system property, 2. the environment variable; either must name a folder
        assertEquals(given, Corpus.resolve(Map.of(Corpus.DATA_PROPERTY, given.toString())::get, none::get, work).root());
        assertEquals(given, Corpus.resolve(none::get, Map.of(Corpus.DATA_ENVIRONMENT, given.toString())::get, work).root());
        assertEquals(given, Corpus.resolve(Map.of(Corpus.DATA_PROPERTY, " ")::get, Map.of(Corpus.DATA_ENVIRONMENT, given.toString())::get, work).root());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Corpus.resolve(Map.of(Corpus.DATA_PROPERTY, dir.resolve("nowhere").toString())::get, none::get, work));
        assertTrue(e.getMessage().contains("cadenza.data") && e.getMessage().contains("nowhere"), e.getMessage());
        // 3. ../shared/data beside a developer's checkout, read only
        Corpus cache = Corpus.resolve(none::get, none::get, work);
        assertEquals(Corpus.defaultCache(), cache.root());
        assertTrue(cache.fetches(), "without a folder, the cache fetches what is missing");
        Path shared = Files.createDirectories(dir.resolve("checkout/shared/data"));
        Corpus local = Corpus.resolve(none::get, none::get, work);
        assertEquals(shared.toAbsolutePath().normalize(), local.root());
        assertFalse(local.fetches());
        // has() looks without fetching; a corpus the manifest does not list needs its folder
        assertFalse(local.has(Corpus.IRISH));
        assertFalse(local.has("midi-wild"));
        Files.createDirectories(shared.resolve("midi/wild"));
        Files.write(shared.resolve("midi/wild/x.mid"), new byte[] {1});
        assertTrue(local.has("midi-wild"));
        assertFalse(local.has("no-such-corpus"));
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
