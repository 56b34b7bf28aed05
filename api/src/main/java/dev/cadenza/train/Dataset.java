package dev.cadenza.train;

import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches for training: fixed windows over token sequences, shuffled per epoch with the training random stream.
 * Epoch e's order depends only on the random state at its start, so a resumed run sees the same batches.
 */
public final class Dataset {
    private final int[][] windows;
    private final int batchSize;
    private final boolean dropLast;

    private Dataset(int[][] windows, int batchSize, boolean dropLast) {
        if (windows.length == 0) throw new IllegalArgumentException("dataset: no windows (sequences shorter than the window?)");
        if (batchSize <= 0) throw new IllegalArgumentException("dataset: batchSize must be > 0, was " + batchSize);
        this.windows = windows;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
    }

    /**
     * Every window of {@code length + 1} tokens starting at multiples of {@code stride} in each sequence
     * (x = w[0, length), y = w[1, length + 1)), as the chorale and note/chord recipes cut their corpora.
     */
    public static Dataset windows(List<int[]> sequences, int length, int stride, int batchSize) {
        if (length <= 0 || stride <= 0) throw new IllegalArgumentException("dataset: length and stride must be > 0");
        List<int[]> out = new ArrayList<>();
        for (int[] s : sequences)
            for (int start = 0; start + length + 1 <= s.length; start += stride) {
                int[] w = new int[length + 1];
                System.arraycopy(s, start, w, 0, length + 1);
                out.add(w);
            }
        return new Dataset(out.toArray(new int[0][]), batchSize, false);
    }

    /** Windows given directly (each of the same length). */
    public static Dataset of(List<int[]> windows, int batchSize, boolean dropLast) {
        return new Dataset(windows.toArray(new int[0][]), batchSize, dropLast);
    }

    public int windowCount() {
        return windows.length;
    }

    public int batchesPerEpoch() {
        return dropLast ? windows.length / batchSize : (windows.length + batchSize - 1) / batchSize;
    }

    /** The batches of one epoch, shuffled with {@code random} (null keeps the order: for validation). */
    public List<Batch> epoch(SeededRandom random) {
        int[] order = new int[windows.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (random != null)
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < batchesPerEpoch(); b++) {
            int n = Math.min(batchSize, windows.length - b * batchSize);
            int[][] chunk = new int[n][];
            for (int i = 0; i < n; i++) chunk[i] = windows[order[b * batchSize + i]];
            batches.add(Batch.ofWindows(chunk));
        }
        return batches;
    }
}
