package dev.cadenza.train;

import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * Batches for training, shuffled per epoch with the training random stream. Epoch e's order depends only on the
 * random state at its start, so a resumed run sees the same batches.
 * <p>
 * Four kinds: next-token windows with a target per step (language models), next-token windows with only the token
 * after the window as target (the seed's "100 tokens -> next" models, last-step head), labelled sequences
 * (sequence classification), and examples of any kind given as one-row batches ({@link #examples}: multi-hot frames,
 * tokens with conditioning, regression targets). Token inputs can be turned, with {@link #asScaledFeatures(int)},
 * into one float feature {@code id / vocabularySize} per step, as seed 004 feeds its network.
 */
public final class Dataset {
    private enum Kind { PER_STEP, LAST_STEP, LABELLED, EXAMPLES }

    private final List<Batch> examples;
    private final int[][] sequences;
    private final int[] labels;
    private final Kind kind;
    private final int batchSize;
    private final boolean dropLast;
    private final int featureScale;

    private Dataset(List<Batch> examples, int batchSize) {
        if (examples.isEmpty()) throw new IllegalArgumentException("dataset: no examples");
        if (batchSize <= 0) throw new IllegalArgumentException("dataset: batchSize must be > 0, was " + batchSize);
        for (int i = 0; i < examples.size(); i++)
            if (examples.get(i).size() != 1) throw new IllegalArgumentException("dataset: example " + i + " has " + examples.get(i).size()
                    + " rows; each example is a one-row batch");
        Batch.concat(examples.subList(0, Math.min(examples.size(), 2))); // the same kind, or a message naming the one that differs
        this.examples = List.copyOf(examples);
        this.sequences = null;
        this.labels = null;
        this.kind = Kind.EXAMPLES;
        this.batchSize = batchSize;
        this.dropLast = false;
        this.featureScale = 0;
    }

    private Dataset(int[][] sequences, int[] labels, Kind kind, int batchSize, boolean dropLast, int featureScale) {
        this.examples = null;
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
     *
     * @param sequences tokenized pieces, each as long as it is; those shorter than {@code length + 1} give no window
     * @param length the steps the model reads per window, at least 1
     * @param stride tokens between window starts, at least 1 ({@code length} for disjoint windows)
     * @param batchSize windows per batch, at least 1; the last batch of an epoch may be smaller
     * @return a dataset with a target per step
     * @throws IllegalArgumentException when a size is not positive or no sequence is long enough for one window
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

    /**
     * Windows given directly (each of the same length, input and shifted target together).
     *
     * @param windows the windows, all of the same length (at least 2); held, not copied
     * @param batchSize windows per batch, at least 1
     * @param dropLast whether to leave out an epoch's last batch when it would be smaller than {@code batchSize}
     * @return a dataset with a target per step
     * @throws IllegalArgumentException when there are no windows, they differ in length, or the batch size is not
     *     positive
     */
    public static Dataset of(List<int[]> windows, int batchSize, boolean dropLast) {
        return new Dataset(windows.toArray(new int[0][]), null, Kind.PER_STEP, batchSize, dropLast, 0);
    }

    /**
     * Sequences of one length, each with a class label (targets for a last-step head).
     *
     * @param sequences the sequences, all of the same length; held, not copied
     * @param labels one class id per sequence; copied
     * @param batchSize sequences per batch, at least 1
     * @return a dataset with one target per sequence
     * @throws IllegalArgumentException when the counts differ, the lengths differ, or the batch size is not positive
     */
    public static Dataset labelled(List<int[]> sequences, int[] labels, int batchSize) {
        if (labels.length != sequences.size())
            throw new IllegalArgumentException("dataset: " + sequences.size() + " sequences but " + labels.length + " labels");
        return new Dataset(sequences.toArray(new int[0][]), labels.clone(), Kind.LABELLED, batchSize, false, 0);
    }

    /**
     * Examples of any kind, each a one-row batch with its targets (all of the same kind and length: inputs, widths,
     * target kind), batched {@code batchSize} at a time in a shuffled order per epoch.
     *
     * @param examples one-row batches with targets, all of the same kind; the list is copied
     * @param batchSize examples per batch, at least 1
     * @return a dataset of the examples
     * @throws IllegalArgumentException when there are none, one has more than one row, they differ in kind, or the
     *     batch
     * size is not positive
     */
    public static Dataset examples(List<Batch> examples, int batchSize) {
        return new Dataset(examples, batchSize);
    }

    /**
     * The same windows with only the token after each window as target (for a last-step head).
     *
     * @return a new dataset of the same windows, each read up to its last-but-one token
     * @throws IllegalStateException for labelled sequences and examples, which have their own targets
     */
    public Dataset lastStepTargets() {
        if (kind == Kind.EXAMPLES) throw new IllegalStateException("dataset: examples carry their own targets");
        if (kind == Kind.LABELLED) throw new IllegalStateException("dataset: labelled sequences already have one target each");
        return new Dataset(sequences, null, Kind.LAST_STEP, batchSize, dropLast, featureScale);
    }

    /**
     * The same data with inputs as one float feature per step, id / vocabularySize, instead of token ids.
     *
     * @param vocabularySize the divisor, at least 1
     * @return a new dataset of the same windows and targets
     * @throws IllegalStateException for examples, which carry their own inputs
     * @throws IllegalArgumentException when {@code vocabularySize} is not positive
     */
    public Dataset asScaledFeatures(int vocabularySize) {
        if (kind == Kind.EXAMPLES) throw new IllegalStateException("dataset: examples carry their own inputs");
        if (vocabularySize <= 0) throw new IllegalArgumentException("dataset: vocabularySize must be > 0");
        return new Dataset(sequences, labels, kind, batchSize, dropLast, vocabularySize);
    }

    /**
     * Windows, sequences or examples in the dataset.
     *
     * @return the count, at least 1
     */
    public int windowCount() {
        return kind == Kind.EXAMPLES ? examples.size() : sequences.length;
    }

    /**
     * Rows per batch (the last batch of an epoch may have fewer unless it is dropped).
     *
     * @return the batch size, at least 1
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Batches in each epoch: the windows divided by the batch size, rounded up, or down when the last is dropped.
     *
     * @return the count
     */
    public int batchesPerEpoch() {
        return dropLast ? windowCount() / batchSize : (windowCount() + batchSize - 1) / batchSize;
    }

    /**
     * Steps the model reads per window or example.
     *
     * @return the steps per batch row
     */
    public int steps() {
        if (kind == Kind.EXAMPLES) return examples.get(0).steps();
        return kind == Kind.LABELLED ? sequences[0].length : sequences[0].length - 1;
    }

    /**
     * The batches of one epoch, shuffled with {@code random} (null keeps the order: for validation).
     *
     * @param random the training random stream, advanced by the shuffle; null for the stored order
     * @return new batches, with new arrays, covering every window once (but a dropped last batch)
     */
    public List<Batch> epoch(SeededRandom random) {
        int[] order = new int[windowCount()];
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
            int n = Math.min(batchSize, windowCount() - b * batchSize);
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = order[b * batchSize + i];
            batches.add(batch(rows));
        }
        return batches;
    }

    private Batch batch(int[] rows) {
        if (kind == Kind.EXAMPLES) {
            List<Batch> parts = new ArrayList<>(rows.length);
            for (int r : rows) parts.add(examples.get(r));
            return Batch.concat(parts);
        }
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
                case EXAMPLES -> throw new IllegalStateException("examples are batched above");
            }
        }
        if (featureScale == 0) return Batch.ofTokens(n, steps, x, y);
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) f[i] = (float) x[i] / featureScale;
        return Batch.ofFeatures(n, steps, f, 1, y);
    }
}
