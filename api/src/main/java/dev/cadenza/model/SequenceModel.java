package dev.cadenza.model;

/**
 * A network built from a {@link ModelSpec} on one backend. Weights move in and out in the canonical layout, so the
 * same model can be continued on any backend.
 * <p>
 * Generation is incremental: {@link #newState(int)} then {@link #step(ModelState, int[])} once per token, each call
 * O(1) in the sequence length; its logits equal those of {@link #forward(Batch)} over the same tokens.
 * Implementations are not required to be thread-safe for training; {@code step} on distinct states may run
 * concurrently.
 */
public interface SequenceModel extends AutoCloseable {
    ModelSpec spec();

    /** Name of the backend that runs this model. */
    String backend();

    /** A copy of the current weights in the canonical layout. */
    Weights weights();

    /** Replaces all weights (names and shapes must match the spec). */
    void loadWeights(Weights weights);

    /**
     * Inference-mode logits: {@code [size, steps, classes]} for a per-step head, {@code [size, classes]} for a
     * last-step head. Targets in the batch are ignored.
     */
    float[] forward(Batch batch);

    /**
     * Inference-mode logits of a whole batch that starts from {@code state} (initial state in) and leaves in it the
     * state after the batch's last step (final state out), so a long sequence can be processed in pieces. Same
     * layout as {@link #forward(Batch)}. The default feeds the batch one step at a time through
     * {@link #step(ModelState, int[])}; engines may override it with a faster whole-sequence path.
     */
    default float[] forward(Batch batch, ModelState state) {
        if (state.batchSize() != batch.size())
            throw new IllegalArgumentException("state has " + state.batchSize() + " rows, the batch " + batch.size());
        int classes = spec().classes(), rows = batch.size(), steps = batch.steps();
        boolean perStep = spec().head() == ModelSpec.Head.PER_STEP;
        float[] out = new float[rows * (perStep ? steps : 1) * classes];
        int width = batch.featureWidth();
        for (int t = 0; t < steps; t++) {
            float[] logits;
            if (batch.tokens() != null) {
                int[] column = new int[rows];
                for (int r = 0; r < rows; r++) column[r] = batch.tokens()[r * steps + t];
                logits = step(state, column);
            } else {
                float[] column = new float[rows * width];
                for (int r = 0; r < rows; r++) System.arraycopy(batch.features(), (r * steps + t) * width, column, r * width, width);
                logits = step(state, column);
            }
            if (perStep) {
                for (int r = 0; r < rows; r++) System.arraycopy(logits, r * classes, out, (r * steps + t) * classes, classes);
            } else if (t == steps - 1) {
                System.arraycopy(logits, 0, out, 0, rows * classes);
            }
        }
        return out;
    }

    /** Inference-mode loss and accuracy over the batch's targets. */
    Evaluation evaluate(Batch batch, int topK);

    /** Starts training with the given configuration (a new optimizer state). */
    TrainingSession train(TrainingConfig config);

    /** A fresh generation state of {@code batchSize} rows, at position 0 (zero memory). */
    ModelState newState(int batchSize);

    /**
     * Feeds one token per row and returns the logits for the next one, {@code [batchSize, classes]}.
     * Throws IllegalStateException for non-causal specs (bidirectional, non-causal convolutions).
     */
    float[] step(ModelState state, int[] tokens);

    /** As {@link #step(ModelState, int[])} for float-feature inputs: {@code [batchSize, featureWidth]}. */
    float[] step(ModelState state, float[] features);

    /** Releases native memory, if any. The model is unusable afterwards. */
    @Override
    void close();
}
