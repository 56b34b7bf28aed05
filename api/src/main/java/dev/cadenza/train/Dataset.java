package dev.cadenza.train;

import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches for training, shuffled per epoch with the training random stream. Epoch e's order depends only on the
 * random state at its start, so a resumed run sees the same batches.
 * <p>
 * Three kinds: next-token windows with a target per step (language models), next-token windows with only the token
 * after the window as target (the seed's "100 tokens -> next" models, last-step head), and labelled sequences
 * (sequence classification). Inputs are token ids, or with {@link #asScaledFeatures(int)} one float feature
 * {@code id / vocabularySize} per step, as seed 004 feeds its network.
 */
public final class Dataset {
    private enum Kind { PER_STEP, LAST_STEP, LABELLED }

    private final int[][] sequences;
    private final int[] labels;
    private final Kind kind;
    private final int batchSize;
    private final boolean dropLast;
    private final int featureScale;

    private Dataset(int[][] sequences, int[] labels, Kind kind, int batchSize, boolean dropLast, int featureScale) {
        if (sequences.length == 0) throw new IllegalArgumentException("dataset: no windows (sequences shorter than the window?)");
        if (batchSize <= 0) throw new IllegalArgumentException("dataset: batchSize must be > 0, was " + batchSize);
        int length = sequences[0].length;
        for (int i = 0; i < sequences.length; i++)
            if (sequences[i].length != length)
                throw new IllegalArgumentException("dataset: sequence " + i + " has " + sequences[i].length + " tokens, expected " + length);
        if (kind != Kind.LABELLED && length < 2) throw new IllegalArgumentException("dataset: windows need at least 2 tokens");
        this.sequences = sequences;
        this.labels = labels;
        this.kind = kind;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.featureScale = featureScale;
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
        return new Dataset(out.toArray(new int[0][]), null, Kind.PER_STEP, batchSize, false, 0);
    }

    /** Windows given directly (each of the same length, input and shifted target together). */
    public static Dataset of(List<int[]> windows, int batchSize, boolean dropLast) {
        return new Dataset(windows.toArray(new int[0][]), null, Kind.PER_STEP, batchSize, dropLast, 0);
    }

    /** Sequences of one length, each with a class label (targets for a last-step head). */
    public static Dataset labelled(List<int[]> sequences, int[] labels, int batchSize) {
        if (labels.length != sequences.size())
            throw new IllegalArgumentException("dataset: " + sequences.size() + " sequences but " + labels.length + " labels");
        return new Dataset(sequences.toArray(new int[0][]), labels.clone(), Kind.LABELLED, batchSize, false, 0);
    }

    /** The same windows with only the token after each window as target (for a last-step head). */
    public Dataset lastStepTargets() {
        if (kind == Kind.LABELLED) throw new IllegalStateException("dataset: labelled sequences already have one target each");
        return new Dataset(sequences, null, Kind.LAST_STEP, batchSize, dropLast, featureScale);
    }

    /** The same data with inputs as one float feature per step, id / vocabularySize, instead of token ids. */
    public Dataset asScaledFeatures(int vocabularySize) {
        if (vocabularySize <= 0) throw new IllegalArgumentException("dataset: vocabularySize must be > 0");
        return new Dataset(sequences, labels, kind, batchSize, dropLast, vocabularySize);
    }

    public int windowCount() {
        return sequences.length;
    }

    public int batchSize() {
        return batchSize;
    }

    public int batchesPerEpoch() {
        return dropLast ? sequences.length / batchSize : (sequences.length + batchSize - 1) / batchSize;
    }

    /** Tokens the model reads per window. */
    public int steps() {
        return kind == Kind.LABELLED ? sequences[0].length : sequences[0].length - 1;
    }

    /** The batches of one epoch, shuffled with {@code random} (null keeps the order: for validation). */
    public List<Batch> epoch(SeededRandom random) {
        int[] order = new int[sequences.length];
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
            int n = Math.min(batchSize, sequences.length - b * batchSize);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = order[b * batchSize + i];
            batches.add(batch(rows));
        }
        return batches;
    }

    private Batch batch(int[] rows) {
        int n = rows.length, steps = steps();
        int[] x = new int[n * steps];
        int[] y = new int[kind == Kind.PER_STEP ? n * steps : n];
        for (int i = 0; i < n; i++) {
            int[] w = sequences[rows[i]];
            System.arraycopy(w, 0, x, i * steps, steps);
            switch (kind) {
                case PER_STEP -> System.arraycopy(w, 1, y, i * steps, steps);
                case LAST_STEP -> y[i] = w[steps];
                case LABELLED -> y[i] = labels[rows[i]];
            }
        }
        if (featureScale == 0) return Batch.ofTokens(n, steps, x, y);
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i] / featureScale;
        return Batch.ofFeatures(n, steps, f, 1, y);
    }
}
