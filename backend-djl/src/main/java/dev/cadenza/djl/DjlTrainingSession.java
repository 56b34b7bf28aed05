package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Training on DJL with Cadenza's own optimizer step, so that every backend computes the same update: DJL's
 * optimizers have no global-norm clipping ({@code optClipGrad} clamps one side only) and their SGD momentum is
 * MXNet's form. One step is: forward and backward under a {@link ThreadGradientCollector}; the global L2 norm over every
 * trainable tensor (one native reduction) after L2 decay g += decay * w; the clip scale min(1, maxNorm / norm) or an
 * element clamp; then the update rule of {@link Optimizer} in DJL's layout (each layout is a permutation of the
 * canonical one, so element-wise rules are unaffected): Adam through DJL's fused PyTorch kernel, the others as
 * in-place NDArray operations. Slots are converted to
 * the canonical layout only when {@link #state()} is asked for.
 */
final class DjlTrainingSession implements TrainingSession {
    /** Held while a model with dropout seeds PyTorch's process-wide random generator and draws its masks. */
    private static final ReentrantLock GENERATOR = new ReentrantLock();

    private final DjlSequenceModel model;
    /** Whether a training forward pass draws from PyTorch's random generator (dropout masks). */
    private final boolean drawsRandomNumbers;
    private final TrainingConfig config;
    private final List<MappedParameter> trainable = new ArrayList<>();
    private final List<Parameter> withGradient;
    private final List<String> slotNames;
    /** slots.get(name)[i] is the slot of trainable parameter i, in DJL's layout. */
    private final Map<String, NDArray[]> slots = new HashMap<>();
    private final NDManager slotManager;
    private final SeededRandom random;
    private long step;

    DjlTrainingSession(DjlSequenceModel model, TrainingConfig config) {
        if (config.truncatedBptt() > 0 && !model.spec().causal())
            throw new IllegalArgumentException("truncated BPTT (truncatedBptt = " + config.truncatedBptt() + ") carries state "
                    + "forward in time, which a non-causal spec (bidirectional layer or look-ahead convolution) cannot do");
        this.model = model;
        this.config = config;
        this.drawsRandomNumbers = model.spec().layers().stream().anyMatch(l -> l instanceof Layer.Dropout);
        for (MappedParameter p : model.network().parameters()) if (p.canonical().trainable()) trainable.add(p);
        this.withGradient = model.network().gradientParameters();
        this.slotNames = config.optimizer().slotNames();
        this.slotManager = model.manager().newSubManager();
        for (String name : slotNames) {
            NDArray[] arrays = new NDArray[trainable.size()];
            for (int i = 0; i < arrays.length; i++) arrays[i] = slotManager.zeros(trainable.get(i).djl().getArray().getShape());
            slots.put(name, arrays);
        }
        this.random = new SeededRandom(config.seed());
    }

    @Override
    public TrainingConfig config() {
        return config;
    }

    @Override
    public StepResult step(Batch batch) {
        synchronized (model) {
            Losses.checkTargets(batch, model.spec());
            double lr = config.schedule().rate(config.optimizer().learningRate(), step);
            // One seed per step from Cadenza's stream makes dropout reproducible and resumable on this engine.
            int seed = (int) (random.nextLong() >>> 33);
            // The scope frees every temporary of the step, including those the update creates from the weights
            // and slots (which DJL would otherwise attach to their long-lived managers).
            try (NDScope temporaries = new NDScope(); NDManager scope = model.manager().newSubManager()) {
                temporaries.suppressNotUsedWarning();
                double loss = lossAndGradients(scope, batch, seed);
                NDArray[] grads = new NDArray[trainable.size()];
                NDList squares = new NDList(grads.length);
                for (int i = 0; i < grads.length; i++) {
                    NDArray w = trainable.get(i).djl().getArray();
                    grads[i] = w.getGradient();
                    grads[i].attach(scope);
                    if (config.weightDecay() > 0) grads[i] = grads[i].add(w.mul((float) config.weightDecay()));
                    squares.add(grads[i].norm());
                }
                double norm = Math.sqrt(NDArrays.stack(squares).square().sum().getFloat());
                update(scope, grads, norm, lr);
                zeroGradients(scope);
                step++;
                model.weightsChanged();
                return new StepResult(step, loss, norm, lr, batch.predictedTokens(model.spec().head()));
            }
        }
    }

    /**
     * The loss of the batch, leaving its gradients in the parameters. Safe to run in several threads for several
     * models at once: gradients are recorded per thread ({@link ThreadGradientCollector}), and a model with dropout
     * seeds PyTorch's one process-wide generator and draws its masks while holding {@link #GENERATOR}, so that
     * another thread cannot reseed or draw from it in between.
     */
    private double lossAndGradients(NDManager scope, Batch batch, int seed) {
        if (!drawsRandomNumbers) return wholeOrTruncated(scope, batch);
        GENERATOR.lock();
        try {
            model.engine().setRandomSeed(seed);
            return wholeOrTruncated(scope, batch);
        } finally {
            GENERATOR.unlock();
        }
    }

    private double wholeOrTruncated(NDManager scope, Batch batch) {
        return config.truncatedBptt() > 0 && config.truncatedBptt() < batch.steps()
                ? truncated(scope, batch, config.truncatedBptt()) : whole(scope, batch);
    }

    /** Forward and backward over the whole window; returns the loss. */
    private double whole(NDManager scope, Batch batch) {
        NDArray input = model.network().input(scope, batch);
        try (GradientCollector collector = new ThreadGradientCollector()) {
            NDArray logits = model.network().logits(model.store(), input, true);
            NDArray loss = Losses.loss(scope, logits, batch, model.spec());
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    /**
     * Truncated back-propagation, as backend-pure does it: chunks of k steps, each continuing from the (detached)
     * state the previous one ended in; PyTorch sums the chunks' gradients, each chunk's loss is divided by the whole
     * window's token count, and one optimizer step follows. A last-step head has a loss only in the final chunk.
     */
    private double truncated(NDManager scope, Batch batch, int k) {
        boolean perStep = model.spec().head() == dev.cadenza.model.ModelSpec.Head.PER_STEP;
        double count = batch.predictedTokens(model.spec().head());
        NDArray[][] memory = model.network().newMemory();
        double loss = 0;
        for (int from = 0; from < batch.steps(); from += k) {
            int to = Math.min(batch.steps(), from + k);
            Batch chunk = slice(batch, from, to, perStep);
            NDArray input = model.network().input(scope, chunk);
            if (perStep || to == batch.steps()) {
                try (GradientCollector collector = new ThreadGradientCollector()) {
                    NDArray logits = model.network().logits(model.store(), input, true, memory, scope);
                    NDArray chunkLoss = Losses.loss(scope, logits, chunk, count);
                    collector.backward(chunkLoss);
                    loss += chunkLoss.getFloat();
                }
            } else {
                model.network().logits(model.store(), input, true, memory, scope);
            }
        }
        return loss;
    }

    /** Steps [from, to) of every sequence, with their targets (per step) and mask; last-step targets kept whole. */
    private static Batch slice(Batch b, int from, int to, boolean perStep) {
        int n = to - from;
        int[] tokens = b.tokens() == null ? null : new int[b.size() * n];
        float[] features = b.features() == null ? null : new float[b.size() * n * b.featureWidth()];
        int[] targets = perStep ? new int[b.size() * n] : b.targets();
        float[] mask = b.mask() == null ? null : new float[b.size() * n];
        for (int i = 0; i < b.size(); i++) {
            int src = i * b.steps() + from, dst = i * n;
            if (tokens != null) System.arraycopy(b.tokens(), src, tokens, dst, n);
            if (features != null) System.arraycopy(b.features(), src * b.featureWidth(), features, dst * b.featureWidth(), n * b.featureWidth());
            if (perStep) System.arraycopy(b.targets(), src, targets, dst, n);
            if (mask != null) System.arraycopy(b.mask(), src, mask, dst, n);
        }
        return new Batch(b.size(), n, tokens, features, b.featureWidth(), targets, mask);
    }

    private void update(NDManager scope, NDArray[] grads, double norm, double lr) {
        double scale = 1;
        if (config.clipping() instanceof GradientClipping.GlobalNorm g && norm > g.maxNorm()) scale = g.maxNorm() / norm;
        long t = step + 1;
        Optimizer o = config.optimizer();
        for (int i = 0; i < grads.length; i++) {
            NDArray w = trainable.get(i).djl().getArray();
            NDArray g = grads[i];
            if (scale != 1) g = g.mul((float) scale);
            if (config.clipping() instanceof GradientClipping.Value v) g = g.clip(-v.limit(), v.limit());
            if (o instanceof Optimizer.Sgd s) {
                NDArray velocity = slots.get("velocity")[i];
                velocity.muli((float) s.momentum()).addi(g);
                w.subi((s.nesterov() ? g.add(velocity.mul((float) s.momentum())) : velocity).mul((float) lr));
            } else if (o instanceof Optimizer.RmsProp r) {
                NDArray s = slots.get("s")[i];
                s.muli((float) r.rho()).addi(g.square().muli((float) (1 - r.rho())));
                w.subi(g.div(s.sqrt().addi((float) r.epsilon())).muli((float) lr));
            } else if (o instanceof Optimizer.Adam a) {
                // PyTorch's fused Adam kernel of DJL computes exactly the canonical eps-hat form (ENGINE-NOTES,
                // and the conformance suite): m, v and w in one native call instead of a dozen passes.
                double rate = lr * Math.sqrt(1 - Math.pow(a.beta2(), t)) / (1 - Math.pow(a.beta1(), t));
                w.getNDArrayInternal().adamUpdate(new NDList(w, g, slots.get("m")[i], slots.get("v")[i]), new NDList(w),
                        (float) lr, (float) rate, 0f, 1f, -1f, (float) a.beta1(), (float) a.beta2(), (float) a.epsilon(), true, false);
            } else {
                Optimizer.Nadam n = (Optimizer.Nadam) o;
                NDArray m = slots.get("m")[i];
                NDArray v = slots.get("v")[i];
                // Keras' Nadam: momentum schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)), product of mu_1..mu_t.
                double muT = nadamMu(n.beta1(), t);
                double muNext = nadamMu(n.beta1(), t + 1);
                double product = 1;
                for (long k = 1; k <= t; k++) product *= nadamMu(n.beta1(), k);
                double productNext = product * muNext;
                m.muli((float) n.beta1()).addi(g.mul((float) (1 - n.beta1())));
                v.muli((float) n.beta2()).addi(g.square().muli((float) (1 - n.beta2())));
                NDArray gHat = g.div((float) (1 - product));
                NDArray mHat = m.div((float) (1 - productNext));
                NDArray vHat = v.div((float) (1 - Math.pow(n.beta2(), t)));
                NDArray mBar = gHat.muli((float) (1 - muT)).addi(mHat.muli((float) muNext));
                w.subi(mBar.div(vHat.sqrt().addi((float) n.epsilon())).muli((float) lr));
            }
        }
    }

    private static double nadamMu(double beta1, long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
    }

    /** PyTorch accumulates gradients across backward passes; each step starts from zero. */
    private void zeroGradients(NDManager scope) {
        for (Parameter p : withGradient) {
            NDArray g = p.getArray().getGradient();
            g.attach(scope);
            g.muli(0);
        }
    }

    @Override
    public OptimizerState state() {
        synchronized (model) {
            List<Tensor> tensors = new ArrayList<>();
            for (String name : slotNames) {
                NDArray[] arrays = slots.get(name);
                for (int i = 0; i < arrays.length; i++) {
                    MappedParameter p = trainable.get(i);
                    int[] shape = p.canonical().shape();
                    tensors.add(new Tensor(name + "/" + p.canonical().name(), shape, p.layout().toCanonical(arrays[i].toFloatArray(), shape)));
                }
            }
            return new OptimizerState(step, tensors, random.state());
        }
    }

    @Override
    public void restore(OptimizerState state) {
        synchronized (model) {
            Map<String, Tensor> byName = new HashMap<>();
            for (Tensor t : state.slots()) byName.put(t.name(), t);
            for (String name : slotNames) {
                NDArray[] arrays = slots.get(name);
                for (int i = 0; i < arrays.length; i++) {
                    MappedParameter p = trainable.get(i);
                    String key = name + "/" + p.canonical().name();
                    Tensor t = byName.remove(key);
                    if (t == null)
                        throw new IllegalArgumentException("optimizer state: missing slot " + key + " for " + config.optimizer()
                                + "; have " + byName.keySet());
                    if (!Arrays.equals(t.shape(), p.canonical().shape()))
                        throw new IllegalArgumentException("optimizer state: slot " + key + " has shape " + Arrays.toString(t.shape())
                                + ", expected " + Arrays.toString(p.canonical().shape()));
                    arrays[i].set(FloatBuffer.wrap(p.layout().toDjl(t.data(), t.shape())));
                }
            }
            if (!byName.isEmpty()) throw new IllegalArgumentException("optimizer state: slots this optimizer does not use: " + byName.keySet());
            step = state.step();
            if (state.randomState() != null) random.restore(state.randomState());
        }
    }

}
