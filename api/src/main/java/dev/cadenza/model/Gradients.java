package dev.cadenza.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gradients of a batch's summed loss with respect to the trainable weights, as canonical tensors (the names and
 * shapes of {@link ModelSpec#parameters()}), with that summed loss and the number of predictions it sums over.
 * Gradients of disjoint batches add up ({@link #plus}) to those of their union, which is how micro-batches and data
 * parallelism (one share of the batch per machine) arrive at one optimizer step.
 *
 * @param tensors one gradient tensor per trainable parameter, in the canonical order; the list is copied
 * @param lossSum the summed (mask-weighted) loss the gradients belong to
 * @param predictions the predictions that sum runs over (a weight sum with a mask)
 */
public record Gradients(List<Tensor> tensors, double lossSum, double predictions) {
    /**
     * Copies the list of tensors (not their data).
     *
     * @param tensors one gradient tensor per trainable parameter
     * @param lossSum the summed loss
     * @param predictions the predictions summed over
     */
    public Gradients {
        tensors = List.copyOf(tensors);
    }

    /**
     * Element-wise sums; both must hold the same tensors in the same order.
     *
     * @param other the gradients of a disjoint batch of the same model
     * @return new gradients with new arrays and the summed loss and predictions
     * @throws IllegalArgumentException when the tensors differ in count, name or shape
     */
    public Gradients plus(Gradients other) {
        if (other.tensors.size() != tensors.size())
            throw new IllegalArgumentException("gradients: " + tensors.size() + " tensors cannot be added to " + other.tensors.size());
        List<Tensor> sum = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor a = tensors.get(i), b = other.tensors.get(i);
            if (!a.name().equals(b.name()) || !Arrays.equals(a.shape(), b.shape()))
                throw new IllegalArgumentException("gradients: " + a + " cannot be added to " + b);
            float[] x = a.data(), y = b.data(), z = new float[x.length];
            for (int j = 0; j < z.length; j++) z[j] = x[j] + y[j];
            sum.add(new Tensor(a.name(), a.shape(), z));
        }
        return new Gradients(sum, lossSum + other.lossSum, predictions + other.predictions);
    }

    /**
     * The mean loss per prediction.
     *
     * @return {@code lossSum / predictions}; NaN or infinite when there are no predictions
     */
    public double loss() {
        return lossSum / predictions;
    }
}
