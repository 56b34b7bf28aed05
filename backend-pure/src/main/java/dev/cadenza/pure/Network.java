package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * The layers of one {@link ModelSpec} wired together: forward in training or inference mode, the loss and its
 * gradient, backward into the parameter gradients. Single-threaded at this level (GEMMs inside use both cores).
 */
final class Network {
    final ModelSpec spec;
    final Parameters parameters;
    final InputStage input;
    final List<PureLayer> layers = new ArrayList<>();
    final Matmul mm;
    /** The training random stream (dropout masks); set by the training session that drives the network. */
    private SeededRandom random;
    private float[] dLogits;
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

    /** Logits of the batch: {@code [size * steps, classes]} (per-step head) or {@code [size, classes]} (last-step head). */
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

    /** Rows of the last logits. */
    int logitRows() {
        return logitRows;
    }

    /**
     * Loss of the last forward pass against the batch's targets, summed (weighted by the mask); adds the gradients of
     * {@code scale} times that sum to the parameter gradients.
     */
    double backward(float[] logits, Batch batch, double scale) {
        checkTargets(batch);
        int classes = spec.classes();
        dLogits = PureLayer.sized(dLogits, logitRows * classes);
        double loss = SoftmaxCrossEntropy.lossAndGradient(mm.kernels(), logits, logitRows, classes, batch.targets(),
                spec.head() == ModelSpec.Head.PER_STEP ? batch.mask() : null, scale, dLogits);
        float[] d = dLogits;
        for (int i = layers.size() - 1; i >= 0; i--) d = layers.get(i).backward(d, i > 0 || input.trainable());
        input.backward(d);
        return loss;
    }

    /** Checks that the batch's targets fit the head. */
    void checkTargets(Batch batch) {
        if (batch.targets() == null) throw new IllegalArgumentException("batch: training and evaluation need targets");
        boolean perStep = spec.head() == ModelSpec.Head.PER_STEP;
        int expected = perStep ? batch.size() * batch.steps() : batch.size();
        if (batch.targets().length != expected)
            throw new IllegalArgumentException("batch: the model has a " + (perStep ? "per-step" : "last-step")
                    + " head, so it needs " + expected + " targets (" + (perStep ? "size * steps" : "size")
                    + "), the batch has " + batch.targets().length);
    }

    /** Number of predictions the loss averages over (the head decides; see {@link Batch#predictedTokens}). */
    double predictedTokens(Batch batch) {
        return batch.predictedTokens(spec.head());
    }

    /** The steps [from, to) of every sequence of a per-step batch, with its targets and mask. */
    static Batch slice(Batch b, int from, int to, boolean perStepTargets) {
        int n = to - from;
        int[] tokens = b.tokens() == null ? null : new int[b.size() * n];
        float[] features = b.features() == null ? null : new float[b.size() * n * b.featureWidth()];
        int[] targets = b.targets() == null ? null : perStepTargets ? new int[b.size() * n] : b.targets();
        float[] mask = b.mask() == null ? null : new float[b.size() * n];
        for (int i = 0; i < b.size(); i++) {
            int src = i * b.steps() + from, dst = i * n;
            if (tokens != null) System.arraycopy(b.tokens(), src, tokens, dst, n);
            if (features != null)
                System.arraycopy(b.features(), src * b.featureWidth(), features, dst * b.featureWidth(), n * b.featureWidth());
            if (perStepTargets && targets != null) System.arraycopy(b.targets(), src, targets, dst, n);
            if (mask != null) System.arraycopy(b.mask(), src, mask, dst, n);
        }
        return new Batch(b.size(), n, tokens, features, b.featureWidth(), targets, mask);
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
