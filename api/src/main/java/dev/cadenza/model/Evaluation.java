package dev.cadenza.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Metrics of a model over predictions (tokens, frames or steps; masked padding excluded), as sums that add up over
 * batches. Which metrics exist depends on the {@link Loss}: {@link #metrics()} lists those that fit, and asking for
 * one that does not fit (the accuracy of a regression) is an IllegalStateException, never a NaN.
 * <ul>
 *   <li>every loss: {@link #loss()}, the mean loss per prediction (nats per token or frame, or the mean squared error);</li>
 *   <li>softmax: {@link #accuracy()} (top-1, ties to the lower class id), {@link #topKAccuracy()}, {@link #perplexity()};</li>
 *   <li>sigmoid: {@link #labelAccuracy()}, {@link #frameAccuracy()} (every label right) and {@link #f1()}, with a label
 *       predicted on when its probability exceeds 0.5;</li>
 *   <li>regression: {@link #meanSquaredError()} (= the loss) and {@link #meanAbsoluteError()}.</li>
 * </ul>
 * Immutable; {@link #plus} adds two evaluations of the same loss.
 */
public final class Evaluation {
    private final Loss kind;
    private final int k;
    private final int width;
    private final double count, lossSum, hits, topKHits, labelHits, frameHits, truePositives, falsePositives,
            falseNegatives, absoluteErrorSum;

    private Evaluation(Loss kind, int k, int width, double count, double lossSum, double hits, double topKHits, double labelHits,
                       double frameHits, double truePositives, double falsePositives, double falseNegatives, double absoluteErrorSum) {
        this.kind = kind;
        this.k = k;
        this.width = width;
        this.count = count;
        this.lossSum = lossSum;
        this.hits = hits;
        this.topKHits = topKHits;
        this.labelHits = labelHits;
        this.frameHits = frameHits;
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
        this.falseNegatives = falseNegatives;
        this.absoluteErrorSum = absoluteErrorSum;
    }

    /**
     * Nothing counted yet, for a model with {@code loss} and {@code outputs} outputs; {@code k} is the top-k of
     * softmax.
     *
     * @param loss the model's loss, which decides the metrics
     * @param outputs the model's output width (classes, labels or values)
     * @param k the k of top-k accuracy, at least 1 (only softmax uses it)
     * @return an evaluation with every sum 0
     * @throws IllegalArgumentException when {@code k} is not positive
     */
    public static Evaluation empty(Loss loss, int outputs, int k) {
        if (k <= 0) throw new IllegalArgumentException("evaluation: top-k must be > 0, was " + k);
        return new Evaluation(loss, k, outputs, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Softmax sums. */
    static Evaluation softmax(int classes, int k, double count, double lossSum, double hits, double topKHits) {
        return new Evaluation(Loss.SOFTMAX_CROSS_ENTROPY, k, classes, count, lossSum, hits, topKHits, 0, 0, 0, 0, 0, 0);
    }

    /** Sigmoid sums. */
    static Evaluation sigmoid(int labels, int k, double count, double lossSum, double labelHits, double frameHits, double tp, double fp, double fn) {
        return new Evaluation(Loss.SIGMOID_CROSS_ENTROPY, k, labels, count, lossSum, 0, 0, labelHits, frameHits, tp, fp, fn, 0);
    }

    /** Regression sums. */
    static Evaluation regression(int values, int k, double count, double lossSum, double absoluteErrorSum) {
        return new Evaluation(Loss.MEAN_SQUARED_ERROR, k, values, count, lossSum, 0, 0, 0, 0, 0, 0, 0, absoluteErrorSum);
    }

    /**
     * The loss these metrics belong to.
     *
     * @return the loss
     */
    public Loss kind() {
        return kind;
    }

    /**
     * Predictions counted (the mask's weight for per-step heads).
     *
     * @return the count, a weight sum (not necessarily whole)
     */
    public double count() {
        return count;
    }

    /**
     * Sum of the per-prediction losses.
     *
     * @return the sum, in nats (cross-entropies) or squared units (regression)
     */
    public double lossSum() {
        return lossSum;
    }

    /**
     * The k of {@link #topKAccuracy()}.
     *
     * @return the k, at least 1
     */
    public int k() {
        return k;
    }

    /**
     * Mean loss per prediction; NaN when nothing was counted.
     *
     * @return the mean, in nats per prediction or the mean squared error
     */
    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    /**
     * Top-1 accuracy (softmax).
     *
     * @return a share in {@code [0, 1]}; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not softmax
     */
    public double accuracy() {
        require(Loss.SOFTMAX_CROSS_ENTROPY, "accuracy");
        return ratio(hits, count);
    }

    /**
     * Share of predictions whose target is among the k highest outputs (softmax).
     *
     * @return a share in {@code [0, 1]}; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not softmax
     */
    public double topKAccuracy() {
        require(Loss.SOFTMAX_CROSS_ENTROPY, "top-k accuracy");
        return ratio(topKHits, count);
    }

    /**
     * exp(loss) (softmax).
     *
     * The average number of equally likely choices the model hesitates between per token; the vocabulary size for a
     * uniform guess.
     * @return the perplexity, at least 1; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not softmax
     */
    public double perplexity() {
        require(Loss.SOFTMAX_CROSS_ENTROPY, "perplexity");
        return Math.exp(loss());
    }

    /**
     * Share of labels predicted right (sigmoid).
     *
     * @return a share in {@code [0, 1]} of predictions times labels; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not sigmoid
     */
    public double labelAccuracy() {
        require(Loss.SIGMOID_CROSS_ENTROPY, "label accuracy");
        return ratio(labelHits, count * width);
    }

    /**
     * Share of frames with every label right (sigmoid).
     *
     * @return a share in {@code [0, 1]}; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not sigmoid
     */
    public double frameAccuracy() {
        require(Loss.SIGMOID_CROSS_ENTROPY, "frame accuracy");
        return ratio(frameHits, count);
    }

    /**
     * F1 of the labels that are on, 2 TP / (2 TP + FP + FN); 1 when no label is on and none is predicted (sigmoid).
     *
     * @return the F1 score in {@code [0, 1]}
     * @throws IllegalStateException when the loss is not sigmoid
     */
    public double f1() {
        require(Loss.SIGMOID_CROSS_ENTROPY, "F1");
        double d = 2 * truePositives + falsePositives + falseNegatives;
        return d == 0 ? 1 : 2 * truePositives / d;
    }

    /**
     * The mean squared error per value (regression); equal to {@link #loss()}.
     *
     * @return the mean squared error, in squared target units; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not regression
     */
    public double meanSquaredError() {
        require(Loss.MEAN_SQUARED_ERROR, "mean squared error");
        return loss();
    }

    /**
     * The mean absolute error per value (regression).
     *
     * @return the mean absolute error, in target units; NaN when nothing was counted
     * @throws IllegalStateException when the loss is not regression
     */
    public double meanAbsoluteError() {
        require(Loss.MEAN_SQUARED_ERROR, "mean absolute error");
        return ratio(absoluteErrorSum, count * width);
    }

    /**
     * The metrics that fit the loss, by name, loss first (for logs, reports and JSON).
     *
     * @return a new insertion-ordered map: "loss" then, e.g., "accuracy" and "top5Accuracy" for softmax
     */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss());
        switch (kind) {
            case SOFTMAX_CROSS_ENTROPY -> {
                m.put("accuracy", accuracy());
                m.put("top" + k + "Accuracy", topKAccuracy());
            }
            case SIGMOID_CROSS_ENTROPY -> {
                m.put("labelAccuracy", labelAccuracy());
                m.put("frameAccuracy", frameAccuracy());
                m.put("f1", f1());
            }
            case MEAN_SQUARED_ERROR -> m.put("meanAbsoluteError", meanAbsoluteError());
        }
        return m;
    }

    /**
     * The sums of both.
     *
     * @param o an evaluation of the same loss, k and output width (another batch, or another machine's share)
     * @return a new evaluation of the combined sums
     * @throws IllegalArgumentException when the loss, k or width differ
     */
    public Evaluation plus(Evaluation o) {
        if (o.kind != kind || o.k != k || o.width != width)
            throw new IllegalArgumentException("cannot add an evaluation of " + o.kind + " (top-" + o.k + ", " + o.width
                    + " outputs) to one of " + kind + " (top-" + k + ", " + width + " outputs)");
        return new Evaluation(kind, k, width, count + o.count, lossSum + o.lossSum, hits + o.hits, topKHits + o.topKHits,
                labelHits + o.labelHits, frameHits + o.frameHits, truePositives + o.truePositives, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives, absoluteErrorSum + o.absoluteErrorSum);
    }

    private void require(Loss needed, String metric) {
        if (kind != needed) throw new IllegalStateException(metric + " is a metric of " + needed + ", and this model's loss is " + kind);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        metrics().forEach((name, value) -> sb.append(sb.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", value)));
        return sb.append(String.format(Locale.ROOT, " over %.0f %s", count, kind == Loss.SOFTMAX_CROSS_ENTROPY ? "tokens"
                : kind == Loss.SIGMOID_CROSS_ENTROPY ? "frames" : "predictions")).toString();
    }
}
