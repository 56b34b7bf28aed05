package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Records gradients on the calling thread only, so that models train in several threads at once.
 * DJL's {@code PtGradientCollector} keeps a process-wide flag and refuses a second collector anywhere in the JVM
 * ("A PtGradientCollector is already collecting"), although what it switches, PyTorch's grad mode, is per thread
 * and PyTorch runs backward passes of separate graphs concurrently. This one sets grad mode for its thread,
 * restores the previous mode when closed and runs the same native backward call.
 */
final class ThreadGradientCollector implements GradientCollector {
    private final boolean previous;

    ThreadGradientCollector() {
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
    }

    @Override
    public void backward(NDArray target) {
        NDArray seed = target.getManager().ones(target.getShape(), target.getDataType()).toDevice(target.getDevice(), false);
        JniUtils.backward((PtNDArray) target, (PtNDArray) seed, false, false);
    }

    /** Not needed: each training step zeroes exactly its model's gradients after the update. */
    @Override
    public void zeroGradients() {
        throw new UnsupportedOperationException("the training session zeroes its own model's gradients");
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
