package dev.cadenza.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.List;

/**
 * The training windows of a token corpus, cut as {@link dev.cadenza.train.Dataset#windows} cuts them and numbered in
 * the same order (sequence by sequence, then by start), held on the executors in {@code partitions} cached partitions
 * of contiguous window ids. A step of {@link SparkTrainer} sends only the ids of its global batch; each partition
 * computes the gradients of the windows it holds, where they are.
 * <p>
 * Every window has {@code steps + 1} tokens: the model reads {@code w[0, steps)} and predicts {@code w[1, steps + 1)}
 * (per-step targets), or only the token after the window ({@link #lastStepTargets()}).
 */
public final class TrainingWindows implements AutoCloseable {
    private final JavaRDD<WindowShard> shards;
    private final int windowCount;
    private final int partitions;
    private final int steps;
    private final boolean lastStep;

    private TrainingWindows(JavaRDD<WindowShard> shards, int windowCount, int partitions, int steps, boolean lastStep) {
        this.shards = shards;
        this.windowCount = windowCount;
        this.partitions = partitions;
        this.steps = steps;
        this.lastStep = lastStep;
    }

    /**
     * Every window of {@code steps + 1} tokens starting at multiples of {@code stride} in each sequence, in the order of
     * {@code sequences} (an RDD in a defined order, e.g. sorted), spread over {@code partitions} partitions and cached.
     *
     * @param sequences tokenized pieces, in a defined order
     * @param steps the steps the model reads per window, at least 1
     * @param stride tokens between window starts, at least 1
     * @param partitions partitions the windows are spread over, at least 1
     * @return the windows, cached on the executors; close them to release the cache
     * @throws IllegalArgumentException when a size is not positive, no sequence is long enough, or there are more
     *     windows
     * than an int counts
     */
    public static TrainingWindows of(JavaRDD<int[]> sequences, int steps, int stride, int partitions) {
        if (steps <= 0 || stride <= 0) throw new IllegalArgumentException("windows: steps and stride must be > 0, were " + steps + ", " + stride);
        if (partitions <= 0) throw new IllegalArgumentException("windows: partitions must be > 0, was " + partitions);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(sequences.context());
        var indexed = sequences.zipWithIndex().persist(StorageLevel.MEMORY_AND_DISK());
        try {
            List<Tuple2<Long, Integer>> counts = new ArrayList<>(indexed
                    .map(t -> new Tuple2<>(t._2(), windowsIn(t._1().length, steps, stride))).collect());
            counts.sort((a, b) -> Long.compare(a._1(), b._1()));
            long[] offsets = new long[counts.size()];
            long total = 0;
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = total;
                total += counts.get(i)._2();
            }
            if (total == 0) throw new IllegalArgumentException("windows: no sequence has " + (steps + 1) + " tokens, so there are no windows");
            if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("windows: " + total + " windows are more than a Dataset numbers");
            int n = (int) total;
            Broadcast<long[]> starts = sc.broadcast(offsets);
            JavaRDD<WindowShard> shards = indexed
                    .flatMapToPair(t -> {
                        int[] s = t._1();
                        long first = starts.value()[(int) (long) t._2()];
                        List<Tuple2<Integer, int[]>> out = new ArrayList<>();
                        for (int start = 0, k = 0; start + steps + 1 <= s.length; start += stride, k++) {
                            int[] w = new int[steps + 1];
                            System.arraycopy(s, start, w, 0, steps + 1);
                            out.add(new Tuple2<>((int) (first + k), w));
                        }
                        return out.iterator();
                    })
                    .partitionBy(new WindowPartitioner(n, partitions))
                    .mapPartitionsWithIndex((p, it) -> List.of(WindowShard.of(p, it)).iterator(), true)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long held = shards.map(WindowShard::size).reduce(Integer::sum);
            if (held != n) throw new IllegalStateException("windows: the partitions hold " + held + " windows, expected " + n);
            return new TrainingWindows(shards, n, partitions, steps, false);
        } finally {
            indexed.unpersist(false);
        }
    }

    /**
     * {@link #of(JavaRDD, int, int, int)} of sequences the driver holds.
     *
     * @param sc the Spark context
     * @param sequences tokenized pieces, in order
     * @param steps the steps per window, at least 1
     * @param stride tokens between window starts, at least 1
     * @param partitions partitions the windows are spread over, at least 1
     * @return the windows, cached; close them to release the cache
     * @throws IllegalArgumentException as {@link #of(JavaRDD, int, int, int)}
     */
    public static TrainingWindows of(JavaSparkContext sc, List<int[]> sequences, int steps, int stride, int partitions) {
        return of(sc.parallelize(sequences, Math.max(1, Math.min(partitions, sequences.size()))), steps, stride, partitions);
    }

    private static int windowsIn(int length, int steps, int stride) {
        return length < steps + 1 ? 0 : (length - steps - 1) / stride + 1;
    }

    /**
     * The same windows with only the token after each window as target (for a last-step head).
     *
     * @return new windows sharing the same cached shards
     */
    public TrainingWindows lastStepTargets() {
        return new TrainingWindows(shards, windowCount, partitions, steps, true);
    }

    /**
     * The number of windows.
     *
     * @return the count, at least 1
     */
    public int windowCount() {
        return windowCount;
    }

    /**
     * The number of partitions the windows are spread over.
     *
     * @return the count
     */
    public int partitions() {
        return partitions;
    }

    /**
     * Steps the model reads per window.
     *
     * @return the steps
     */
    public int steps() {
        return steps;
    }

    /**
     * Whether the targets are only the token after each window (a last-step head) rather than one per step.
     *
     * @return true after {@link #lastStepTargets()}
     */
    public boolean lastStep() {
        return lastStep;
    }

    JavaRDD<WindowShard> shards() {
        return shards;
    }

    /** Drops the cached partitions. */
    @Override
    public void close() {
        shards.unpersist(false);
    }
}
