package dev.cadenza.dl4j;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.spi.EngineTrainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Training on DL4J through its external-errors route: a training-mode {@code feedForward} that keeps each layer's
 * input ({@code clearInputs = false}), then the back-propagation of the output gradient ({@link Dl4jNetwork#backward}), which runs
 * every layer's own backward pass from the gradient the caller computed (the network ends in a plain Dense layer, not
 * an output layer with a loss). One forward per step: dropout masks are drawn once, from ND4J's generator seeded from
 * the caller's {@link SeededRandom}, and reused by the backward pass.
 * <p>
 * DL4J writes each backward pass's gradient over its flat gradient vector; this class adds it to its own accumulator
 * so that micro-batches sum. BatchNorm's running statistics, which DL4J would move through its updater with the biased
 * batch variance, are updated here right after each training forward pass with the canonical unbiased update.
 */
final class Dl4jTrainer implements EngineTrainer {
    private final Dl4jModel model;
    private final ModelSpec spec;
    /** Names of the trainable canonical tensors, in the order of the spec's parameters. */
    private final List<ParameterSpec> trainable = new ArrayList<>();
    /** Sum of the flat DL4J gradients since {@link #zeroGradients()}, shaped like the parameter vector. */
    private final INDArray accumulated;
    /** Gradient of a conditioned embedding's table, which lives outside the network; null otherwise. */
    private final float[] tableGradient;
    private final List<Statistics> statistics = new ArrayList<>();
    private Dl4jNetwork last;
    /** The batch the network last ran: the caller's, or its one row twice (see {@link #forward}). */
    private Batch lastBatch;
    private boolean doubled;
    /** Whether the spec has a GRU (whose SameDiff backward fails on one row) and a BatchNorm layer. */
    private final boolean gru, batchNorm;
    private float[][] handedOut;
    /** The parameter vector {@link #handedOut} was read from, valid until the next forward pass changes running statistics. */
    private float[] handedFlat;

    /** One BatchNorm layer: its DL4J index and momentum. */
    private record Statistics(int layer, double momentum) {}

    Dl4jTrainer(Dl4jModel model) {
        this.model = model;
        this.spec = model.spec();
        for (ParameterSpec p : spec.parameters()) if (p.trainable()) trainable.add(p);
        INDArray params = model.network().params();
        this.accumulated = Nd4j.zeros(params.dataType(), params.shape());
        this.tableGradient = model.inputStage().table == null ? null : new float[model.inputStage().table.length];
        for (int i = 0; i < spec.layers().size(); i++)
            if (spec.layers().get(i) instanceof Layer.BatchNorm bn)
                statistics.add(new Statistics(NetworkTranslation.dl4jIndex(spec, i), bn.momentum()));
        this.gru = NetworkTranslation.lengthSpecific(spec);
        this.batchNorm = !statistics.isEmpty();
    }

    @Override
    public float[] forward(Batch batch, SeededRandom random, boolean carry) {
        if (carry) // Dl4jBackend.unsupported(ModelSpec, TrainingConfig) refuses truncated BPTT before a session starts
            throw new UnsupportedOperationException("DL4J backend: " + Dl4jBackend.TRUNCATED_BPTT);
        synchronized (model) {
            Nd4j.getRandom().setSeed(random.nextLong()); // dropout masks come from the session's own stream
            // SameDiff's backward of the unrolled GRU fails on a batch of one row (strided_slice_bp in M2.1): the row runs
            // twice and its copy gets a zero output gradient, which leaves every parameter gradient exact. Not with
            // BatchNorm, whose input gradient averages over the rows.
            doubled = gru && batch.size() == 1;
            if (doubled && batchNorm)
                throw new UnsupportedOperationException("DL4J backend: a training batch (or micro-batch) of one sequence through "
                        + "a GRU and BatchNorm is not supported: SameDiff's GRU backward fails on one row, and doubling the row "
                        + "would change BatchNorm's gradient; use micro-batches of at least 2 sequences");
            Batch run = doubled ? Batch.concat(List.of(batch.inputsOnly(), batch.inputsOnly())) : batch;
            Dl4jNetwork n = model.network(run.steps(), run.size());
            n.setInput(model.inputStage().forward(run));
            List<INDArray> activations = n.feedForward(true, false);
            updateStatistics(n);
            handedFlat = null;
            last = n;
            lastBatch = run;
            float[] outputs = model.outputs(activations.get(activations.size() - 1), run);
            return doubled ? Arrays.copyOf(outputs, outputs.length / 2) : outputs; // row 0 comes first in either head
        }
    }

    /**
     * running = m running + (1 - m) batch, with the unbiased batch variance (n / (n - 1)), from the input each BatchNorm
     * layer just normalised ([rows, channels] after DL4J's RnnToFeedForward preprocessor).
     */
    private void updateStatistics(MultiLayerNetwork n) {
        for (Statistics s : statistics) {
            org.deeplearning4j.nn.api.Layer layer = n.getLayer(s.layer());
            INDArray x = layer.input();
            double m = s.momentum();
            INDArray mean = x.mean(0);
            INDArray var = x.size(0) > 1 ? x.var(true, 0) : x.var(false, 0);
            INDArray runningMean = layer.getParam("mean"), runningVar = layer.getParam("var");
            runningMean.muli(m).addi(mean.reshape(runningMean.shape()).muli(1 - m));
            runningVar.muli(m).addi(var.reshape(runningVar.shape()).muli(1 - m));
        }
    }

    @Override
    public void backward(float[] outputGradient) {
        synchronized (model) {
            if (last == null) throw new IllegalStateException("backward before a training forward pass");
            Dl4jNetwork n = last;
            if (n.getFlattenedGradients() == null) n.initGradientsView();
            INDArray flat = n.getFlattenedGradients();
            flat.assign(0); // every layer writes its gradient views, but nothing stale may be summed
            INDArray epsilon = model.dl4jRows(doubled ? Arrays.copyOf(outputGradient, 2 * outputGradient.length) : outputGradient, lastBatch);
            INDArray inputGradient = model.quietBackward(n, () -> n.backward(epsilon)).getSecond();
            accumulated.addi(flat.reshape(accumulated.shape()));
            if (tableGradient != null) model.inputStage().backward(lastBatch, inputGradient, tableGradient);
            n.clear();
            last = null;
        }
    }

    @Override
    public void zeroGradients() {
        synchronized (model) {
            accumulated.assign(0);
            if (tableGradient != null) Arrays.fill(tableGradient, 0f);
        }
    }

    @Override
    public float[][] gradients() {
        synchronized (model) {
            return canonical(Dl4jModel.read(accumulated), tableGradient);
        }
    }

    @Override
    public float[][] trainableWeights() {
        synchronized (model) {
            handedFlat = Dl4jModel.read(model.network().params());
            handedOut = canonical(handedFlat, model.inputStage().table);
            return handedOut;
        }
    }

    @Override
    public void weightsUpdated() {
        synchronized (model) {
            if (handedOut == null) throw new IllegalStateException("weightsUpdated before trainableWeights");
            // The vector the weights were read from keeps the running statistics as they are, unless a forward pass moved them.
            float[] flat = handedFlat != null ? handedFlat : Dl4jModel.read(model.network().params());
            Map<String, Tensor> byName = new java.util.HashMap<>();
            for (int i = 0; i < trainable.size(); i++) {
                ParameterSpec p = trainable.get(i);
                byName.put(p.name(), new Tensor(p.name(), p.shape(), handedOut[i]));
            }
            model.layout().toFlat(byName::get, flat, true, "");
            model.setParameters(flat);
            handedFlat = null;
            // A conditioned embedding's table was handed out itself and changed in place.
        }
    }

    /** The trainable tensors of a flat DL4J vector, in canonical order; {@code table} stands for input.embedding if the table lives outside. */
    private float[][] canonical(float[] flat, float[] table) {
        Map<String, float[]> arrays = model.layout().trainableArrays(flat);
        float[][] out = new float[trainable.size()][];
        for (int i = 0; i < out.length; i++) {
            String name = trainable.get(i).name();
            out[i] = table != null && name.equals("input.embedding") ? table : arrays.get(name);
        }
        return out;
    }
}
