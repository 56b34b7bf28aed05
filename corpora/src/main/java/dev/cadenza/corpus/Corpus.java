package dev.cadenza.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The corpora of the seed systems, read from a folder laid out like {@code shared/data}:
 * {@code abc/irish.abc}, {@code abc/nottingham/*.abc}, {@code jsb_chorales/{train,valid,test}/*.csv} and
 * {@code midi/<folder>/*.mid}.
 * <p>
 * {@link #local(Path)} only reads. {@link #cached()} (and {@link Builder#fetcher}) also fetches a missing corpus from
 * its public source, pinned to the commit in the {@link CorpusManifest manifest}, into the folder: each download is
 * written beside its target, its SHA-256 checked against the manifest (a mismatch deletes it and fails with a
 * {@link CorpusChecksumException} naming the file, the expected and the actual hash) and only then moved into place;
 * the JSB archive is unpacked after its check. Without a fetcher, or when the download fails, the error says which
 * file to put where. Files already present are used as they are ({@link #verify(String)} checks them).
 * <p>
 * The default cache folder is the system property {@code cadenza.cache}, else the environment variable
 * {@code CADENZA_CACHE}, else {@code $XDG_CACHE_HOME/cadenza}, else {@code ~/.cache/cadenza}.
 */
public final class Corpus {
    /** Known corpus names, as in the manifest. */
    public static final String IRISH = "irish", NOTTINGHAM = "nottingham", JSB_CHORALES = "jsb-chorales",
            MIDI_PIANO = "midi-piano", MIDI_JAZZ = "midi-jazz";
    /** Most bytes one download may have; far above every known corpus file. */
    public static final long MAX_DOWNLOAD_BYTES = 256L << 20;

    /** The innermost cause's words: a connection failure's own message is often null ("ConnectException: null"). */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String what = root instanceof java.nio.channels.UnresolvedAddressException || root instanceof java.net.UnknownHostException
                ? "the host cannot be resolved: no network?" : root.getMessage();
        return root.getClass().getSimpleName() + (what == null ? "" : ": " + what);
    }

    private static final System.Logger LOG = System.getLogger(Corpus.class.getName());

    private final Path root;
    private final CorpusFetcher fetcher;
    private final List<CorpusFile> manifest;

    private Corpus(Builder b) {
        this.root = Objects.requireNonNull(b.root, "root");
        this.fetcher = b.fetcher;
        this.manifest = List.copyOf(b.manifest);
    }

    /** The system property and the environment variable that name the corpus folder. */
    public static final String DATA_PROPERTY = "cadenza.data", DATA_ENVIRONMENT = "CADENZA_DATA";
    /** Where a developer's checkout of Cadenza finds the corpora, relative to the working directory. */
    public static final Path SHARED_DATA = Path.of("..", "shared", "data");

    /**
     * The corpora by the one rule that the command line, the recipes and the tests share: the folder named by the
     * system property {@value #DATA_PROPERTY}, else by the environment variable {@value #DATA_ENVIRONMENT} (either must
     * exist), else {@code ../shared/data} when the working directory has one (a developer's checkout), else the cache
     * ({@link #cached()}), which fetches a missing corpus on first use and checks its SHA-256.
     *
     * @return the corpora of the folder that rule picks
     * @throws IllegalArgumentException when the property or variable names something that is not a folder
     */
    public static Corpus resolve() {
        return resolve(System::getProperty, System::getenv, Path.of(""));
    }

    /** {@link #resolve()} with the lookups given (tests replace the system's). */
    static Corpus resolve(Function<String, String> properties, Function<String, String> environment, Path workingDirectory) {
        String given = properties.apply(DATA_PROPERTY);
        String source = "the system property " + DATA_PROPERTY;
        if (given == null || given.isBlank()) {
            given = environment.apply(DATA_ENVIRONMENT);
            source = "the environment variable " + DATA_ENVIRONMENT;
        }
        if (given != null && !given.isBlank()) {
            Path folder = Path.of(given.trim());
            if (!Files.isDirectory(folder))
                throw new IllegalArgumentException(source + " names " + folder.toAbsolutePath() + ", which is not a folder");
            return local(folder);
        }
        Path shared = workingDirectory.resolve(SHARED_DATA);
        if (Files.isDirectory(shared)) return local(shared.toAbsolutePath().normalize());
        return cached();
    }

    /**
     * Whether the files of {@code corpus} are in this folder now; nothing is fetched. A corpus the manifest does not
     * list (such as {@code midi-wild}) counts as present when its folder holds files.
     *
     * @param corpus a corpus name, e.g. {@link #IRISH}
     * @return true when every file of it is present
     */
    public boolean has(String corpus) {
        List<CorpusFile> known = files(corpus);
        if (!known.isEmpty()) return known.stream().allMatch(this::present);
        if (!corpus.startsWith("midi-")) return false;
        Path folder = root.resolve("midi").resolve(corpus.substring("midi-".length()));
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".mid"));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether missing corpora are fetched into this folder.
     *
     * @return true when a fetcher is set
     */
    public boolean fetches() {
        return fetcher != null;
    }

    /**
     * Reads the corpora already in {@code folder} (for example {@code shared/data}); never downloads.
     *
     * @param folder a folder laid out like {@code shared/data}
     * @return the corpora, read only
     */
    public static Corpus local(Path folder) {
        return builder().root(folder).build();
    }

    /**
     * The default cache folder, fetching missing corpora over HTTPS.
     *
     * @return the corpora of {@link #defaultCache()}, with an HTTPS fetcher
     */
    public static Corpus cached() {
        return builder().root(defaultCache()).fetcher(CorpusFetcher.https()).build();
    }

    /**
     * A builder with the built-in manifest, no folder and no fetcher.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a corpus: its folder, how missing files are fetched (null: never) and which files are known. */
    public static final class Builder {
        private Path root;
        private CorpusFetcher fetcher;
        private List<CorpusFile> manifest = CorpusManifest.builtIn();

        /**
         * The folder the corpora are in (or fetched into); required.
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder root(Path folder) {
            this.root = folder;
            return this;
        }

        /**
         * How missing files are fetched.
         *
         * @param f the fetcher, or null to never fetch
         * @return this builder
         */
        public Builder fetcher(CorpusFetcher f) {
            this.fetcher = f;
            return this;
        }

        /**
         * The files that are known, with their sources and SHA-256 (tests give their own).
         *
         * @param files the manifest entries; copied
         * @return this builder
         */
        public Builder manifest(List<CorpusFile> files) {
            this.manifest = List.copyOf(files);
            return this;
        }

        /**
         * The corpora of these options.
         *
         * @return the corpora
         * @throws NullPointerException when no folder was given
         */
        public Corpus build() {
            return new Corpus(this);
        }
    }

    /**
     * The default cache folder, by the rule of the class comment; it need not exist yet.
     *
     * @return the folder
     */
    public static Path defaultCache() {
        String p = System.getProperty("cadenza.cache");
        if (p == null || p.isBlank()) p = System.getenv("CADENZA_CACHE");
        if (p != null && !p.isBlank()) return Path.of(p);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "cadenza");
        return Path.of(System.getProperty("user.home"), ".cache", "cadenza");
    }

    /**
     * The folder the corpora are read from.
     *
     * @return the folder
     */
    public Path root() {
        return root;
    }

    /**
     * The manifest entries of one corpus (empty for a name the manifest does not know).
     *
     * @param corpus a corpus name
     * @return a new list of its files, in manifest order
     */
    public List<CorpusFile> files(String corpus) {
        return manifest.stream().filter(f -> f.corpus().equals(corpus)).collect(Collectors.toList());
    }

    /**
     * The corpus names of the manifest.
     *
     * @return the sorted names
     */
    public List<String> corpora() {
        return new ArrayList<>(new TreeSet<>(manifest.stream().map(CorpusFile::corpus).collect(Collectors.toList())));
    }

    // ---- the corpora ----

    /**
     * The text of {@code abc/irish.abc} (MIT 6.S191, 804 tunes).
     *
     * @return the whole text
     * @throws IOException when the file is missing and cannot be fetched, or cannot be read
     */
    public String irishAbc() throws IOException {
        ensure(IRISH);
        return Files.readString(root.resolve("abc/irish.abc"), StandardCharsets.UTF_8);
    }

    /**
     * The Nottingham ABC files ({@code abc/nottingham/*.abc}), sorted by name.
     *
     * @return the files
     * @throws IOException when the corpus is missing and cannot be fetched, or its folder has no ABC file
     */
    public List<Path> nottinghamFiles() throws IOException {
        ensure(NOTTINGHAM);
        return list(root.resolve("abc/nottingham"), ".abc", NOTTINGHAM);
    }

    /**
     * The chorale CSV files of one split ("train", "valid" or "test"), sorted by name.
     *
     * @param split "train", "valid" or "test"
     * @return the files
     * @throws IOException when the corpus is missing and cannot be fetched, or the split's folder has no CSV file
     * @throws IllegalArgumentException when the split is none of the three
     */
    public List<Path> jsbChoraleFiles(String split) throws IOException {
        if (!List.of("train", "valid", "test").contains(split))
            throw new IllegalArgumentException("JSB chorale split must be train, valid or test, was '" + split + "'");
        ensure(JSB_CHORALES);
        return list(root.resolve("jsb_chorales").resolve(split), ".csv", JSB_CHORALES);
    }

    /**
     * The MIDI files of {@code midi/<folder>} ("piano", "jazz", "wild", ...), sorted by name.
     *
     * @param folder a plain folder name, e.g. "piano"
     * @return the files
     * @throws IOException when the folder is missing (and its corpus cannot be fetched) or holds no {@code .mid} file
     * @throws IllegalArgumentException when the name is not a plain folder name
     */
    public List<Path> midiFiles(String folder) throws IOException {
        if (folder.contains("/") || folder.contains("\\") || folder.contains(".."))
            throw new IllegalArgumentException("MIDI folder must be a plain name such as 'piano', was '" + folder + "'");
        ensure("midi-" + folder);
        return list(root.resolve("midi").resolve(folder), ".mid", "midi-" + folder);
    }

    private List<Path> list(Path folder, String suffix, String corpus) throws IOException {
        if (!Files.isDirectory(folder)) throw missing(corpus, folder, null);
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
            if (files.isEmpty()) throw missing(corpus, folder, null);
            return files;
        }
    }

    // ---- presence, fetching, checking ----

    /**
     * Makes sure every file of {@code corpus} is in the folder, fetching the missing ones when a fetcher is set.
     * A corpus the manifest does not know must already be there.
     *
     * @param corpus a corpus name
     * @throws IOException when a file is missing and cannot be fetched (the message says what to put where), a
     * download fails, or its SHA-256 differs ({@link CorpusChecksumException})
     */
    public void ensure(String corpus) throws IOException {
        for (CorpusFile f : files(corpus)) {
            if (present(f)) continue;
            if (fetcher == null) throw missing(corpus, root.resolve(f.archive() ? archiveFolder(f) : f.localPath()), f);
            fetch(f);
        }
    }

    private boolean present(CorpusFile f) {
        if (!f.archive()) return Files.isRegularFile(root.resolve(f.localPath()));
        return Files.isDirectory(root.resolve(archiveFolder(f)));
    }

    /** The folder an archive unpacks to: its name without the extension ("jsb_chorales"). */
    private static String archiveFolder(CorpusFile f) {
        String name = f.localPath().substring(f.localPath().lastIndexOf('/') + 1);
        return name.substring(0, name.indexOf('.'));
    }

    private IOException missing(String corpus, Path where, CorpusFile f) {
        StringBuilder sb = new StringBuilder("corpus '").append(corpus).append("' is not in ").append(root)
                .append(": expected ").append(where);
        List<CorpusFile> known = files(corpus);
        if (!known.isEmpty()) {
            sb.append(". Put the files there (layout of shared/data: ");
            CorpusFile example = f != null ? f : known.get(0);
            sb.append(example.archive() ? "unpack " + example.url() + " (sha256 " + example.sha256() + ") into " + root
                    : "download " + example.url() + " to " + root.resolve(example.localPath()));
            if (known.size() > 1 && !example.archive()) sb.append(", and the other ").append(known.size() - 1).append(" files of the corpus likewise");
            sb.append("), or use Corpus.cached() to download them");
        } else {
            sb.append(". Put the files there; Cadenza does not know where to download '").append(corpus).append("'");
        }
        return new IOException(sb.toString());
    }

    private void fetch(CorpusFile f) throws IOException {
        Path target = root.resolve(f.archive() ? "downloads/" + f.localPath() : f.localPath());
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        LOG.log(System.Logger.Level.INFO, "fetching " + f.localPath() + " of corpus '" + f.corpus() + "' (upstream " + f.url() + ") into " + target);
        String actual;
        try (InputStream raw = fetcher.open(f);
             DigestInputStream in = new DigestInputStream(raw, sha256());
             OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > MAX_DOWNLOAD_BYTES) throw new IOException(f.localPath() + ": download is larger than " + MAX_DOWNLOAD_BYTES + " bytes");
                out.write(buffer, 0, n);
            }
            actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw new IOException("could not fetch " + f.localPath() + " of corpus '" + f.corpus() + "' from " + f.url() + " (" + cause(e)
                    + "). Without network, download it elsewhere and put it at " + root.resolve(f.archive() ? "downloads/" + f.localPath() : f.localPath())
                    + (f.archive() ? " (or unpack it into " + root + ")" : ""), e);
        }
        if (!actual.equals(f.sha256())) {
            Files.deleteIfExists(partial);
            throw new CorpusChecksumException(f.localPath(), f.url().toString(), f.sha256(), actual);
        }
        move(partial, target);
        if (f.archive()) {
            String folder = archiveFolder(f);
            Path unpacking = root.resolve(folder + ".unpacking");
            deleteTree(unpacking);
            try (InputStream in = Files.newInputStream(target)) {
                TarGz.extract(in, target.toString(), unpacking, name -> name.startsWith(folder + "/") && !name.contains("/._"), MAX_DOWNLOAD_BYTES);
            }
            move(unpacking.resolve(folder), root.resolve(folder));
            deleteTree(unpacking);
        }
    }

    /**
     * Checks the SHA-256 of the plain files of {@code corpus} already in the folder; names the first that differs.
     *
     * @param corpus a corpus name
     * @throws IOException when a file is missing, cannot be read, or its SHA-256 differs from the manifest's
     */
    public void verify(String corpus) throws IOException {
        for (CorpusFile f : files(corpus)) {
            if (f.archive()) continue;
            Path p = root.resolve(f.localPath());
            if (!Files.isRegularFile(p)) throw missing(corpus, p, f);
            String actual;
            try (DigestInputStream in = new DigestInputStream(Files.newInputStream(p), sha256())) {
                in.transferTo(OutputStream.nullOutputStream());
                actual = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            if (!actual.equals(f.sha256()))
                throw new IOException(p + ": SHA-256 is " + actual + ", expected " + f.sha256() + " (" + f.url() + ")");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).collect(Collectors.toList())) Files.delete(q);
        }
    }
}
