package dev.cadenza.spark;

import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The training windows one partition holds, sorted by window id, so that a step finds the rows of its share of the
 * global batch by binary search instead of scanning the partition.
 */
final class WindowShard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int partition;
    private final int[] ids;
    private final int[][] windows;

    private WindowShard(int partition, int[] ids, int[][] windows) {
        this.partition = partition;
        this.ids = ids;
        this.windows = windows;
    }

    static WindowShard of(int partition, Iterator<Tuple2<Integer, int[]>> windows) {
        List<Tuple2<Integer, int[]>> all = new ArrayList<>();
        windows.forEachRemaining(all::add);
        all.sort((a, b) -> Integer.compare(a._1(), b._1()));
        int[] ids = new int[all.size()];
        int[][] w = new int[all.size()][];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = all.get(i)._1();
            w[i] = all.get(i)._2();
        }
        return new WindowShard(partition, ids, w);
    }

    int partition() {
        return partition;
    }

    int size() {
        return ids.length;
    }

    /** The windows among {@code batch} (ids in the global batch's order) that this partition holds, in that order. */
    List<int[]> select(int[] batch) {
        List<int[]> out = new ArrayList<>();
        for (int id : batch) {
            int at = Arrays.binarySearch(ids, id);
            if (at >= 0) out.add(windows[at]);
        }
        return out;
    }
}
