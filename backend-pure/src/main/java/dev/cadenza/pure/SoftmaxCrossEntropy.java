package dev.cadenza.pure;

import dev.cadenza.model.Evaluation;
import dev.cadenza.pure.simd.Kernels;

/**
 * Softmax cross-entropy from logits with sparse targets and optional per-row weights (the padding mask), computed
 * row by row with the max-logit shift.
 */
final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {}

    /**
     * Returns the weighted sum of per-row cross-entropies and, when {@code d} is not null, writes
     * d = scale * weight * (softmax(logits) - onehot(target)). Exponentials are taken in float by the kernels on the
     * max-shifted logits (all in (0, 1]); sums and logarithms are in double.
     */
    static double lossAndGradient(Kernels k, float[] logits, int rows, int classes, int[] targets, float[] mask, double scale,
                                  float[] d) {
        float[] e = d != null ? d : new float[classes];
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * classes;
            double weight = mask == null ? 1 : mask[r];
            if (weight == 0) {
                if (d != null) java.util.Arrays.fill(d, off, off + classes, 0f);
                continue;
            }
            int target = checkTarget(targets[r], classes, r);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) max = Math.max(max, logits[off + j]);
            int eOff = d != null ? off : 0;
            for (int j = 0; j < classes; j++) e[eOff + j] = logits[off + j] - max;
            k.exp(e, eOff, classes);
            double z = 0;
            for (int j = 0; j < classes; j++) z += e[eOff + j];
            sum += weight * (Math.log(z) - ((double) logits[off + target] - max));
            if (d != null) {
                float f = (float) (scale * weight / z);
                for (int j = 0; j < classes; j++) d[off + j] *= f;
                d[off + target] -= (float) (scale * weight);
            }
        }
        return sum;
    }

    /** Loss sum, count, top-1 and top-k hits over the weighted rows. */
    static Evaluation evaluate(Kernels kernels, float[] logits, int rows, int classes, int[] targets, float[] mask, int k) {
        double loss = lossAndGradient(kernels, logits, rows, classes, targets, mask, 0, null);
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
