package dev.cadenza.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy computed from logits, for an output layer with the identity activation: the network then
 * outputs logits (as Cadenza's {@code forward} and {@code step} promise) instead of probabilities, and the loss
 * stays exact where a log of a rounded-to-zero probability would not. Scores are summed over rows (the caller
 * divides by the number of predicted tokens).
 */
final class LogitCrossEntropy implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Per-row loss logsumexp(z) - z_target, times the mask; shape [rows, 1]. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray z = activationFn.getActivation(preOutput.dup(), true);
        INDArray max = z.max(true, 1);
        INDArray shifted = z.subColumnVector(max);
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false).addi(max);
        INDArray picked = z.mul(labels).sum(true, 1);
        INDArray score = lse.subi(picked);
        if (mask != null) score.muli(mask.reshape(score.shape()).castTo(score.dataType()));
        return score;
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
        double sum = scores.sumNumber().doubleValue();
        return average ? sum / scores.size(0) : sum;
    }

    /** dL/dz = softmax(z) - y per row (times the mask), passed back through the activation. */
    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray z = activationFn.getActivation(preOutput.dup(), true);
        INDArray e = Transforms.exp(z.subColumnVector(z.max(true, 1)), false);
        INDArray grad = e.diviColumnVector(e.sum(true, 1)).subi(labels);
        if (mask != null) grad.muliColumnVector(mask.reshape(grad.size(0), 1).castTo(grad.dataType()));
        return activationFn.backprop(preOutput.dup(), grad).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "LogitCrossEntropy";
    }

    @Override
    public String toString() {
        return name();
    }
}
