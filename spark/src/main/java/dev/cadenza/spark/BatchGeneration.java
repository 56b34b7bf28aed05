package dev.cadenza.spark;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.Input;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Generates N pieces from one checkpoint across the executors, renders each in the formats asked for, and writes a
 * manifest of what was produced.
 * <p>
 * Piece {@code i} (0-based) is generated with the random stream {@code seed + i}: it is row {@code i} of the
 * single-machine {@code Generator...seed(seed).generate(N)}, and the piece {@code Generator...seed(seed + i).generate()}
 * gives alone. Each task generates its consecutive pieces in batches of at most {@link #piecesPerBatch} rows (one
 * {@link Generator} call with the seed of the batch's first piece), which is the same thing by that rule.
 * <pre>
 * OUTPUT/piece-000000.mid ...   one file per piece and format (Hadoop path: local, HDFS, S3...)
 * OUTPUT/manifest.jsonl         one line per piece: piece, seed, tokens, tokenIds, files, sampler, samplerOptions,
 *                               primer, length, backend, checkpoint (sha256:...), error (null, or why it has no files)
 * </pre>
 * A piece whose tokens do not decode into music (an ABC text that does not parse) keeps its line, with the reason.
 */
public final class BatchGeneration {
    /** The manifest's file name in the output folder: one JSON object per line, one line per piece. */
    public static final String MANIFEST = "manifest.jsonl";

    private final JavaSparkContext sc;
    private String checkpoint;
    private String output;
    private int pieces = 1;
    private long seed;
    private String sampler = "temperature";
    private Options samplerOptions = Options.none();
    private int[] primer;
    private int length = 100;
    private int stopToken = -1;
    private List<String> formats = List.of("midi");
    private Map<String, String> renderOptions = Map.of();
    private String backend = "";
    private int piecesPerBatch = 16;
    private int partitions;

    private BatchGeneration(JavaSparkContext sc) {
        this.sc = Objects.requireNonNull(sc, "sc");
    }

    /**
     * A generation job on {@code sc}, with the defaults: one piece, seed 0, the temperature sampler, 100 tokens, no
     * stop
     * token, MIDI output, 16 pieces per batch.
     *
     * @param sc the Spark context of the driver
     * @return a new job to configure
     */
    public static BatchGeneration on(JavaSparkContext sc) {
        return new BatchGeneration(sc);
    }

    /**
     * The checkpoint file (any Hadoop path); the driver reads it and broadcasts its bytes.
     *
     * @param path a Hadoop path to a checkpoint with a tokenizer
     * @return this job
     */
    public BatchGeneration checkpoint(String path) {
        this.checkpoint = path;
        return this;
    }

    /**
     * The folder to write pieces and manifest into (any Hadoop path); created if missing.
     *
     * @param path a Hadoop path
     * @return this job
     */
    public BatchGeneration output(String path) {
        this.output = path;
        return this;
    }

    /**
     * How many pieces to generate.
     *
     * @param n at least 1
     * @return this job
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public BatchGeneration pieces(int n) {
        if (n <= 0) throw new IllegalArgumentException("pieces must be > 0, was " + n);
        this.pieces = n;
        return this;
    }

    /**
     * The random stream of piece 0; piece i uses {@code seed + i}.
     *
     * @param s the seed
     * @return this job
     */
    public BatchGeneration seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * The sampler, by provider name with its options in their string form (checked on the driver before any task).
     *
     * @param name a sampler provider's name, e.g. "top-p"
     * @param options its options
     * @return this job
     */
    public BatchGeneration sampler(String name, Options options) {
        this.sampler = Objects.requireNonNull(name, "sampler");
        this.samplerOptions = Objects.requireNonNull(options, "options");
        return this;
    }

    /**
     * Token ids fed before sampling; by default the first token of the vocabulary.
     *
     * @param ids vocabulary ids; copied
     * @return this job
     */
    public BatchGeneration primer(int... ids) {
        this.primer = ids.clone();
        return this;
    }

    /**
     * Tokens to generate per piece (at most: a stop token ends a piece early).
     *
     * @param n at least 1
     * @return this job
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public BatchGeneration length(int n) {
        if (n <= 0) throw new IllegalArgumentException("length must be > 0, was " + n);
        this.length = n;
        return this;
    }

    /**
     * A token that ends a piece (kept as its last token).
     *
     * @param token a vocabulary id, or -1 for none (the default)
     * @return this job
     */
    public BatchGeneration stopToken(int token) {
        this.stopToken = token;
        return this;
    }

    /**
     * Renderer names ("midi", "abc", "musicxml", "wav", "png"...); none for tokens only.
     *
     * @param names renderer provider names; copied
     * @return this job
     */
    public BatchGeneration formats(List<String> names) {
        this.formats = List.copyOf(names);
        return this;
    }

    /**
     * Options for every renderer, in their string form (e.g. {@code bpm=90}).
     *
     * @param options the options; copied
     * @return this job
     */
    public BatchGeneration renderOptions(Map<String, String> options) {
        this.renderOptions = Map.copyOf(options);
        return this;
    }

    /**
     * The engine on the executors (blank: each executor's default).
     *
     * @param name a backend name, or null or blank for the default
     * @return this job
     */
    public BatchGeneration backend(String name) {
        this.backend = name == null ? "" : name;
        return this;
    }

    /**
     * Rows generated together by one task (more rows, fewer model calls per token).
     *
     * @param n at least 1
     * @return this job
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public BatchGeneration piecesPerBatch(int n) {
        if (n <= 0) throw new IllegalArgumentException("piecesPerBatch must be > 0, was " + n);
        this.piecesPerBatch = n;
        return this;
    }

    /**
     * Tasks to spread the pieces over (0: Spark's default parallelism).
     *
     * @param n the number of tasks, or 0 for the default
     * @return this job
     */
    public BatchGeneration partitions(int n) {
        this.partitions = n;
        return this;
    }

    /**
     * One generated piece as the manifest lists it. Serializable only to travel from the executors to the driver: its
     * serialized form is not a stored format, so it is left out of the serialized-form documentation.
     *
     * @param piece the piece's number, 0-based
     * @param seed the random stream it was generated with
     * @param tokens the generated token ids, the primer not included
     * @param files the Hadoop paths of the files rendered for it; copied
     * @param error null, or why the piece has no files (its tokens do not decode into music)
     * @serial exclude
     */
    public record Piece(int piece, long seed, int[] tokens, List<String> files, String error) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Copies the file list.
         *
         * @param piece the piece's number
         * @param seed its random stream
         * @param tokens its token ids
         * @param files its files
         * @param error null, or why it has none
         */
        public Piece {
            files = List.copyOf(files);
        }

        /**
         * The piece's name, which its files start with.
         *
         * @return {@code piece-NNNNNN}, six digits
         */
        public String name() {
            return name(piece);
        }

        static String name(int piece) {
            return String.format(Locale.ROOT, "piece-%06d", piece);
        }
    }

    /**
     * What one run produced: every piece in order, the manifest written, and the checkpoint's hash.
     *
     * @param pieces every piece, in order; copied
     * @param manifest the Hadoop path of the manifest written
     * @param checkpointSha256 the SHA-256 of the checkpoint's bytes, lower-case hex
     */
    public record Result(List<Piece> pieces, String manifest, String checkpointSha256) {
        /**
         * Copies the pieces.
         *
         * @param pieces every piece, in order
         * @param manifest the manifest's path
         * @param checkpointSha256 the checkpoint's hash
         */
        public Result {
            pieces = List.copyOf(pieces);
        }
    }

    /** Everything a task needs, serializable (Options and Cadenza's values are not). */
    private record Job(String checkpointSha, String backend, int pieces, long seed, String sampler, Map<String, String> samplerOptions,
                       int[] primer, int length, int stopToken, List<String> formats, Map<String, String> renderOptions,
                       String output, int piecesPerBatch) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Runs the job: reads the checkpoint on the driver, checks the sampler, formats and primer there, generates and
     * renders
     * on the executors, and writes the manifest.
     *
     * @return the pieces, the manifest's path and the checkpoint's hash
     * @throws IOException when the checkpoint cannot be read, or the output cannot be written
     * @throws IllegalArgumentException when the checkpoint holds no tokenizer, or the sampler, a format or the primer
     *     is
     * not accepted
     * @throws NullPointerException when no checkpoint or output was given
     */
    public Result run() throws IOException {
        Objects.requireNonNull(checkpoint, "checkpoint");
        Objects.requireNonNull(output, "output");
        Configuration hadoop = sc.hadoopConfiguration();
        Path source = new Path(checkpoint);
        byte[] bytes;
        try (FSDataInputStream in = source.getFileSystem(hadoop).open(source)) {
            bytes = in.readAllBytes();
        }
        String sha = sha256(bytes);
        // Check everything on the driver before any task starts: the checkpoint, the sampler, the formats, the primer.
        Checkpoint c = Checkpoint.read(new ByteArrayInputStream(bytes));
        if (c.tokenizer() == null)
            throw new IllegalArgumentException(checkpoint + ": the checkpoint holds no tokenizer, so its pieces cannot be decoded or rendered");
        ExecutorModels.cadenza().sampler(sampler, samplerOptions);
        for (String f : formats) ExecutorModels.cadenza().renderer(f);
        int[] firstTokens = primer != null ? primer : new int[] {0};
        c.tokenizer().vocabulary().check(firstTokens);
        Path out = new Path(output);
        FileSystem fs = out.getFileSystem(hadoop);
        fs.mkdirs(out);

        Broadcast<byte[]> shared = sc.broadcast(bytes);
        Job job = new Job(sha, backend, pieces, seed, sampler, new LinkedHashMap<>(samplerOptions.asMap()), firstTokens, length, stopToken,
                new ArrayList<>(formats), new LinkedHashMap<>(renderOptions), out.toString(), piecesPerBatch);
        int slices = partitions > 0 ? partitions : sc.defaultParallelism();
        List<Integer> ids = IntStream.range(0, pieces).boxed().toList();
        List<Piece> made = new ArrayList<>(sc.parallelize(ids, Math.min(slices, pieces))
                .mapPartitions(it -> {
                    List<Integer> mine = new ArrayList<>();
                    it.forEachRemaining(mine::add);
                    return generate(job, mine, shared).iterator();
                }).collect());
        shared.destroy();
        made.sort(Comparator.comparingInt(Piece::piece));
        Path manifest = new Path(out, MANIFEST);
        StringBuilder lines = new StringBuilder();
        for (Piece p : made) lines.append(JSON.std.asString(manifestLine(p, job))).append('\n');
        try (OutputStream o = fs.create(manifest, true)) {
            o.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new Result(made, manifest.toString(), sha);
    }

    /** The pieces {@code ids} (consecutive), generated in batches and rendered on this executor. */
    private static List<Piece> generate(Job job, List<Integer> ids, Broadcast<byte[]> checkpoint) throws IOException {
        List<Piece> out = new ArrayList<>();
        if (ids.isEmpty()) return out;
        Cadenza.LoadedModel loaded = ExecutorModels.generator(job.backend(), job.checkpointSha(), checkpoint::value);
        Cadenza cadenza = ExecutorModels.cadenza();
        Tokenizer<?> tokenizer = loaded.tokenizer();
        FileSystem fs = new Path(job.output()).getFileSystem(new Configuration());
        for (int from = 0; from < ids.size(); from += job.piecesPerBatch()) {
            List<Integer> batch = ids.subList(from, Math.min(ids.size(), from + job.piecesPerBatch()));
            int first = batch.get(0);
            for (int i = 1; i < batch.size(); i++)
                if (batch.get(i) != first + i) throw new IllegalStateException("pieces of a task must be consecutive, got " + batch);
            Generator g = Generator.of(loaded.model()).tokenizer(tokenizer).sampler(cadenza.sampler(job.sampler(), Options.of(job.samplerOptions())))
                    .primer(job.primer()).length(job.length()).stopToken(job.stopToken()).seed(job.seed() + first);
            if (loaded.model().spec().input() instanceof Input.Features)
                g.features(Generator.TokenFeatures.scaled(tokenizer.vocabulary().size()));
            List<int[]> rows = g.generate(batch.size());
            for (int r = 0; r < rows.size(); r++) out.add(render(job, first + r, rows.get(r), tokenizer, cadenza, fs));
        }
        return out;
    }

    private static Piece render(Job job, int piece, int[] tokens, Tokenizer<?> tokenizer, Cadenza cadenza, FileSystem fs) {
        List<String> files = new ArrayList<>();
        try {
            Score score = tokenizer.decodeScore(tokens);
            for (String format : job.formats()) {
                Renderer r = cadenza.renderer(format);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                r.render(score, bytes, dev.cadenza.spi.Options.of(job.renderOptions()));
                String file = Piece.name(piece) + "." + r.extension();
                try (OutputStream o = fs.create(new Path(job.output(), file), true)) {
                    bytes.writeTo(o);
                }
                files.add(file);
            }
            return new Piece(piece, job.seed() + piece, tokens, files, null);
        } catch (IOException | RuntimeException e) {
            return new Piece(piece, job.seed() + piece, tokens, files, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static Map<String, Object> manifestLine(Piece p, Job job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("piece", p.piece());
        m.put("name", p.name());
        m.put("seed", p.seed());
        m.put("tokens", p.tokens().length);
        m.put("tokenIds", Arrays.stream(p.tokens()).boxed().toList());
        m.put("files", p.files());
        m.put("sampler", job.sampler());
        m.put("samplerOptions", job.samplerOptions());
        m.put("primer", Arrays.stream(job.primer()).boxed().toList());
        m.put("length", job.length());
        m.put("backend", job.backend().isBlank() ? "default" : job.backend());
        m.put("checkpoint", "sha256:" + job.checkpointSha());
        m.put("error", p.error());
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
