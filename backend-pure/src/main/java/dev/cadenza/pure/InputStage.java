package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;

/** Turns a batch's token ids (embedding lookup or one-hot) or float features into the first layer's input rows. */
final class InputStage {
    private final Input input;
    private final int width;
    private final float[] table, gTable;
    private float[] out;
    private int[] tokens;
    private int rows;

    InputStage(Input input, Parameters p) {
        this.input = input;
        this.width = input.width();
        if (input instanceof Input.Embedding) {
            table = p.value("input.embedding");
            gTable = p.gradient("input.embedding");
        } else {
            table = null;
            gTable = null;
        }
    }

    int width() {
        return width;
    }

    /** Whether anything before the first layer takes a gradient. */
    boolean trainable() {
        return table != null;
    }

    float[] forward(Batch batch) {
        rows = batch.size() * batch.steps();
        if (input instanceof Input.Features) {
            if (batch.features() == null || batch.featureWidth() != width)
                throw new IllegalArgumentException("batch: the model's input takes " + width + " float features per step"
                        + (batch.features() == null ? ", the batch has token ids" : ", the batch has " + batch.featureWidth()));
            tokens = null;
            return batch.features();
        }
        if (batch.tokens() == null)
            throw new IllegalArgumentException("batch: the model's input takes token ids, the batch has float features");
        tokens = batch.tokens();
        out = PureLayer.sized(out, rows * width);
        lookup(tokens, rows, out, batch.steps());
        return out;
    }

    private void lookup(int[] ids, int n, float[] dst, int steps) {
        int vocab = input.vocabularySize();
        if (table == null) java.util.Arrays.fill(dst, 0, n * width, 0f);
        for (int r = 0; r < n; r++) {
            int id = ids[r];
            if (id < 0 || id >= vocab)
                throw new IllegalArgumentException("batch: token id " + id + " at row " + r / steps + ", step " + r % steps
                        + " is outside the vocabulary [0, " + vocab + ")");
            if (table != null) System.arraycopy(table, id * width, dst, r * width, width);
            else dst[r * width + id] = 1f;
        }
    }

    void backward(float[] dx) {
        if (table == null) return;
        for (int r = 0; r < rows; r++) {
            int id = tokens[r];
            for (int j = 0; j < width; j++) gTable[id * width + j] += dx[r * width + j];
        }
    }

    StepState newState(int batch) {
        return StepState.scratchOnly(batch, batch * width);
    }

    float[] step(StepState state, int[] ids) {
        if (input instanceof Input.Features)
            throw new IllegalArgumentException("step: the model's input takes " + width + " float features per step, not token ids");
        if (ids.length != state.batch)
            throw new IllegalArgumentException("step: " + ids.length + " tokens for a state of " + state.batch + " rows");
        lookup(ids, ids.length, state.scratch[0], 1);
        return state.scratch[0];
    }

    float[] step(StepState state, float[] features) {
        if (!(input instanceof Input.Features))
            throw new IllegalArgumentException("step: the model's input takes token ids, not float features");
        if (features.length != state.batch * width)
            throw new IllegalArgumentException("step: features must hold batch * width = " + state.batch * width
                    + " floats, got " + features.length);
        return features;
    }
}
