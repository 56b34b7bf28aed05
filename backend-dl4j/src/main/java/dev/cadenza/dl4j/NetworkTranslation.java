package dev.cadenza.dl4j;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a {@link ModelSpec} into one DL4J {@link MultiLayerConfiguration}: one DL4J layer per spec layer (plus an
 * {@code EmbeddingSequenceLayer} first for a plain embedding input), data in DL4J's NCW layout ([batch, channels, time]),
 * and the binding of each canonical tensor to a DL4J parameter. The network ends in a plain {@code DenseLayer} with the
 * identity activation, not an output layer: it produces the outputs the losses above the engine read, and training
 * back-propagates the gradient the caller gives through {@code MultiLayerNetwork.backpropGradient}.
 * <p>
 * A conditioned input enters as features: its embedding (kept outside the network, see {@link InputStage}) or one-hot
 * vector and the conditioning values, concatenated in Java, since DL4J's embedding layer cannot take extra values.
 */
final class NetworkTranslation {
    /** How a canonical tensor's elements land in its DL4J parameter. */
    enum Binding {
        /** Same [rows, cols] (or [n]) indices. */
        SAME,
        /** Columns in LSTM gate blocks: canonical i,f,g,o is DL4J g,f,o,i. */
        LSTM_GATES,
        /** The flat buffer copied as is (Conv1D: DL4J reads its W buffer as [k, in, out], the canonical layout). */
        VERBATIM
    }

    /** One canonical tensor bound to the DL4J parameter {@code key} ("2_W", "1_fRW"). */
    record Bound(ParameterSpec parameter, String key, Binding binding) {}

    /** Canonical LSTM gate q (i, f, g, o) sits in DL4J block {@code LSTM_BLOCK[q]} (DL4J order g, f, o, i). */
    static final int[] LSTM_BLOCK = {3, 1, 0, 2};

    private NetworkTranslation() {}

    /**
     * What of {@code spec} DL4J cannot compute exactly; one message per input, layer or loss. Every input, layer and loss
     * of the model contract has an exact translation (losses are computed above the engine from the linear outputs),
     * so the list is empty; it stays the one place to add a refusal.
     */
    static List<String> unsupported(ModelSpec spec) {
        return new ArrayList<>();
    }

    /** True when the spec has a GRU, whose DL4J layer is unrolled over a fixed number of steps. */
    static boolean lengthSpecific(ModelSpec spec) {
        for (Layer layer : spec.layers())
            if (layer instanceof Layer.Gru || (layer instanceof Layer.Bidirectional b && b.layer() instanceof Layer.Gru)) return true;
        return false;
    }

    /**
     * The configuration for {@code spec} on sequences of {@code steps} steps (only GRU layers depend on it); call
     * only when {@link #unsupported} is empty.
     */
    static MultiLayerConfiguration configuration(ModelSpec spec, int steps) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .dataType(DataType.FLOAT)
                .updater(new NoOp()) // Cadenza runs its own optimizer step on the flat parameter vector
                .weightInit(WeightInit.ZERO) // overwritten by the canonical weights at once
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        int index = 0;
        if (spec.input() instanceof Input.Embedding e) { // a conditioned embedding is looked up outside (InputStage)
            list.layer(index++, new EmbeddingSequenceLayer.Builder().nIn(e.vocabularySize()).nOut(e.dimension())
                    .hasBias(false).outputDataFormat(RNNFormat.NCW).build());
        }
        // Where the data is: 3D [B, C, T] (sequence), 2D rows of a sequence (after RnnToFeedForward), or plain 2D.
        Format format = Format.SEQUENCE;
        List<Layer> layers = spec.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            int in = spec.inputWidth(i);
            if (layer instanceof Layer.Gru g) {
                format = toSequence(list, index, format);
                list.layer(index, new CanonicalGruLayer(in, g.units(), steps, g.returnSequences(), 0));
                format = g.returnSequences() ? Format.SEQUENCE : Format.FLAT;
            } else if (layer instanceof Layer.Bidirectional b && b.layer() instanceof Layer.Gru g) {
                format = toSequence(list, index, format);
                list.layer(index, new CanonicalGruLayer(in, g.units(), steps, g.returnSequences(), b.merge() == Layer.Merge.CONCAT ? 1 : 2));
                format = g.returnSequences() ? Format.SEQUENCE : Format.FLAT;
            } else if (layer instanceof Layer.Recurrent r) {
                format = toSequence(list, index, format);
                list.layer(index, r.returnSequences() ? recurrent(r, in) : new LastTimeStep(recurrent(r, in)));
                format = r.returnSequences() ? Format.SEQUENCE : Format.FLAT;
            } else if (layer instanceof Layer.Bidirectional b && !b.layer().returnSequences()) {
                // DL4J's LastTimeStep would take the backward direction after one step of it; the next layer's input
                // preprocessor takes each direction's final state instead (forward at the last step, backward at the first).
                format = toSequence(list, index, format);
                list.layer(index, new Bidirectional(Bidirectional.Mode.CONCAT, recurrent(b.layer(), in)));
                list.inputPreProcessor(index + 1, new BidirectionalFinalStates(b.layer().units(), b.merge() == Layer.Merge.SUM));
                format = Format.FLAT;
            } else if (layer instanceof Layer.Bidirectional b) {
                format = toSequence(list, index, format);
                list.layer(index, new Bidirectional(b.merge() == Layer.Merge.CONCAT ? Bidirectional.Mode.CONCAT
                        : Bidirectional.Mode.ADD, recurrent(b.layer(), in)));
            } else if (layer instanceof Layer.Conv1D c) {
                format = toSequence(list, index, format);
                Convolution1DLayer.Builder conv = new Convolution1DLayer.Builder().kernelSize(c.kernelSize()).stride(c.stride());
                conv.setDilation(c.dilation());
                // DL4J's Same mode pads as TensorFlow does (the smaller half on the left); Truncate is VALID.
                ConvolutionMode mode = switch (c.padding()) {
                    case CAUSAL -> ConvolutionMode.Causal;
                    case SAME -> ConvolutionMode.Same;
                    case VALID -> ConvolutionMode.Truncate;
                };
                list.layer(index, conv.convolutionMode(mode).rnnDataFormat(RNNFormat.NCW)
                        .nIn(in).nOut(c.filters()).activation(activation(c.activation())).hasBias(true).build());
            } else if (layer instanceof Layer.BatchNorm bn) {
                // DL4J's BatchNormalization treats rank-3 input wrongly: it normalises rows of [B*T, C] instead.
                format = toRows(list, index, format);
                list.layer(index, new BatchNormalization.Builder().nIn(in).nOut(in).decay(bn.momentum()).eps(bn.epsilon())
                        .useLogStd(false).lockGammaBeta(false).build());
            } else if (layer instanceof Layer.Dropout d) {
                list.layer(index, new DropoutLayer.Builder(1 - d.rate()).build()); // DL4J's p is the retain probability
            } else if (layer instanceof Layer.Dense d) {
                // The final Dense too: a per-step head's outputs are rows t * batch + b of RnnToFeedForward.
                format = toRows(list, index, format);
                list.layer(index, new DenseLayer.Builder().nIn(in).nOut(d.units()).activation(activation(d.activation()))
                        .hasBias(true).build());
            } else {
                throw new IllegalArgumentException("layer " + i + " (" + layer.describe() + "): no DL4J translation");
            }
            index++;
        }
        return list.build();
    }

    private enum Format { SEQUENCE, ROWS, FLAT }

    private static Format toSequence(NeuralNetConfiguration.ListBuilder list, int index, Format format) {
        if (format == Format.ROWS) list.inputPreProcessor(index, new FeedForwardToRnnPreProcessor(RNNFormat.NCW));
        return format == Format.FLAT ? Format.FLAT : Format.SEQUENCE;
    }

    private static Format toRows(NeuralNetConfiguration.ListBuilder list, int index, Format format) {
        if (format == Format.SEQUENCE) {
            list.inputPreProcessor(index, new RnnToFeedForwardPreProcessor(RNNFormat.NCW));
            return Format.ROWS;
        }
        return format;
    }

    private static org.deeplearning4j.nn.conf.layers.Layer recurrent(Layer.Recurrent r, int in) {
        if (r instanceof Layer.Lstm)
            // DL4J's LSTM activation defaults to sigmoid; the canonical cell uses tanh for g and for the output.
            return new LSTM.Builder().nIn(in).nOut(r.units()).activation(org.nd4j.linalg.activations.Activation.TANH)
                    .gateActivationFunction(org.nd4j.linalg.activations.Activation.SIGMOID).dataFormat(RNNFormat.NCW).build();
        if (r instanceof Layer.SimpleRnn)
            return new SimpleRnn.Builder().nIn(in).nOut(r.units()).activation(org.nd4j.linalg.activations.Activation.TANH)
                    .dataFormat(RNNFormat.NCW).build();
        throw new IllegalArgumentException(r.describe() + " has no DL4J translation");
    }

    private static org.nd4j.linalg.activations.Activation activation(Activation a) {
        return switch (a) {
            case LINEAR -> org.nd4j.linalg.activations.Activation.IDENTITY;
            case RELU -> org.nd4j.linalg.activations.Activation.RELU;
            case TANH -> org.nd4j.linalg.activations.Activation.TANH;
            case SIGMOID -> org.nd4j.linalg.activations.Activation.SIGMOID;
        };
    }

    /** DL4J layer index of spec layer {@code i}. */
    static int dl4jIndex(ModelSpec spec, int i) {
        return spec.input() instanceof Input.Embedding ? i + 1 : i;
    }

    /** Whether the spec's embedding table lives outside the network (a conditioned embedding input). */
    static boolean embeddingOutside(ModelSpec spec) {
        return spec.input() instanceof Input.Conditioned c && c.tokens() instanceof Input.Embedding;
    }

    /**
     * Each canonical tensor, in canonical order, with the DL4J parameter it lives in; a conditioned input's embedding,
     * which lives outside the network, is left out.
     */
    static List<Bound> bindings(ModelSpec spec) {
        Map<String, Bound> out = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) {
            String[] parts = p.name().split("\\.");
            if (parts[0].equals("input") && embeddingOutside(spec)) continue;
            if (parts[0].equals("input")) {
                out.put(p.name(), new Bound(p, "0_W", Binding.SAME));
                continue;
            }
            int i = Integer.parseInt(parts[1]);
            int j = dl4jIndex(spec, i);
            Layer layer = spec.layers().get(i);
            String field = parts[parts.length - 1];
            if (layer instanceof Layer.Recurrent || layer instanceof Layer.Bidirectional) {
                Layer.Recurrent r = layer instanceof Layer.Recurrent rr ? rr : ((Layer.Bidirectional) layer).layer();
                String prefix = layer instanceof Layer.Bidirectional ? (parts[2].equals("forward") ? "f" : "b") : "";
                String key = r instanceof Layer.Gru ? switch (field) {
                    case "kernel" -> "Wx";
                    case "recurrent_kernel" -> "Wh";
                    case "input_bias" -> "bx";
                    case "recurrent_bias" -> "bh";
                    default -> throw new IllegalArgumentException("no DL4J parameter for " + p.name());
                } : switch (field) {
                    case "kernel" -> "W";
                    case "recurrent_kernel" -> "RW";
                    case "bias" -> "b";
                    default -> throw new IllegalArgumentException("no DL4J parameter for " + p.name());
                };
                out.put(p.name(), new Bound(p, j + "_" + prefix + key, r instanceof Layer.Lstm ? Binding.LSTM_GATES : Binding.SAME));
            } else if (layer instanceof Layer.Conv1D) {
                out.put(p.name(), new Bound(p, j + "_" + (field.equals("kernel") ? "W" : "b"),
                        field.equals("kernel") ? Binding.VERBATIM : Binding.SAME));
            } else if (layer instanceof Layer.BatchNorm) {
                String key = switch (field) {
                    case "gamma" -> "gamma";
                    case "beta" -> "beta";
                    case "running_mean" -> "mean";
                    case "running_variance" -> "var";
                    default -> throw new IllegalArgumentException("no DL4J parameter for " + p.name());
                };
                out.put(p.name(), new Bound(p, j + "_" + key, Binding.SAME));
            } else if (layer instanceof Layer.Dense) {
                out.put(p.name(), new Bound(p, j + "_" + (field.equals("kernel") ? "W" : "b"), Binding.SAME));
            } else {
                throw new IllegalArgumentException("no DL4J parameter for " + p.name());
            }
        }
        return new ArrayList<>(out.values());
    }
}
