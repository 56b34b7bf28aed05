package dev.cadenza.model;

/**
 * Summed metrics over predicted tokens: the loss is softmax cross-entropy in nats, averaged over predicted
 * (unmasked) tokens, never summed over time; accuracy is top-1 over the same tokens.
 *
 * @param lossSum sum of per-token cross-entropy (weighted by the mask)
 * @param count number of predicted tokens (mask sum)
 * @param correct tokens whose top-1 prediction is the target
 * @param topKCorrect tokens whose target is among the {@code k} highest logits
 */
public record Evaluation(double lossSum, double count, double correct, double topKCorrect, int k) {
    public static Evaluation empty(int k) {
        return new Evaluation(0, 0, 0, 0, k);
    }

    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    public double accuracy() {
        return count == 0 ? Double.NaN : correct / count;
    }

    public double topKAccuracy() {
        return count == 0 ? Double.NaN : topKCorrect / count;
    }

    /** Perplexity, exp(loss). */
    public double perplexity() {
        return Math.exp(loss());
    }

    public Evaluation plus(Evaluation o) {
        if (o.k != k) throw new IllegalArgumentException("cannot add evaluations with top-" + k + " and top-" + o.k);
        return new Evaluation(lossSum + o.lossSum, count + o.count, correct + o.correct, topKCorrect + o.topKCorrect, k);
    }

    @Override
    public String toString() {
        return String.format("loss %.4f, accuracy %.4f, top-%d %.4f over %.0f tokens", loss(), accuracy(), k, topKAccuracy(), count);
    }
}
