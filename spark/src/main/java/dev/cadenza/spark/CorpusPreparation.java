package dev.cadenza.spark;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.TokenizerProvider;
import dev.cadenza.token.CountableTokenizer;
import dev.cadenza.token.Tokenizer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and tokenizes a folder (or any Hadoop path or glob) of MIDI, ABC or chorale CSV files in parallel into token
 * shards, and writes beside them everything needed to use them:
 * <pre>
 * OUTPUT/tokens/          Parquet: source (the file), item (its index in the file), title, tokens (array of int)
 * OUTPUT/tokenizer.json   the tokenizer as a checkpoint stores it: name, config, vocabulary (tokens, specials)
 * OUTPUT/problems.jsonl   one JSON object per file problem: file, severity, place, message
 * OUTPUT/summary.json     files, items, tokens, vocabulary size, problems by severity
 * </pre>
 * The vocabulary comes from a distributed count ({@link CountableTokenizer}): each file's items are read once, their
 * token strings counted with {@code reduceByKey}, and the driver builds the tokenizer from the counts, so it is the
 * tokenizer {@code fit} builds on one machine from the same items. Files are read in parallel, each by the reader of
 * its format ({@link FileItems}); every file that cannot be read, every tune skipped and every item the tokenizer
 * refuses is listed with the reader's message, and left out of the vocabulary and the shards.
 */
public final class CorpusPreparation {
    private static final System.Logger LOG = System.getLogger(CorpusPreparation.class.getName());
    /** The Parquet folder of token shards in the output. */
    public static final String TOKENS = "tokens";
    /** The tokenizer file in the output, as a checkpoint manifest stores a tokenizer. */
    public static final String TOKENIZER = "tokenizer.json";
    /** The file problems in the output, one JSON object per line. */
    public static final String PROBLEMS = "problems.jsonl";
    /** The summary file in the output: counts of files, items, tokens, vocabulary and problems. */
    public static final String SUMMARY = "summary.json";

    private final SparkSession spark;
    private String input;
    private String output;
    private String tokenizer;
    private Options options = Options.none();
    private MidiReader.Mode midiMode = MidiReader.Mode.TOLERANT;
    private int partitions;

    private CorpusPreparation(SparkSession spark) {
        this.spark = Objects.requireNonNull(spark, "spark");
    }

    /**
     * A preparation job in {@code spark}, reading MIDI tolerantly by default.
     *
     * @param spark the Spark session of the driver
     * @return a new job to configure
     */
    public static CorpusPreparation on(SparkSession spark) {
        return new CorpusPreparation(spark);
    }

    /**
     * The files: a folder (read recursively), a file, or a glob, on any file system Hadoop reaches.
     *
     * @param path a Hadoop path or glob
     * @return this job
     */
    public CorpusPreparation input(String path) {
        this.input = path;
        return this;
    }

    /**
     * The folder to write; it must not exist yet.
     *
     * @param path a Hadoop path that does not exist yet
     * @return this job
     */
    public CorpusPreparation output(String path) {
        this.output = path;
        return this;
    }

    /**
     * The tokenizer's name ("abc-char", "note-chord", "chorale-arpeggio") and its options.
     *
     * @param name a tokenizer provider's name; it must count ({@link CountableTokenizer})
     * @param tokenizerOptions its options
     * @return this job
     */
    public CorpusPreparation tokenizer(String name, Options tokenizerOptions) {
        this.tokenizer = name;
        this.options = Objects.requireNonNull(tokenizerOptions, "options");
        return this;
    }

    /**
     * How MIDI files are read: tolerant (default: repairs listed as warnings) or strict (the first fault leaves the
     * file out).
     *
     * @param mode the MIDI reading mode
     * @return this job
     */
    public CorpusPreparation midiMode(MidiReader.Mode mode) {
        this.midiMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * At least this many partitions of files (0: Spark's default parallelism).
     *
     * @param n the least number of partitions, or 0 for the default
     * @return this job
     */
    public CorpusPreparation partitions(int n) {
        this.partitions = n;
        return this;
    }

    /**
     * What {@link #run()} wrote and found.
     *
     * @param output the output folder's Hadoop path
     * @param tokenizer the tokenizer fitted, as a checkpoint stores it
     * @param files the files read, in part or whole
     * @param items the items (tunes, pieces, chorales) tokenized
     * @param tokens the tokens written
     * @param problems every file problem; copied
     */
    public record Result(String output, TokenizerState tokenizer, long files, long items, long tokens, List<FileProblem> problems) {
        /**
         * Copies the problems.
         *
         * @param output the output folder
         * @param tokenizer the tokenizer fitted
         * @param files the files read
         * @param items the items tokenized
         * @param tokens the tokens written
         * @param problems the problems
         */
        public Result {
            problems = List.copyOf(problems);
        }

        /**
         * How many problems have one severity.
         *
         * @param severity {@link FileProblem#ERROR}, {@link FileProblem#SKIPPED} or {@link FileProblem#WARNING}
         * @return the count
         */
        public long count(String severity) {
            return problems.stream().filter(p -> p.severity().equals(severity)).count();
        }
    }

    /** One item's token strings, before a vocabulary exists. */
    record Counted(String source, int item, String title, String[] tokens) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Reads, counts, fits, encodes and writes.
     *
     * @return what was written and found
     * @throws IOException when the output folder exists, a file system cannot be reached, or no item could be read
     * @throws IllegalArgumentException when the tokenizer is unknown, cannot count, reads items no reader gives, or its
     * options are refused
     * @throws NullPointerException when no input, output or tokenizer was given
     */
    public Result run() throws IOException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(tokenizer, "tokenizer");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TokenizerProvider<?> provider = ExecutorModels.cadenza().tokenizer(tokenizer);
        if (!(provider instanceof CountableTokenizer<?> countable))
            throw new IllegalArgumentException("tokenizer '" + tokenizer + "' cannot fit its vocabulary from distributed counts (its provider "
                    + provider.getClass().getName() + " does not implement " + CountableTokenizer.class.getName() + ")");
        FileResult.tokenStrings(provider, sample(provider), options); // unknown options fail here, before any job
        Configuration hadoop = sc.hadoopConfiguration();
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(output);
        FileSystem fs = out.getFileSystem(hadoop);
        if (fs.exists(out)) throw new IOException(output + ": the output folder exists already; give a new one");
        hadoop.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);

        String name = tokenizer;
        LinkedHashMap<String, String> opts = new LinkedHashMap<>(options.asMap()); // Options is not Serializable
        MidiReader.Mode mode = midiMode;
        JavaPairRDD<String, PortableDataStream> files = partitions > 0 ? sc.binaryFiles(input, partitions) : sc.binaryFiles(input);
        // One pass over the files: token strings of every item, and the problems, kept for the count and the encoding.
        JavaRDD<FileResult> read = files.map(f -> FileResult.read(f._1(), f._2().toArray(), name, opts, mode))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            // Per file: how many items, and the problems (small); then the distributed count of the token strings.
            List<Tuple2<Integer, List<FileProblem>>> perFile = read.map(r -> new Tuple2<>(r.items().size(), r.problems())).collect();
            long fileCount = perFile.size();
            long itemCount = perFile.stream().mapToLong(Tuple2::_1).sum();
            List<FileProblem> problems = new ArrayList<>();
            perFile.forEach(f -> problems.addAll(f._2()));
            JavaRDD<Counted> items = read.flatMap(r -> r.items().iterator());
            Map<String, Long> counts = new HashMap<>(items.flatMap(c -> java.util.Arrays.asList(c.tokens()).iterator())
                    .mapToPair(t -> new Tuple2<>(t, 1L)).reduceByKey(Long::sum).collectAsMap());
            problems.sort(Comparator.comparing(FileProblem::file).thenComparing(FileProblem::place));
            if (itemCount == 0)
                throw new IOException(input + ": no item could be read from " + fileCount + " file(s)" + (problems.isEmpty() ? ""
                        : "; the first problem: " + problems.get(0)));
            Tokenizer<?> fitted = countable.fromCounts(counts, itemCount, options);
            TokenizerState state = TokenizerState.of(fitted);
            long tokens = counts.values().stream().mapToLong(Long::longValue).sum();

            Broadcast<List<String>> vocabulary = sc.broadcast(new ArrayList<>(state.vocabulary().tokens()));
            JavaRDD<Row> rows = items.mapPartitions(it -> {
                Map<String, Integer> ids = new HashMap<>();
                List<String> v = vocabulary.value();
                for (int i = 0; i < v.size(); i++) ids.put(v.get(i), i);
                List<Row> out2 = new ArrayList<>();
                it.forEachRemaining(c -> {
                    int[] encoded = new int[c.tokens().length];
                    for (int i = 0; i < encoded.length; i++) encoded[i] = ids.get(c.tokens()[i]);
                    out2.add(RowFactory.create(c.source(), c.item(), c.title(), encoded));
                });
                return out2.iterator();
            });
            spark.createDataFrame(rows, schema()).write().parquet(new org.apache.hadoop.fs.Path(out, TOKENS).toString());
            vocabulary.destroy();

            writeText(fs, new org.apache.hadoop.fs.Path(out, TOKENIZER), tokenizerJson(state));
            StringBuilder lines = new StringBuilder();
            for (FileProblem p : problems) lines.append(JSON.std.asString(problemMap(p))).append('\n');
            writeText(fs, new org.apache.hadoop.fs.Path(out, PROBLEMS), lines.toString());
            Result result = new Result(output, state, fileCount, itemCount, tokens, problems);
            writeText(fs, new org.apache.hadoop.fs.Path(out, SUMMARY), JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(summary(result)));
            LOG.log(System.Logger.Level.INFO, "{0}: {1} files, {2} items, {3} tokens, vocabulary of {4}; {5} errors, {6} tunes skipped, "
                    + "{7} files read with warnings (listed in {8})", output, fileCount, itemCount, tokens, state.vocabulary().size(),
                    result.count(FileProblem.ERROR), result.count(FileProblem.SKIPPED), result.count(FileProblem.WARNING), PROBLEMS);
            return result;
        } finally {
            read.unpersist(false);
        }
    }

    /** An item of the provider's type, to check the options before any file is read. */
    private static Object sample(TokenizerProvider<?> provider) {
        Class<?> type = provider.itemType();
        if (type == String.class) return "";
        if (type == int[][].class) return new int[0][];
        if (type == dev.cadenza.music.Score.class) return dev.cadenza.music.Score.of("", 480, 120, null, List.of());
        throw new IllegalArgumentException("tokenizer '" + provider.name() + "' reads " + type.getName() + " items, which no reader here gives");
    }

    /**
     * The Parquet schema of the token shards.
     *
     * @return the schema: source, item, title, tokens
     */
    public static StructType schema() {
        return new StructType()
                .add("source", DataTypes.StringType, false)
                .add("item", DataTypes.IntegerType, false)
                .add("title", DataTypes.StringType, false)
                .add("tokens", DataTypes.createArrayType(DataTypes.IntegerType, false), false);
    }

    /** The tokenizer section of a checkpoint manifest (FORMAT.md): name, config, vocabulary with tokens and specials. */
    static String tokenizerJson(TokenizerState state) throws IOException {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", state.name());
        t.put("config", new LinkedHashMap<>(state.config()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("tokens", state.vocabulary().tokens());
        v.put("specials", state.vocabulary().specials());
        t.put("vocabulary", v);
        return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(t);
    }

    private static Map<String, Object> problemMap(FileProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", p.file());
        m.put("severity", p.severity());
        m.put("place", p.place());
        m.put("message", p.message());
        return m;
    }

    private static Map<String, Object> summary(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", r.files());
        m.put("items", r.items());
        m.put("tokens", r.tokens());
        m.put("tokenizer", r.tokenizer().name());
        m.put("vocabulary", r.tokenizer().vocabulary().size());
        m.put("errors", r.count(FileProblem.ERROR));
        m.put("skipped", r.count(FileProblem.SKIPPED));
        m.put("warnings", r.count(FileProblem.WARNING));
        return m;
    }

    static void writeText(FileSystem fs, org.apache.hadoop.fs.Path file, String text) throws IOException {
        try (OutputStream o = fs.create(file, false)) {
            o.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The items and problems of one file. */
    record FileResult(List<Counted> items, List<FileProblem> problems) implements Serializable {
        private static final long serialVersionUID = 1L;

        static FileResult read(String file, byte[] bytes, String tokenizer, Map<String, String> optionMap, MidiReader.Mode mode) {
            Options options = Options.of(optionMap);
            TokenizerProvider<?> provider = ExecutorModels.cadenza().tokenizer(tokenizer);
            FileItems.Items read = FileItems.read(file, bytes, provider.itemType(), mode);
            List<FileProblem> problems = new ArrayList<>(read.problems());
            List<Counted> items = new ArrayList<>();
            for (int i = 0; i < read.items().size(); i++) {
                try {
                    List<String> strings = tokenStrings(provider, read.items().get(i), options);
                    items.add(new Counted(file, i, read.titles().get(i), strings.toArray(new String[0])));
                } catch (IllegalArgumentException e) {
                    problems.add(new FileProblem(file, FileProblem.ERROR, "item " + i, "the tokenizer refuses it: " + e.getMessage()));
                }
            }
            return new FileResult(items, problems);
        }

        @SuppressWarnings("unchecked")
        static <I> List<String> tokenStrings(TokenizerProvider<I> provider, Object item, Options options) {
            return ((CountableTokenizer<I>) provider).tokenStrings((I) item, options); // FileItems gave an item of the provider's type
        }
    }
}
