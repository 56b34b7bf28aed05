package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.spi.EngineTrainer;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * Training on DJL: the forward pass records PyTorch's graph on the calling thread only
 * ({@link ThreadGradientCollector}); the backward pass feeds the api's output gradient into it, and PyTorch adds the
 * parameter gradients to each parameter's {@code .grad}, so micro-batches and truncated-BPTT chunks sum there. Weights
 * and gradients leave and enter in the canonical layout (each DJL layout is a permutation of it, {@link Layout}).
 * <p>
 * Between a forward and its backward pass only the outputs are kept: the graph holds what it needs of the
 * intermediate arrays itself, so their Java handles are freed when the forward pass returns. With {@code carry} the
 * layers continue from the states the previous forward pass left in {@link #memory} (stored without their graph).
 */
final class DjlTrainer implements EngineTrainer {
    private final DjlModel model;
    private final List<MappedParameter> trainable;
    private final List<Parameter> withGradient;
    /** Holds the carried memory and the outputs awaiting their backward pass. */
    private final NDManager keep;
    private final boolean causal;
    private NDArray[][] memory;
    private NDArray outputs;
    /** Whether a backward pass has run: PyTorch creates a parameter's {@code .grad} in its first one. */
    private boolean gradientsExist;
    private float[][] handedOut;

    DjlTrainer(DjlModel model) {
        this.model = model;
        this.trainable = model.network().parameters().stream().filter(p -> p.canonical().trainable()).toList();
        this.withGradient = model.network().gradientParameters();
        this.keep = model.manager().newSubManager();
        DjlState.CLEANER.register(this, keep::close); // a session dropped without closing the model frees its arrays
        this.causal = model.spec().causal();
        this.memory = model.network().newMemory();
    }

    @Override
    public float[] forward(Batch batch, SeededRandom random, boolean carry) {
        if (carry && !causal) throw new IllegalStateException("a non-causal spec cannot carry state between training chunks");
        release();
        if (!carry) {
            for (NDArray[] layer : memory) for (NDArray a : layer) if (a != null) a.close();
            memory = model.network().newMemory();
        }
        model.network().useRandom(random);
        DjlNetwork network = model.network();
        try (NDScope temporaries = new NDScope(); NDManager scope = model.manager().newSubManager();
             ThreadGradientCollector recording = new ThreadGradientCollector()) {
            temporaries.suppressNotUsedWarning();
            NDArray x = network.input(model.store(), scope, batch, true);
            // A causal network always leaves its final states in memory: the next chunk may continue from them.
            NDArray y = causal ? network.forward(model.store(), x, true, memory, keep) : network.forward(model.store(), x, true);
            y.attach(keep);
            NDScope.unregister(y);
            outputs = y;
            return y.toFloatArray();
        }
    }

    @Override
    public void backward(float[] outputGradient) {
        if (outputs == null) throw new IllegalStateException("backward without a training forward pass before it");
        try (NDScope temporaries = new NDScope()) {
            temporaries.suppressNotUsedWarning();
            NDArray gradient = keep.create(outputGradient, outputs.getShape());
            ThreadGradientCollector.backward(outputs, gradient);
            gradientsExist = true;
        } finally {
            release();
        }
    }

    /** Frees the outputs of the last forward pass, and with them its graph. */
    private void release() {
        if (outputs != null) outputs.close();
        outputs = null;
    }

    @Override
    public void zeroGradients() {
        if (!gradientsExist) return;
        for (Parameter p : withGradient) JniUtils.zeroGrad((PtNDArray) p.getArray());
    }

    @Override
    public float[][] gradients() {
        float[][] out = new float[trainable.size()][];
        for (int i = 0; i < out.length; i++) {
            MappedParameter p = trainable.get(i);
            int[] shape = p.canonical().shape();
            if (!gradientsExist) {
                out[i] = new float[p.canonical().size()];
                continue;
            }
            try (NDArray g = p.djl().getArray().getGradient()) {
                out[i] = p.layout().toCanonical(g.toFloatArray(), shape);
            }
        }
        return out;
    }

    @Override
    public float[][] trainableWeights() {
        handedOut = new float[trainable.size()][];
        for (int i = 0; i < handedOut.length; i++) {
            MappedParameter p = trainable.get(i);
            handedOut[i] = p.layout().toCanonical(p.djl().getArray().toFloatArray(), p.canonical().shape());
        }
        return handedOut;
    }

    @Override
    public void weightsUpdated() {
        if (handedOut == null) throw new IllegalStateException("weightsUpdated before trainableWeights");
        for (int i = 0; i < handedOut.length; i++) {
            MappedParameter p = trainable.get(i);
            p.djl().getArray().set(FloatBuffer.wrap(p.layout().toDjl(handedOut[i], p.canonical().shape())));
        }
    }
}
