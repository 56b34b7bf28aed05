package dev.cadenza;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.Losses;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A network built from a {@link ModelSpec} on one backend, as users hold it: it checks every batch, state and weight set
 * once, for every engine, then hands them to the engine. Weights move in and out in the canonical layout, so a model
 * can be continued on any backend; {@link #copyTo(Backend)} moves it explicitly.
 * <p>
 * Outputs are the final Dense layer's values, {@code [rows, outputs]} with rows = size * steps for a per-step head and
 * size for a last-step head: logits for softmax, per-label logits for sigmoid (probability = sigmoid(logit)), predicted
 * values for regression. Generation is incremental: {@link #newState(int)}, then one {@code step} per token or frame,
 * each O(1) in the sequence length, with outputs equal to those of {@link #forward(Batch)} over the same inputs.
 * <p>
 * Thread safety: {@code step} calls on distinct states may run concurrently from many threads (one state is used by one
 * thread at a time); every other call (forward, evaluate, a training step, loading weights) runs alone, waiting for
 * the calls in progress.
 */
public final class SequenceModel implements AutoCloseable {
    private final String backend;
    private final ModelSpec spec;
    private final Engine engine;
    private final EngineModel model;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;

    SequenceModel(String backend, ModelSpec spec, Engine engine, EngineModel model) {
        this.backend = backend;
        this.spec = spec;
        this.engine = engine;
        this.model = Objects.requireNonNull(model, "engine model");
    }

    /**
     * The architecture this model was built from: input, layers, head and loss.
     *
     * @return the spec, immutable
     */
    public ModelSpec spec() {
        return spec;
    }

    /**
     * Name of the backend that runs this model.
     *
     * @return "pure", "djl", "dl4j" or another provider's name
     */
    public String backend() {
        return backend;
    }

    /**
     * A copy of the current weights in the canonical layout.
     *
     * Waits for calls in progress.
     * @return a new copy the caller owns; later training does not change it
     */
    public Weights weights() {
        return exclusive(model::weights);
    }

    /**
     * Replaces all weights; names and shapes must be those of the spec. Training sessions continue from them.
     *
     * @param weights one tensor per {@link ModelSpec#parameters()} entry, in the canonical layout; copied
     * @throws IllegalArgumentException naming the first missing, unexpected or misshapen tensor
     */
    public void loadWeights(Weights weights) {
        Weights checked = Weights.of(spec, Objects.requireNonNull(weights, "weights").tensors());
        exclusive(() -> {
            model.loadWeights(checked);
            return null;
        });
    }

    /**
     * The same weights on {@code target} (another engine, or this one): one explicit move, the spec and weights
     * unchanged.
     *
     * @param target the backend to build the copy on
     * @return a new, independent model the caller closes; this one stays open
     * @throws UnsupportedOperationException when {@code target} cannot run the spec exactly
     */
    public SequenceModel copyTo(Backend target) {
        return target.create(spec, weights());
    }

    /**
     * Inference-mode outputs of the batch (see the class comment); its targets are ignored.
     *
     * @param batch inputs of {@code size} sequences of {@code steps} steps, of the kind the spec's input reads
     * @return the outputs, {@code [rows, outputs]} row-major
     * @throws IllegalArgumentException when the batch's inputs do not fit the spec's input
     */
    public float[] forward(Batch batch) {
        spec.checkInputs(batch);
        return exclusive(() -> model.forward(batch.inputsOnly()));
    }

    /**
     * Inference-mode outputs of a whole batch that starts from {@code state} (initial state in) and leaves in it the
     * state after the batch's last step (final state out), so a long sequence can be processed in pieces. Same layout
     * as {@link #forward(Batch)}.
     *
     * @param batch inputs of {@code state.batchSize()} sequences
     * @param state the recurrent state to start from and to update; it must come from this model's
     *     {@link #newState(int)}
     * @return the outputs; for a last-step head, those of each row's last step, {@code [size, outputs]}
     * @throws IllegalArgumentException when the batch does not fit the spec or its size is not the state's
     */
    public float[] forward(Batch batch, ModelState state) {
        spec.checkInputs(batch);
        ModelState s = own(state);
        if (s.batchSize() != batch.size())
            throw new IllegalArgumentException("forward: the state has " + s.batchSize() + " rows, the batch " + batch.size());
        float[] all = exclusive(() -> model.forward(batch.inputsOnly(), s.engineState()));
        s.advance(batch.steps());
        if (spec.head() == ModelSpec.Head.PER_STEP) return all;
        int width = spec.outputs(), steps = batch.steps();
        float[] last = new float[batch.size() * width];
        for (int r = 0; r < batch.size(); r++) System.arraycopy(all, (r * steps + steps - 1) * width, last, r * width, width);
        return last;
    }

    /**
     * Inference-mode loss and the metrics that fit the loss, over the batch's targets, with top-1 as the top-k.
     *
     * @param batch inputs and targets (and optionally a mask)
     * @return the mean loss and the head's metrics over the masked predictions
     * @throws IllegalArgumentException when the batch's inputs or targets do not fit the spec
     */
    public Evaluation evaluate(Batch batch) {
        return evaluate(batch, 1);
    }

    /**
     * As {@link #evaluate(Batch)}, with the k of top-k accuracy (softmax).
     *
     * @param batch inputs and targets (and optionally a mask)
     * @param topK a softmax prediction counts as right when the target is among the k highest logits; at least 1
     * @return the mean loss and the head's metrics over the masked predictions
     * @throws IllegalArgumentException when {@code topK} is not positive or the batch does not fit the spec
     */
    public Evaluation evaluate(Batch batch, int topK) {
        if (topK <= 0) throw new IllegalArgumentException("evaluate: topK must be > 0, was " + topK);
        spec.checkTargets(batch);
        float[] outputs = forward(batch);
        return Losses.evaluate(spec, outputs, batch, topK);
    }

    /**
     * Starts training with {@code config} (a new optimizer state). Throws when this backend cannot train it exactly.
     *
     * @param config optimizer, learning rate, clipping, truncated BPTT and seed
     * @return a session that updates this model's weights in place
     * @throws UnsupportedOperationException listing what the backend cannot compute exactly
     * @throws IllegalArgumentException when truncated BPTT is asked of a spec with a layer that looks ahead in time
     */
    public TrainingSession train(TrainingConfig config) {
        Objects.requireNonNull(config, "config");
        List<String> problems = engine.unsupported(spec, config);
        if (!problems.isEmpty())
            throw new UnsupportedOperationException("backend '" + backend + "' cannot train with this configuration exactly: "
                    + String.join("; ", problems));
        if (config.truncatedBptt() > 0 && !spec.causal())
            throw new IllegalArgumentException("truncated BPTT carries state forward in time, which " + spec.nonCausalLayer()
                    + " does not allow");
        return exclusive(() -> new TrainingSession(this, config, model.trainer()));
    }

    /**
     * A fresh generation state of {@code batchSize} rows, at position 0. Throws for a spec that looks ahead in time.
     *
     * @param batchSize the rows (independent sequences) generated together, at least 1
     * @return a new state the caller owns (and may close early to free engine memory)
     * @throws IllegalArgumentException when {@code batchSize} is not positive
     * @throws IllegalStateException when a layer of the spec is not causal (bidirectional, say)
     */
    public ModelState newState(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("newState: batchSize must be > 0, was " + batchSize);
        requireCausal();
        return shared(() -> new ModelState(this, model.newState(batchSize), batchSize));
    }

    /**
     * Feeds one token per row (embedding or one-hot input) and returns the outputs for the step,
     * {@code [rows, outputs]}.
     *
     * @param state a state of this model with one row per token
     * @param tokens one vocabulary id per row, in {@code [0, vocabulary)}
     * @return the step's outputs, {@code [rows, outputs]} (logits for a softmax head)
     * @throws IllegalArgumentException when the input reads features or conditioning, or the row count is not the
     *     state's
     */
    public float[] step(ModelState state, int... tokens) {
        if (spec.input().conditioningWidth() > 0)
            throw new IllegalArgumentException("step: the model's input (" + spec.input() + ") reads a conditioning vector beside "
                    + "each token: use step(state, tokens, conditioning)");
        return step(state, Batch.ofTokens(tokens.length, 1, tokens, null));
    }

    /**
     * Feeds one float vector per row (feature or multi-hot input, {@code [rows, width]}) and returns the outputs for the
     * step.
     *
     * @param state a state of this model with one row per vector
     * @param features {@code rows * width} floats, row-major, {@code width} being the input's feature width
     * @return the step's outputs, {@code [rows, outputs]}
     * @throws IllegalArgumentException when the input reads token ids, or the floats are not whole rows of the state's
     *     size
     */
    public float[] step(ModelState state, float[] features) {
        int width = spec.input().featureWidth();
        if (width == 0)
            throw new IllegalArgumentException("step: the model's input (" + spec.input() + ") reads token ids, not float features");
        if (features.length % width != 0)
            throw new IllegalArgumentException("step: " + features.length + " floats are not whole rows of " + width);
        return step(state, Batch.ofFeatures(features.length / width, 1, features, width, null));
    }

    /**
     * Feeds one token per row with its conditioning vector ({@code [rows, conditioning width]}, e.g. the chord of the
     * step) and returns the outputs for the step.
     *
     * @param state a state of this model with one row per token
     * @param tokens one vocabulary id per row
     * @param conditioning {@code rows * conditioning width} floats, row-major
     * @return the step's outputs, {@code [rows, outputs]}
     * @throws IllegalArgumentException when the input takes no conditioning, or the rows do not match the state's
     */
    public float[] step(ModelState state, int[] tokens, float[] conditioning) {
        int width = spec.input().conditioningWidth();
        if (width == 0)
            throw new IllegalArgumentException("step: the model's input (" + spec.input() + ") takes no conditioning vector");
        return step(state, Batch.builder(tokens.length, 1).tokens(tokens).conditioning(conditioning, width).build());
    }

    private float[] step(ModelState state, Batch one) {
        ModelState s = own(state);
        if (one.size() != s.batchSize())
            throw new IllegalArgumentException("step: " + one.size() + " rows of input for a state of " + s.batchSize() + " rows");
        spec.checkInputs(one);
        float[] out = shared(() -> model.step(s.engineState(), one));
        s.advance(1);
        return out;
    }

    private ModelState own(ModelState state) {
        Objects.requireNonNull(state, "state");
        if (state.owner() != this)
            throw new IllegalArgumentException("the state was not created by this model's newState (it belongs to "
                    + state.owner().backend + " model " + Integer.toHexString(System.identityHashCode(state.owner())) + ")");
        requireCausal();
        return state;
    }

    private void requireCausal() {
        String why = spec.nonCausalLayer();
        if (why != null) throw new IllegalStateException(why + ", so the model cannot generate step by step");
    }

    <T> T exclusive(Supplier<T> work) {
        return locked(lock.writeLock(), work);
    }

    private <T> T shared(Supplier<T> work) {
        return locked(lock.readLock(), work);
    }

    private <T> T locked(Lock l, Supplier<T> work) {
        l.lock();
        try {
            if (closed) throw new IllegalStateException("the " + backend + " model is closed");
            return work.get();
        } finally {
            l.unlock();
        }
    }

    /** Releases the engine's memory (native memory for DJL and DL4J). The model is unusable afterwards. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            model.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "SequenceModel[" + backend + ", " + spec.parameterCount() + " parameters, " + spec.head() + ", " + spec.loss() + "]";
    }
}
