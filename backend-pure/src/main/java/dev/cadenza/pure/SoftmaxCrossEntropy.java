package dev.cadenza.pure;

import dev.cadenza.model.Evaluation;

/**
 * Softmax cross-entropy from logits with sparse targets and optional per-row weights (the padding mask), computed
 * per row in double with the log-sum-exp shift.
 */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * Returns the weighted sum of per-row cross-entropies and, when {@code d} is not null, writes
     * d = scale * weight * (softmax(logits) - onehot(target)).
     */
    static double lossAndGradient(float[] logits, int rows, int classes, int[] targets, float[] mask, double scale, float[] d) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * classes;
            double weight = mask == null ? 1 : mask[r];
            if (weight == 0) {
                if (d != null) java.util.Arrays.fill(d, off, off + classes, 0f);
                continue;
            }
            int target = checkTarget(targets[r], classes, r);
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, logits[off + j]);
            double z = 0;
            for (int j = 0; j < classes; j++) z += Math.exp(logits[off + j] - max);
            double logZ = max + Math.log(z);
            sum += weight * (logZ - logits[off + target]);
            if (d != null) {
                double f = scale * weight;
                for (int j = 0; j < classes; j++) {
                    double p = Math.exp(logits[off + j] - logZ);
                    d[off + j] = (float) (f * (j == target ? p - 1 : p));
                }
            }
        }
        return sum;
    }

    /** Loss sum, count, top-1 and top-k hits over the weighted rows. */
    static Evaluation evaluate(float[] logits, int rows, int classes, int[] targets, float[] mask, int k) {
        double loss = lossAndGradient(logits, rows, classes, targets, mask, 0, null);
        double count = 0, correct = 0, topK = 0;
        for (int r = 0; r < rows; r++) {
            double weight = mask == null ? 1 : mask[r];
            if (weight == 0) continue;
            int off = r * classes;
            float t = logits[off + targets[r]];
            int above = 0;
            for (int j = 0; j < classes; j++) if (logits[off + j] > t) above++;
            count += weight;
            if (above == 0) correct += weight;
            if (above < k) topK += weight;
        }
        return new Evaluation(loss, count, correct, topK, k);
    }

    private static int checkTarget(int target, int classes, int row) {
        if (target < 0 || target >= classes)
            throw new IllegalArgumentException("batch: target " + target + " at position " + row + " is outside the "
                    + classes + " classes of the model");
        return target;
    }
}
