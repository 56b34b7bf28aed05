package dev.cadenza.samplers;

/**
 * Softmax and categorical draws over float logits, computed in double with the maximum subtracted so that large
 * logits neither overflow nor lose the small probabilities; masked tokens ({@code -Infinity}) get probability 0.
 */
public final class Softmax {
    private Softmax() {}

    /**
     * Writes {@code exp(logit - max)} into {@code weights} and returns their sum (at least 1, since the largest
     * weight is exactly 1). Throws when a logit is NaN or +Infinity, or when every token is masked.
     *
     * @param logits the logits; {@code -Infinity} marks a masked token
     * @param weights where the weights go, at least as long as {@code logits}
     * @return the sum of the weights, at least 1
     * @throws IllegalStateException when a logit is NaN or +Infinity, or every token is masked
     */
    public static double weights(float[] logits, double[] weights) {
        int best = argmax(logits);
        double max = logits[best];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double w = logits[i] == Float.NEGATIVE_INFINITY ? 0.0 : Math.exp(logits[i] - max);
            weights[i] = w;
            sum += w;
        }
        return sum;
    }

    /**
     * The probabilities of {@code logits} (they sum to 1).
     *
     * @param logits the logits; {@code -Infinity} marks a masked token
     * @return a new array of probabilities
     * @throws IllegalStateException when a logit is NaN or +Infinity, or every token is masked
     */
    public static double[] probabilities(float[] logits) {
        double[] p = new double[logits.length];
        double sum = weights(logits, p);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /**
     * The index of the largest logit, the lowest index on ties. Throws IllegalStateException for a NaN or +Infinity
     * logit (a diverged model) and when every logit is -Infinity (every token masked).
     *
     * @param logits the logits
     * @return the index of the largest
     * @throws IllegalArgumentException when there are no logits
     */
    public static int argmax(float[] logits) {
        if (logits.length == 0) throw new IllegalArgumentException("no logits: the model predicts 0 classes");
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < logits.length; i++) {
            float l = logits[i];
            if (Float.isNaN(l) || l == Float.POSITIVE_INFINITY)
                throw new IllegalStateException("logit of token " + i + " is " + l + ": the model's output is not finite");
            if (l > max) {
                max = l;
                best = i;
            }
        }
        if (best < 0)
            throw new IllegalStateException("every one of the " + logits.length + " tokens is masked: nothing is left to pick");
        return best;
    }

    /**
     * Draws a token with probability softmax(logits) using one {@code nextDouble()} of {@code random}: the weights are
     * scanned in token order against a uniform point of their sum.
     *
     * @param logits the logits; {@code -Infinity} marks a masked token
     * @param random the random source; one double is drawn
     * @return the token drawn, never a masked one
     * @throws IllegalStateException when a logit is NaN or +Infinity, or every token is masked
     */
    public static int draw(float[] logits, java.util.random.RandomGenerator random) {
        double[] w = new double[logits.length];
        double sum = weights(logits, w);
        double u = random.nextDouble() * sum;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            if (w[i] == 0) continue;
            last = i;
            u -= w[i];
            if (u < 0) return i;
        }
        return last; // u reached the end through rounding: the last token with weight
    }
}
