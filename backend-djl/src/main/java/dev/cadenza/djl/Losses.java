package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.ModelSpec;

/** Cadenza's loss: softmax cross-entropy averaged over predicted (unmasked) tokens, never summed over time. */
final class Losses {
    private Losses() {}

    /** Checks that the batch's targets fit the spec's head and classes. */
    static void checkTargets(Batch batch, ModelSpec spec) {
        int[] targets = batch.targets();
        if (targets == null) throw new IllegalArgumentException("batch: training needs targets");
        int expected = spec.head() == ModelSpec.Head.PER_STEP ? batch.size() * batch.steps() : batch.size();
        if (targets.length != expected)
            throw new IllegalArgumentException("batch: the model's head is " + spec.head() + ", so targets must hold " + expected
                    + " ids, got " + targets.length);
        for (int i = 0; i < targets.length; i++)
            if (targets[i] < 0 || targets[i] >= spec.classes())
                throw new IllegalArgumentException("batch: target " + targets[i] + " at " + i + " is outside [0, " + spec.classes() + ")");
        if (batch.mask() != null && spec.head() == ModelSpec.Head.LAST_STEP)
            throw new IllegalArgumentException("batch: a mask applies to per-step targets; this model predicts from the last step");
    }

    /** The differentiable mean loss of logits (B, T, V) or (B, V) against the batch's targets and mask. */
    static NDArray loss(NDManager scope, NDArray logits, Batch batch, ModelSpec spec) {
        return loss(scope, logits, batch, batch.predictedTokens(spec.head()));
    }

    /** The masked cross-entropy summed over the batch, divided by {@code count} (the whole window's tokens). */
    static NDArray loss(NDManager scope, NDArray logits, Batch batch, double count) {
        int[] targets = batch.targets();
        long[] ids = new long[targets.length];
        for (int i = 0; i < ids.length; i++) ids[i] = targets[i];
        int axis = logits.getShape().dimension() - 1;
        Shape shape = axis == 2 ? new Shape(batch.size(), batch.steps(), 1) : new Shape(batch.size(), 1);
        NDArray picked = logits.logSoftmax(axis).gather(scope.create(ids, shape), axis);
        if (batch.mask() != null) picked = picked.mul(scope.create(batch.mask(), shape));
        return picked.sum().neg().div((float) count);
    }

    /** Summed metrics from inference logits, computed in double precision on the host. */
    static Evaluation evaluate(float[] logits, Batch batch, ModelSpec spec, int topK) {
        checkTargets(batch, spec);
        int classes = spec.classes();
        int[] targets = batch.targets();
        float[] mask = batch.mask();
        double lossSum = 0, count = 0, correct = 0, topKCorrect = 0;
        for (int r = 0; r < targets.length; r++) {
            double weight = mask == null ? 1 : mask[r];
            if (weight == 0) continue;
            int off = r * classes;
            float target = logits[off + targets[r]];
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            int above = 0;
            for (int c = 0; c < classes; c++) {
                float v = logits[off + c];
                if (v > max) {
                    max = v;
                    argmax = c;
                }
                if (v > target) above++;
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(logits[off + c] - max);
            lossSum += weight * (max + Math.log(sum) - target);
            count += weight;
            if (argmax == targets[r]) correct += weight;
            if (above < topK) topKCorrect += weight;
        }
        return new Evaluation(lossSum, count, correct, topKCorrect, topK);
    }
}
