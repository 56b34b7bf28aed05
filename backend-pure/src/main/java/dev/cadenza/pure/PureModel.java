package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.model.Weights;

/**
 * A {@link SequenceModel} computed in plain Java on flat float arrays. Initial weights come from
 * {@link dev.cadenza.model.Initialization} (shared by all backends: Glorot-uniform input kernels per gate block,
 * orthogonal recurrent kernels per gate block, zero biases except LSTM forget-gate bias 1, embedding
 * uniform(-0.05, 0.05), BatchNorm gamma 1 / beta 0 / running mean 0 / running variance 1). Training is described in
 * {@link PureTrainingSession}.
 */
final class PureModel implements SequenceModel {
    private final Network network;
    private boolean closed;

    PureModel(ModelSpec spec, Weights weights, Matmul mm) {
        this.network = new Network(spec, mm);
        network.parameters.load(spec, weights);
    }

    /** The network, for the training session and for tests in this package. */
    Network network() {
        open();
        return network;
    }

    private void open() {
        if (closed) throw new IllegalStateException("model is closed");
    }

    @Override
    public ModelSpec spec() {
        return network.spec;
    }

    @Override
    public String backend() {
        return PureBackendProvider.NAME;
    }

    @Override
    public Weights weights() {
        open();
        return network.parameters.export(network.spec);
    }

    @Override
    public void loadWeights(Weights weights) {
        open();
        network.parameters.load(network.spec, weights);
        for (PureLayer layer : network.layers) layer.weightsChanged(); // packed copies of the old weights are stale
    }

    @Override
    public float[] forward(Batch batch) {
        open();
        float[] logits = network.forward(batch, false, false);
        return java.util.Arrays.copyOf(logits, network.logitRows() * network.spec.classes());
    }

    @Override
    public Evaluation evaluate(Batch batch, int topK) {
        open();
        if (topK <= 0) throw new IllegalArgumentException("evaluate: topK must be > 0, was " + topK);
        network.checkTargets(batch);
        float[] logits = network.forward(batch, false, false);
        float[] mask = network.spec.head() == ModelSpec.Head.PER_STEP ? batch.mask() : null;
        return SoftmaxCrossEntropy.evaluate(network.mm.kernels(), logits, network.logitRows(), network.spec.classes(), batch.targets(), mask, topK);
    }

    @Override
    public TrainingSession train(TrainingConfig config) {
        open();
        return new PureTrainingSession(network, config);
    }

    @Override
    public ModelState newState(int batchSize) {
        open();
        if (batchSize <= 0) throw new IllegalArgumentException("newState: batchSize must be > 0, was " + batchSize);
        return new PureState(network, batchSize);
    }

    @Override
    public float[] step(ModelState state, int[] tokens) {
        PureState s = own(state);
        return run(s, network.input.step(s.input, tokens));
    }

    @Override
    public float[] step(ModelState state, float[] features) {
        PureState s = own(state);
        return run(s, network.input.step(s.input, features));
    }

    private PureState own(ModelState state) {
        open();
        String nonCausal = network.nonCausal();
        if (nonCausal != null) throw new IllegalStateException(nonCausal + ", so the model cannot generate step by step");
        if (!(state instanceof PureState s) || s.owner != network)
            throw new IllegalArgumentException("step: the state was not created by this model's newState");
        return s;
    }

    private float[] run(PureState s, float[] x) {
        for (int i = 0; i < network.layers.size(); i++) x = network.layers.get(i).step(s.layers[i], x, s.batchSize(), s.position());
        s.advance();
        return x.clone();
    }

    @Override
    public void close() {
        closed = true;
    }
}
