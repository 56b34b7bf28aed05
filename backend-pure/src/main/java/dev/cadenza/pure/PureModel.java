package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineState;
import dev.cadenza.spi.EngineTrainer;

import java.util.List;

/**
 * A model computed in plain Java on flat float arrays: the layers of a {@link Network}, whose parameters are the
 * canonical arrays themselves, so the trainer hands them to the optimizer without copying. Batches, states and weights
 * arrive checked (by {@code dev.cadenza.SequenceModel}). {@link #step} keeps every intermediate result in its state's
 * scratch arrays, so steps on distinct states may run at once; everything else runs one call at a time.
 */
final class PureModel implements EngineModel {
    private final Network network;

    PureModel(ModelSpec spec, Weights weights, Matmul mm) {
        this.network = new Network(spec, mm);
        network.parameters.load(spec, weights);
    }

    /** The network, for tests in this package. */
    Network network() {
        return network;
    }

    @Override
    public Weights weights() {
        return network.parameters.export(network.spec);
    }

    @Override
    public void loadWeights(Weights weights) {
        network.parameters.load(network.spec, weights);
        for (PureLayer layer : network.layers) layer.weightsChanged(); // packed copies of the old weights are stale
    }

    @Override
    public float[] forward(Batch batch) {
        float[] outputs = network.forward(batch, false, false);
        return java.util.Arrays.copyOf(outputs, network.logitRows() * network.spec.outputs());
    }

    @Override
    public EngineState newState(int batchSize) {
        return new PureState(network, batchSize);
    }

    @Override
    public float[] step(EngineState state, Batch one) {
        PureState s = (PureState) state; // made by newState above; the caller checks ownership
        float[] x = network.input.step(s.input, one);
        for (int i = 0; i < network.layers.size(); i++) x = network.layers.get(i).step(s.layers[i], x, s.batchSize(), s.position());
        s.advance();
        return x.clone();
    }

    @Override
    public EngineTrainer trainer() {
        return new Trainer();
    }

    /** The parameters' own arrays: the optimizer updates them in place, and packed copies are rebuilt after. */
    private final class Trainer implements EngineTrainer {
        private final List<String> names = network.parameters.trainable();
        private final float[][] weights = new float[names.size()][], gradients = new float[names.size()][];

        Trainer() {
            for (int i = 0; i < names.size(); i++) {
                weights[i] = network.parameters.value(names.get(i));
                gradients[i] = network.parameters.gradient(names.get(i));
            }
        }

        @Override
        public float[] forward(Batch batch, SeededRandom random, boolean carry) {
            network.useRandom(random);
            float[] outputs = network.forward(batch, true, carry);
            return java.util.Arrays.copyOf(outputs, network.logitRows() * network.spec.outputs());
        }

        @Override
        public void backward(float[] outputGradient) {
            network.backward(outputGradient);
        }

        @Override
        public void zeroGradients() {
            network.parameters.zeroGradients();
        }

        @Override
        public float[][] gradients() {
            return gradients;
        }

        @Override
        public float[][] trainableWeights() {
            return weights;
        }

        @Override
        public void weightsUpdated() {
            for (PureLayer layer : network.layers) layer.weightsChanged();
        }
    }

    @Override
    public void close() {
        // nothing native to release
    }
}
