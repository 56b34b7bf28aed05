package dev.cadenza.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.Input;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.support.SamplingTwin;

/**
 * A model on DJL's PyTorch engine. Training and full-sequence inference run natively (on the GPU when there is
 * one). Generation runs, when the pure-Java backend is on the class path, on a pure-Java twin holding the same
 * weights: a batch-1 step costs DJL dozens of native calls (about 2.5k tokens/s), while the pure-Java engine does
 * several times more. The twin's weights are refreshed lazily, on the first step after the weights changed.
 */
final class DjlSequenceModel implements SequenceModel {
    private static final System.Logger LOG = System.getLogger(DjlSequenceModel.class.getName());

    private final ModelSpec spec;
    private final Engine engine;
    private final NDManager manager;
    private final DjlNetwork network;
    private final ParameterStore store;
    /** Pure-Java generation from these weights, or null when generation runs natively. */
    private final SamplingTwin twin;
    private boolean closed;

    DjlSequenceModel(ModelSpec spec, Weights weights, Engine engine, Device device, boolean twinSampling) {
        this.spec = spec;
        this.engine = engine;
        this.manager = engine.newBaseManager(device);
        try {
            this.network = new DjlNetwork(spec, manager);
            network.load(weights);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
        this.twin = twinSampling ? new SamplingTwin("djl", spec, network::weights) : null;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return "djl";
    }

    Engine engine() {
        return engine;
    }

    NDManager manager() {
        return manager;
    }

    DjlNetwork network() {
        return network;
    }

    ParameterStore store() {
        return store;
    }

    /** Called after every change of the weights (loading, an optimizer step). */
    void weightsChanged() {
        if (twin != null) twin.weightsChanged();
    }

    @Override
    public synchronized Weights weights() {
        open();
        return network.weights();
    }

    @Override
    public synchronized void loadWeights(Weights weights) {
        open();
        network.load(weights);
        weightsChanged();
    }

    @Override
    public synchronized float[] forward(Batch batch) {
        open();
        try (NDScope temporaries = new NDScope(); NDManager scope = manager.newSubManager()) {
            temporaries.suppressNotUsedWarning();
            return network.logits(store, network.input(scope, batch), false).toFloatArray();
        }
    }

    @Override
    public Evaluation evaluate(Batch batch, int topK) {
        if (batch.targets() == null) throw new IllegalArgumentException("evaluate: the batch has no targets");
        return Losses.evaluate(forward(batch), batch, spec, topK);
    }

    @Override
    public synchronized TrainingSession train(TrainingConfig config) {
        open();
        return new DjlTrainingSession(this, config);
    }

    @Override
    public ModelState newState(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("newState: batch size must be > 0, was " + batchSize);
        requireCausal();
        SequenceModel t = twin();
        return t != null ? t.newState(batchSize) : new DjlGenerationState(this, batchSize);
    }

    @Override
    public float[] step(ModelState state, int[] tokens) {
        requireCausal();
        if (state instanceof DjlGenerationState s) {
            if (tokens.length != s.batchSize())
                throw new IllegalArgumentException("step: " + tokens.length + " tokens for a state of " + s.batchSize() + " rows");
            return stepNatively(s, scope -> network.tokens(scope, tokens, tokens.length, 1));
        }
        return twinFor(state).step(state, tokens);
    }

    @Override
    public float[] step(ModelState state, float[] features) {
        requireCausal();
        if (state instanceof DjlGenerationState s) {
            if (!(spec.input() instanceof Input.Features f))
                throw new IllegalArgumentException("step: the model's input is " + spec.input() + ", which takes token ids, not features");
            if (features.length != s.batchSize() * f.width())
                throw new IllegalArgumentException("step: " + features.length + " features for " + s.batchSize() + " rows of width " + f.width());
            return stepNatively(s, scope -> scope.create(features, new Shape(s.batchSize(), 1, f.width())));
        }
        return twinFor(state).step(state, features);
    }

    private synchronized float[] stepNatively(DjlGenerationState state, java.util.function.Function<NDManager, NDArray> input) {
        open();
        if (state.owner() != this) throw new IllegalArgumentException("step: the state belongs to another model");
        // DJL's recurrent blocks create helper arrays on the state's own manager; the scope frees them.
        try (NDScope temporaries = new NDScope(); NDManager scope = manager.newSubManager()) {
            temporaries.suppressNotUsedWarning();
            float[] logits = network.step(store, input.apply(scope), state.memory(), state.manager()).toFloatArray();
            state.advance();
            return logits;
        }
    }

    private SequenceModel twinFor(ModelState state) {
        SequenceModel t = twin();
        if (t == null)
            throw new IllegalArgumentException("step: the state " + state.getClass().getName() + " was not made by this model's newState");
        return t;
    }

    /** The pure-Java twin with the current weights, or null when generation runs natively. */
    private synchronized SequenceModel twin() {
        open();
        return twin == null ? null : twin.model();
    }

    private void requireCausal() {
        if (!spec.causal())
            throw new IllegalStateException("this model cannot generate step by step: its spec is not causal "
                    + "(a bidirectional layer or a convolution that looks ahead)");
    }

    private void open() {
        if (closed) throw new IllegalStateException("the DJL model is closed");
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (twin != null) twin.close();
        manager.close();
    }
}
