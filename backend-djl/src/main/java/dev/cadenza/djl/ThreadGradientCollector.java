package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Records gradients on the calling thread only, so that models train in several threads at once.
 * DJL's {@code PtGradientCollector} keeps a process-wide flag and refuses a second collector anywhere in the JVM
 * ("A PtGradientCollector is already collecting"), although what it switches, PyTorch's grad mode, is per thread
 * and PyTorch runs backward passes of separate graphs concurrently. This one sets grad mode for its thread while
 * the forward pass records its graph and restores the previous mode when closed; the backward pass, which needs no
 * grad mode, may run after it is closed ({@link #backward(NDArray, NDArray)}).
 */
final class ThreadGradientCollector implements GradientCollector {
    private final boolean previous;

    /** Records the operations of this thread from now until {@link #close()}. */
    ThreadGradientCollector() {
        this(true);
    }

    /** Sets this thread's grad mode to {@code record} until {@link #close()} (false: inference builds no graph). */
    ThreadGradientCollector(boolean record) {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(record);
    }

    /** Back-propagates the gradient 1 of every element of {@code target}. */
    @Override
    public void backward(NDArray target) {
        backward(target, target.getManager().ones(target.getShape(), target.getDataType()).toDevice(target.getDevice(), false));
    }

    /**
     * Back-propagates {@code gradient} (d loss / d outputs, the shape of {@code outputs}) through the graph recorded for
     * {@code outputs}, adding to the gradients of the parameters (PyTorch accumulates them); frees the graph.
     */
    static void backward(NDArray outputs, NDArray gradient) {
        JniUtils.backward((PtNDArray) outputs, (PtNDArray) gradient, false, false);
    }

    /** Not needed: the trainer zeroes exactly its model's gradients. */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("the trainer zeroes its own model's gradients");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
