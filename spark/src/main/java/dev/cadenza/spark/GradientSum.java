package dev.cadenza.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sums the gradient shares of a step in an order fixed by partition index alone, never by which task finishes first,
 * so that a run is reproducible bit for bit and equal to a single-process fold of the same shares.
 * <p>
 * With at most {@code fanIn} partitions the shares are collected and the driver adds them in partition order:
 * {@code ((s0 + s1) + s2) + ...}. With more, a fixed tree like {@code treeAggregate}'s: each level groups the shares of
 * partitions {@code [k fanIn, (k + 1) fanIn)} on the executors and adds each group in partition order, until at most
 * {@code fanIn} sums are left for the driver. Spark's own {@code treeAggregate} and {@code reduce} merge partial
 * results in the order tasks finish, which changes the float rounding from run to run.
 */
final class GradientSum {
    private GradientSum() {}

    /** The sum of the shares of a {@code partitions}-partition step, or null when every share was empty. */
    static GradientShare sum(JavaRDD<GradientShare> shares, int partitions, int fanIn) {
        if (fanIn < 2) throw new IllegalArgumentException("fanIn must be >= 2, was " + fanIn);
        List<GradientShare> last;
        if (partitions <= fanIn) {
            last = new ArrayList<>(shares.collect());
        } else {
            JavaPairRDD<Integer, GradientShare> level = shares.mapToPair(s -> new Tuple2<>(s.first(), s));
            int groups = partitions;
            while (groups > fanIn) {
                groups = (groups + fanIn - 1) / fanIn;
                int f = fanIn;
                level = level.mapToPair(t -> new Tuple2<>(t._1() / f, t._2()))
                        .groupByKey(new HashPartitioner(groups))
                        .mapValues(GradientSum::inOrder);
            }
            last = new ArrayList<>(level.values().collect());
        }
        return inOrder(last);
    }

    /** The shares added in the order of their first partition. */
    static GradientShare inOrder(Iterable<GradientShare> shares) {
        List<GradientShare> sorted = new ArrayList<>();
        shares.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(GradientShare::first));
        GradientShare sum = null;
        for (GradientShare s : sorted) sum = sum == null ? s : sum.plus(s);
        return sum;
    }
}
