package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;

/**
 * Turns a batch's inputs into the first layer's rows {@code [size * steps, width]}: an embedding lookup or a one-hot
 * vector per token id, followed by the step's conditioning values for a conditioned input; or the float features
 * (features and multi-hot frames) as they are. The batch was checked against the spec by the caller.
 */
final class InputStage {
    private final Input input;
    /** The token part of a conditioned input, or the input itself. */
    private final Input tokens;
    private final int width, tokenWidth, conditioningWidth;
    private final float[] table, gTable;
    private float[] out;
    private int[] lastTokens;
    private int rows;

    InputStage(Input input, Parameters p) {
        this.input = input;
        this.tokens = input instanceof Input.Conditioned c ? c.tokens() : input;
        this.width = input.width();
        this.conditioningWidth = input.conditioningWidth();
        this.tokenWidth = width - conditioningWidth;
        if (tokens instanceof Input.Embedding) {
            table = p.value("input.embedding");
            gTable = p.gradient("input.embedding");
        } else {
            table = null;
            gTable = null;
        }
    }

    /** Whether anything before the first layer takes a gradient. */
    boolean trainable() {
        return table != null;
    }

    float[] forward(Batch batch) {
        rows = batch.size() * batch.steps();
        if (!input.readsTokens()) {
            lastTokens = null;
            return batch.features();
        }
        lastTokens = batch.tokens();
        out = PureLayer.sized(out, rows * width);
        rows(batch, rows, out);
        return out;
    }

    /** Writes the rows of {@code n} cells (token vector, then conditioning) into {@code dst}. */
    private void rows(Batch batch, int n, float[] dst) {
        int[] ids = batch.tokens();
        if (table == null || conditioningWidth > 0) java.util.Arrays.fill(dst, 0, n * width, 0f);
        for (int r = 0; r < n; r++) {
            int id = ids[r];
            if (table != null) System.arraycopy(table, id * tokenWidth, dst, r * width, tokenWidth);
            else dst[r * width + id] = 1f;
            if (conditioningWidth > 0) System.arraycopy(batch.conditioning(), r * conditioningWidth, dst, r * width + tokenWidth, conditioningWidth);
        }
    }

    /** Adds the gradient of the embedding rows used by the last forward pass; {@code dx} is {@code [rows, width]}. */
    void backward(float[] dx) {
        if (table == null) return;
        for (int r = 0; r < rows; r++) {
            int id = lastTokens[r];
            for (int j = 0; j < tokenWidth; j++) gTable[id * tokenWidth + j] += dx[r * width + j];
        }
    }

    StepState newState(int batch) {
        return StepState.scratchOnly(batch, batch * width);
    }

    /** The first layer's input for one step of every row. */
    float[] step(StepState state, Batch one) {
        if (!input.readsTokens()) return one.features();
        rows(one, one.size(), state.scratch[0]);
        return state.scratch[0];
    }
}
