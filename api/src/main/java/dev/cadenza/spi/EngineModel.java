package dev.cadenza.spi;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Weights;

/**
 * One model on one engine: what an engine implements per model. Every batch, state and weight set reaching it was
 * checked against its spec by the caller ({@code dev.cadenza.SequenceModel}), and calls come one at a time except
 * {@link #step}, which may run concurrently on distinct states. Outputs are the final Dense layer's values, row-major
 * {@code [rows, outputs]} with rows = size * steps for a per-step head and size for a last-step head; losses and
 * metrics are computed above the engine ({@link dev.cadenza.model.Losses}).
 */
public interface EngineModel extends AutoCloseable {
    /**
     * Inference-mode outputs of the batch (its targets are ignored).
     *
     * @param batch a checked batch of inputs
     * @return the outputs, {@code [rows, outputs]}
     */
    float[] forward(Batch batch);

    /**
     * A fresh generation state of {@code batchSize} rows, at position 0 (zero memory).
     *
     * @param batchSize rows, at least 1
     * @return a new state
     */
    EngineState newState(int batchSize);

    /**
     * One step of every row: {@code step} is a one-step batch (tokens, features or tokens with conditioning) of the
     * state's rows; returns the outputs for the step, {@code [rows, outputs]}. Only called for a causal spec.
     *
     * @param state a state of this model
     * @param step a one-step batch of the state's rows, inputs only
     * @return the outputs for the step
     */
    float[] step(EngineState state, Batch step);

    /**
     * Inference-mode outputs of every step of a whole batch that starts from {@code state}, leaving in it the state after
     * the last step: {@code [size, steps, outputs]}, whatever the head (step by step, every step has an output). The
     * default feeds the batch one step at a time through {@link #step}; an engine may override it with a faster
     * whole-sequence path.
     *
     * @param batch a checked batch of the state's rows, inputs only
     * @param state a state of this model, updated in place
     * @return the outputs, {@code [size, steps, outputs]}
     */
    default float[] forward(Batch batch, EngineState state) {
        int steps = batch.steps(), rows = batch.size();
        float[] out = null;
        for (int t = 0; t < steps; t++) {
            float[] y = step(state, batch.step(t));
            int width = y.length / rows;
            if (out == null) out = new float[rows * steps * width];
            for (int r = 0; r < rows; r++) System.arraycopy(y, r * width, out, (r * steps + t) * width, width);
        }
        return out;
    }

    /**
     * A copy of the current weights in the canonical layout.
     *
     * @return a new copy the caller owns
     */
    Weights weights();

    /**
     * Replaces every weight (checked against the spec); a trainer's weights follow.
     *
     * @param weights checked weights in the canonical layout
     */
    void loadWeights(Weights weights);

    /**
     * The training buffers of this model; called once per training session.
     *
     * @return the trainer, bound to this model's weights
     */
    EngineTrainer trainer();

    /** Releases native memory, if any. */
    @Override
    void close();
}
