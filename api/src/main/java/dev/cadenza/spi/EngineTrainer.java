package dev.cadenza.spi;

import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;

/**
 * What an engine does for training: a training-mode forward pass, back-propagation of a given gradient of the loss
 * with respect to the outputs, and gradients and weights as canonical arrays. Everything else (the loss and its
 * gradient, micro-batches, truncated BPTT chunks, weight decay, clipping, the optimizer and its state) is computed once,
 * above the engines, so every engine trains with the same arithmetic.
 * <p>
 * The arrays of {@link #trainableWeights()} and {@link #gradients()} hold the trainable tensors of
 * {@link dev.cadenza.model.ModelSpec#parameters()} in that order, each flat in the canonical layout.
 */
public interface EngineTrainer {
    /**
     * Outputs of a training-mode forward pass ({@code [rows, outputs]}): dropout on, drawing from {@code random};
     * BatchNorm normalising with the batch's statistics and updating its running statistics. With {@code carry} the
     * recurrent states and convolution history start where the previous training forward pass ended (truncated
     * back-propagation through time, with no gradient flowing back across); without it, from zero.
     *
     * @param batch a checked batch (targets are not read here)
     * @param random the training random stream, for dropout masks
     * @param carry whether to start from where the previous training forward pass ended
     * @return the outputs, {@code [rows, outputs]}
     */
    float[] forward(Batch batch, SeededRandom random, boolean carry);

    /**
     * Back-propagates {@code outputGradient} (the gradient of the loss with respect to the outputs of the last
     * {@link #forward}, same layout) and adds the parameter gradients to the accumulated ones.
     *
     * @param outputGradient the loss's gradient with respect to the outputs, {@code [rows, outputs]}
     */
    void backward(float[] outputGradient);

    /** Sets the accumulated gradients to zero. */
    void zeroGradients();

    /**
     * The gradients accumulated since {@link #zeroGradients()}, as canonical arrays (gathered from the engine now).
     *
     * @return one flat array per trainable parameter, in the canonical order
     */
    float[][] gradients();

    /**
     * The trainable weights as canonical arrays reflecting the model's current weights; the optimizer changes them in
     * place and then calls {@link #weightsUpdated()}.
     *
     * @return one flat array per trainable parameter, in the canonical order, which the optimizer updates in place
     */
    float[][] trainableWeights();

    /** The arrays of {@link #trainableWeights()} were changed: the engine computes with them from now on. */
    void weightsUpdated();
}
