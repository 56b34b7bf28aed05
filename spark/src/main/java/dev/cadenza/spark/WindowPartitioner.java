package dev.cadenza.spark;

import org.apache.spark.Partitioner;

/** Window ids {@code [p N / P, (p + 1) N / P)} go to partition {@code p}: equal, contiguous ranges. */
final class WindowPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;

    private final int windows;
    private final int partitions;

    WindowPartitioner(int windows, int partitions) {
        this.windows = windows;
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        int id = (Integer) key;
        return (int) ((long) id * partitions / windows);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowPartitioner w && w.windows == windows && w.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return 31 * windows + partitions;
    }
}
