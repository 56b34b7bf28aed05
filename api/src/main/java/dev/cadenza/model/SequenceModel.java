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
