package dev.cadenza.model;

/**
 * The losses of {@link Loss}, written once for every engine: from a model's outputs ({@code [rows, outputs]}, rows =
 * the batch's target rows) to the summed loss, its gradient with respect to the outputs, and the metrics. Engines only
 * compute outputs and back-propagate the gradient given here, so every engine scores and trains with the same
 * arithmetic. Sums and logarithms are taken in double precision; rows weigh by the batch's mask (per-step heads).
 * <p>
 * Per row r with weight w (1 without a mask) and outputs x:
 * <ul>
 *   <li>softmax: w (log sum_j exp(x_j) - x_target); gradient w (softmax(x) - onehot(target));</li>
 *   <li>sigmoid: w sum_j (max(x_j, 0) - x_j t_j + log(1 + exp(-|x_j|))); gradient w (sigmoid(x_j) - t_j);</li>
 *   <li>mean squared error: w mean_j (x_j - t_j)^2; gradient w 2 (x_j - t_j) / outputs.</li>
 * </ul>
 * The mean loss divides the sum by {@link Batch#predictions}. Targets are checked here: class ids within the outputs,
 * labels within [0, 1], regression values finite.
 */
public final class Losses {
    private Losses() {}

    /**
     * The summed (mask-weighted) loss of {@code outputs} against the batch's targets; when {@code gradient} is not null,
     * writes into it {@code scale} times the gradient of that sum with respect to the outputs (same layout).
     *
     * @param spec the model's spec, whose loss, head and output width apply
     * @param outputs the model's outputs {@code [target rows, outputs]}
     * @param batch the batch whose targets (and mask) score the outputs
     * @param scale the factor on the gradient written, e.g. 1 / predictions for the gradient of the mean
     * @param gradient where the gradient goes, as long as {@code outputs}; null to compute the loss alone
     * @return the summed loss over the rows, weighted by the mask (nats, or squared units for regression)
     * @throws IllegalArgumentException when the outputs have the wrong length or a target is out of range
     */
    public static double lossAndGradient(ModelSpec spec, float[] outputs, Batch batch, double scale, float[] gradient) {
        int width = spec.outputs();
        int rows = checkShapes(spec, outputs, batch);
        float[] mask = spec.head() == ModelSpec.Head.PER_STEP ? batch.mask() : null;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * width;
            double w = mask == null ? 1 : mask[r];
            if (w == 0) {
                if (gradient != null) java.util.Arrays.fill(gradient, off, off + width, 0f);
                continue;
            }
            switch (spec.loss()) {
                case SOFTMAX_CROSS_ENTROPY -> {
                    int target = target(batch, r, width);
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < width; j++) max = Math.max(max, outputs[off + j]);
                    double z = 0;
                    if (gradient == null) {
                        for (int j = 0; j < width; j++) z += Math.exp(outputs[off + j] - max);
                    } else {
                        // exp once per output: kept in the gradient row, then scaled by w / z
                        for (int j = 0; j < width; j++) {
                            double e = Math.exp(outputs[off + j] - max);
                            gradient[off + j] = (float) e;
                            z += e;
                        }
                        double f = scale * w / z;
                        for (int j = 0; j < width; j++) gradient[off + j] = (float) (gradient[off + j] * f);
                        gradient[off + target] -= (float) (scale * w);
                    }
                    sum += w * (Math.log(z) + max - outputs[off + target]);
                }
                case SIGMOID_CROSS_ENTROPY -> {
                    double row = 0;
                    for (int j = 0; j < width; j++) {
                        double x = outputs[off + j], t = label(batch, off + j, r);
                        row += Math.max(x, 0) - x * t + Math.log1p(Math.exp(-Math.abs(x)));
                        if (gradient != null) gradient[off + j] = (float) (scale * w * (sigmoid(x) - t));
                    }
                    sum += w * row;
                }
                case MEAN_SQUARED_ERROR -> {
                    double row = 0;
                    for (int j = 0; j < width; j++) {
                        double d = outputs[off + j] - value(batch, off + j, r);
                        row += d * d;
                        if (gradient != null) gradient[off + j] = (float) (scale * w * 2 * d / width);
                    }
                    sum += w * row / width;
                }
            }
        }
        return sum;
    }

    /**
     * The metrics of {@code outputs} against the batch's targets (see {@link Evaluation}).
     *
     * @param spec the model's spec
     * @param outputs the model's outputs {@code [target rows, outputs]}
     * @param batch the batch whose targets (and mask) score the outputs
     * @param topK the k of top-k accuracy, at least 1
     * @return the sums of the loss and the metrics that fit it
     * @throws IllegalArgumentException when the outputs have the wrong length or a target is out of range
     */
    public static Evaluation evaluate(ModelSpec spec, float[] outputs, Batch batch, int topK) {
        int width = spec.outputs();
        int rows = checkShapes(spec, outputs, batch);
        float[] mask = spec.head() == ModelSpec.Head.PER_STEP ? batch.mask() : null;
        double lossSum = lossAndGradient(spec, outputs, batch, 0, null);
        double count = 0, a = 0, b = 0, c = 0, d = 0, e = 0;
        for (int r = 0; r < rows; r++) {
            double w = mask == null ? 1 : mask[r];
            if (w == 0) continue;
            int off = r * width;
            count += w;
            switch (spec.loss()) {
                case SOFTMAX_CROSS_ENTROPY -> {
                    int target = target(batch, r, width);
                    float t = outputs[off + target];
                    int above = 0;
                    for (int j = 0; j < width; j++) {
                        float x = outputs[off + j];
                        if (x > t || (x == t && j < target)) above++;
                    }
                    if (Float.isNaN(t)) above = width; // a model that computes NaN is never right
                    if (above == 0) a += w;
                    if (above < topK) b += w;
                }
                case SIGMOID_CROSS_ENTROPY -> {
                    int right = 0;
                    for (int j = 0; j < width; j++) {
                        boolean predicted = outputs[off + j] > 0, on = label(batch, off + j, r) >= 0.5;
                        if (predicted == on) right++;
                        if (predicted && on) c += w;
                        else if (predicted) d += w;
                        else if (on) e += w;
                    }
                    a += w * right;
                    if (right == width) b += w;
                }
                case MEAN_SQUARED_ERROR -> {
                    for (int j = 0; j < width; j++) a += w * Math.abs(outputs[off + j] - value(batch, off + j, r));
                }
            }
        }
        return switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> Evaluation.softmax(width, topK, count, lossSum, a, b);
            case SIGMOID_CROSS_ENTROPY -> Evaluation.sigmoid(width, topK, count, lossSum, a, b, c, d, e);
            case MEAN_SQUARED_ERROR -> Evaluation.regression(width, topK, count, lossSum, a);
        };
    }

    /** Checks that the outputs and the targets fit the spec's head and loss; returns the rows. */
    private static int checkShapes(ModelSpec spec, float[] outputs, Batch batch) {
        BatchRules.targets(spec, batch);
        int rows = batch.targetRows();
        if (outputs.length != rows * spec.outputs())
            throw new IllegalArgumentException("outputs: expected " + rows + " rows of " + spec.outputs() + ", got " + outputs.length + " floats");
        return rows;
    }

    private static int target(Batch batch, int row, int classes) {
        int t = batch.targets()[row];
        if (t < 0 || t >= classes)
            throw new IllegalArgumentException("batch: target " + t + " at row " + row + " is outside the " + classes + " classes of the model");
        return t;
    }

    private static double label(Batch batch, int index, int row) {
        float t = batch.targetValues()[index];
        if (!(t >= 0 && t <= 1))
            throw new IllegalArgumentException("batch: label " + t + " at row " + row + " must be within [0, 1] for sigmoid cross-entropy");
        return t;
    }

    private static double value(Batch batch, int index, int row) {
        float t = batch.targetValues()[index];
        if (!Float.isFinite(t)) throw new IllegalArgumentException("batch: target value " + t + " at row " + row + " is not finite");
        return t;
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }
}
