package dev.cadenza.spark;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token shards {@link CorpusPreparation} wrote: the tokenizer from {@code tokenizer.json} and the items' tokens,
 * in the order of a single-machine reading (files by path, items in file order).
 */
public final class TokenShards {
    private final SparkSession spark;
    private final String folder;
    private final TokenizerState tokenizer;

    private TokenShards(SparkSession spark, String folder, TokenizerState tokenizer) {
        this.spark = spark;
        this.folder = folder;
        this.tokenizer = tokenizer;
    }

    /**
     * Opens the shards in {@code folder}; a missing or malformed {@code tokenizer.json} is an IOException naming it.
     *
     * @param spark the Spark session
     * @param folder a folder {@link CorpusPreparation} wrote (any Hadoop path)
     * @return the shards
     * @throws IOException when the tokenizer file is missing, unreadable or malformed
     */
    public static TokenShards open(SparkSession spark, String folder) throws IOException {
        Path file = new Path(folder, CorpusPreparation.TOKENIZER);
        FileSystem fs = file.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(file)) throw new IOException(file + ": not found; is " + folder + " a folder CorpusPreparation wrote?");
        String text;
        try (FSDataInputStream in = fs.open(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            Map<String, Object> m = JSON.std.mapFrom(text);
            Map<String, String> config = new LinkedHashMap<>();
            ((Map<?, ?>) m.get("config")).forEach((k, v) -> config.put(String.valueOf(k), String.valueOf(v)));
            Map<?, ?> v = (Map<?, ?>) m.get("vocabulary");
            return new TokenShards(spark, folder, new TokenizerState((String) m.get("name"), config,
                    new Vocabulary(strings(v.get("tokens")), strings(v.get("specials")))));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": expected {name, config, vocabulary: {tokens, specials}}: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o != null) for (Object x : (List<?>) o) out.add((String) x);
        return out;
    }

    /**
     * The tokenizer as saved: name, config and vocabulary, ready for a checkpoint.
     *
     * @return the tokenizer state
     */
    public TokenizerState tokenizerState() {
        return tokenizer;
    }

    /**
     * The tokenizer restored by its provider on this class path.
     *
     * @return a new tokenizer
     * @throws IllegalArgumentException when no provider of the saved name is on the class path, or it refuses the
     *     config
     */
    public Tokenizer<?> tokenizer() {
        return ExecutorModels.cadenza().tokenizer(tokenizer.name()).restore(tokenizer.config(), tokenizer.vocabulary());
    }

    /**
     * Every item's row: source, item, title, tokens.
     *
     * @return the Parquet rows, read lazily
     */
    public Dataset<Row> rows() {
        return spark.read().parquet(new Path(folder, CorpusPreparation.TOKENS).toString());
    }

    /**
     * The items' token ids ordered by source file, then item: the order {@link TrainingWindows} numbers windows in.
     *
     * @return the sequences, one per item
     */
    public JavaRDD<int[]> sequences() {
        return rows().orderBy("source", "item").select("tokens").javaRDD().map(r -> {
            List<Integer> list = r.getList(0);
            int[] ids = new int[list.size()];
            for (int i = 0; i < ids.length; i++) ids[i] = list.get(i);
            return ids;
        });
    }
}
