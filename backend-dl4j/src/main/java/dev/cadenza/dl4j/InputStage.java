package dev.cadenza.dl4j;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a batch's inputs (checked against the spec by the caller) into the network's input in DL4J's NCW layout: token
 * ids as floats {@code [B, T]} for the network's own embedding layer, or {@code [B, C, T]} channels for every other
 * input (one-hot vectors, features and multi-hot frames, and conditioned tokens: the token's embedding or one-hot
 * vector followed by the step's conditioning values).
 * <p>
 * A conditioned embedding's table lives here, not in the network: DL4J's embedding layer cannot append values to its
 * output. Its lookup is exact (a copy of the row) and its gradient is the scatter-add of the network's input gradient
 * over the rows used, as the canonical embedding's.
 */
final class InputStage {
    private final Input input;
    private final int width, tokenWidth, conditioningWidth;
    /** The conditioned embedding's table {@code [vocabulary, dimension]}, or null. */
    final float[] table;

    InputStage(Input input) {
        this.input = input;
        this.width = input.width();
        this.conditioningWidth = input.conditioningWidth();
        this.tokenWidth = width - conditioningWidth;
        boolean outside = input instanceof Input.Conditioned c && c.tokens() instanceof Input.Embedding;
        this.table = outside ? new float[input.vocabularySize() * tokenWidth] : null;
    }

    /** The network input for {@code batch}. */
    INDArray forward(Batch batch) {
        int b = batch.size(), t = batch.steps();
        if (input instanceof Input.Embedding) {
            int[] tokens = batch.tokens();
            float[] ids = new float[tokens.length];
            for (int i = 0; i < ids.length; i++) ids[i] = tokens[i];
            return Nd4j.createFromArray(ids).reshape(b, t);
        }
        if (!input.readsTokens()) // features and multi-hot frames: [b, t, f] -> [b, f, t]
            return Nd4j.createFromArray(batch.features()).reshape(b, t, width).permute(0, 2, 1).dup('c');
        float[] x = new float[b * width * t];
        int[] tokens = batch.tokens();
        for (int r = 0; r < b; r++)
            for (int s = 0; s < t; s++) {
                int cell = r * t + s, id = tokens[cell];
                if (table != null) {
                    for (int j = 0; j < tokenWidth; j++) x[(r * width + j) * t + s] = table[id * tokenWidth + j];
                } else {
                    x[(r * width + id) * t + s] = 1f;
                }
                for (int j = 0; j < conditioningWidth; j++)
                    x[(r * width + tokenWidth + j) * t + s] = batch.conditioning()[cell * conditioningWidth + j];
            }
        return Nd4j.createFromArray(x).reshape(b, width, t);
    }

    /** Whether the network's input gradient is needed (a table lives here). */
    boolean trainable() {
        return table != null;
    }

    /**
     * Adds to {@code gradient} the gradient of the table rows {@code batch} used, given the network's input gradient
     * {@code dx [B, C, T]} of that batch.
     */
    void backward(Batch batch, INDArray dx, float[] gradient) {
        if (table == null) return;
        int b = batch.size(), t = batch.steps();
        float[] d = Nd4j.toFlattened('c', dx.reshape(b, width, t)).toFloatVector();
        int[] tokens = batch.tokens();
        for (int r = 0; r < b; r++)
            for (int s = 0; s < t; s++) {
                int id = tokens[r * t + s];
                for (int j = 0; j < tokenWidth; j++) gradient[id * tokenWidth + j] += d[(r * width + j) * t + s];
            }
    }
}
