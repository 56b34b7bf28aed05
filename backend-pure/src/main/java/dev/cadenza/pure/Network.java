package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of one {@link ModelSpec} wired together: forward in training or inference mode, and backward from the
 * gradient of the loss with respect to the outputs (computed above the engine) into the parameter gradients.
 * Single-threaded at this level (GEMMs inside use both cores).
 */
final class Network {
    final ModelSpec spec;
    final Parameters parameters;
    final InputStage input;
    final List<PureLayer> layers = new ArrayList<>();
    final Matmul mm;
    /** The training random stream (dropout masks); set by the training session that drives the network. */
    private SeededRandom random;
    private int logitRows;

    Network(ModelSpec spec, Matmul mm) {
        this.spec = spec;
        this.mm = mm;
        this.parameters = new Parameters(spec);
        this.input = new InputStage(spec.input(), parameters);
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            String where = "layer " + i + " (" + layer.describe() + ")";
            String prefix = "layers." + i + ".";
            int in = spec.inputWidth(i);
            PureLayer built;
            if (layer instanceof Layer.Recurrent r) {
                built = recurrent(where, prefix, r, in, false);
            } else if (layer instanceof Layer.Bidirectional b) {
                built = new BidirectionalLayer(where, recurrent(where, prefix + "forward.", b.layer(), in, false),
                        recurrent(where, prefix + "backward.", b.layer(), in, true), b.merge());
            } else if (layer instanceof Layer.Conv1D c) {
                built = new Conv1DLayer(where, prefix, c, in, parameters, mm);
            } else if (layer instanceof Layer.BatchNorm bn) {
                built = new BatchNormLayer(where, prefix, bn, in, parameters);
            } else if (layer instanceof Layer.Dropout d) {
                built = new DropoutLayer(where, d.rate(), in, this::random);
            } else if (layer instanceof Layer.Dense d) {
                built = new DenseLayer(where, prefix, d, in, parameters, mm);
            } else {
                throw new IllegalArgumentException(where + ": unknown layer type " + layer.getClass().getName());
            }
            layers.add(built);
        }
    }

    private RecurrentLayer recurrent(String where, String prefix, Layer.Recurrent r, int in, boolean reverse) {
        if (r instanceof Layer.Lstm l) return new LstmLayer(where, prefix, l, in, reverse, parameters, mm);
        if (r instanceof Layer.Gru g) return new GruLayer(where, prefix, g, in, reverse, parameters, mm);
        return new SimpleRnnLayer(where, prefix, (Layer.SimpleRnn) r, in, reverse, parameters, mm);
    }

    void useRandom(SeededRandom r) {
        this.random = r;
    }

    private SeededRandom random() {
        if (random == null) throw new IllegalStateException("dropout in training mode needs a training session's random stream");
        return random;
    }

    /** Outputs of the batch: {@code [size * steps, outputs]} (per-step head) or {@code [size, outputs]} (last-step head). */
    float[] forward(Batch batch, boolean training, boolean carry) {
        float[] x = input.forward(batch);
        int steps = batch.steps();
        for (PureLayer layer : layers) {
            x = layer.forward(x, batch.size(), steps, training, carry);
            steps = layer.outputSteps(steps);
        }
        logitRows = batch.size() * steps;
        return x;
    }

    /** Rows of the last outputs. */
    int logitRows() {
        return logitRows;
    }

    /** Back-propagates {@code dOutputs} (the layout of the last forward's outputs), adding to the parameter gradients. */
    void backward(float[] dOutputs) {
        float[] d = dOutputs;
        for (int i = layers.size() - 1; i >= 0; i--) d = layers.get(i).backward(d, i > 0 || input.trainable());
        input.backward(d);
    }

    /** The first layer that cannot run step by step, with the reason, or null for a causal network. */
    String nonCausal() {
        for (PureLayer l : layers) {
            String why = l.nonCausalReason();
            if (why != null) return l.where + ": " + why;
        }
        return null;
    }
}
