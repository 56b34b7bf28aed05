package dev.cadenza.testkit;

import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;

import java.util.EnumSet;
import java.util.Set;

/** The kinds of input, layer and loss a backend may support; the conformance suite covers each. */
public enum LayerKind {
    /** An {@link Input.Embedding} input. */
    EMBEDDING,
    /** An {@link Input.OneHot} input. */
    ONE_HOT,
    /** An {@link Input.Features} input. */
    FEATURES,
    /** An {@link Input.MultiHot} input (piano-roll frames). */
    MULTI_HOT,
    /** An {@link Input.Conditioned} input: tokens with a conditioning vector beside them. */
    CONDITIONED,
    /** A {@link Layer.SimpleRnn}. */
    SIMPLE_RNN,
    /** A {@link Layer.Gru}. */
    GRU,
    /** A {@link Layer.Lstm}. */
    LSTM,
    /** A {@link Layer.Bidirectional} wrapper (its recurrent layer counts as well). */
    BIDIRECTIONAL,
    /** A {@link Layer.Conv1D}. */
    CONV1D,
    /** A {@link Layer.BatchNorm}. */
    BATCH_NORM,
    /** A {@link Layer.Dropout}. */
    DROPOUT,
    /** A {@link Layer.Dense}. */
    DENSE,
    /** The softmax cross-entropy loss. */
    SOFTMAX,
    /** The sigmoid cross-entropy loss. */
    SIGMOID,
    /** The mean squared error loss. */
    REGRESSION;

    /**
     * Every kind a spec uses (a bidirectional layer also counts its wrapped recurrent kind; a conditioned input its
     * tokens').
     *
     * @param spec a spec
     * @return a new set of the kinds of its input, layers and loss
     */
    public static Set<LayerKind> of(ModelSpec spec) {
        Set<LayerKind> kinds = EnumSet.noneOf(LayerKind.class);
        Input input = spec.input();
        if (input instanceof Input.Conditioned c) {
            kinds.add(CONDITIONED);
            input = c.tokens();
        }
        kinds.add(input instanceof Input.Embedding ? EMBEDDING : input instanceof Input.OneHot ? ONE_HOT
                : input instanceof Input.MultiHot ? MULTI_HOT : FEATURES);
        kinds.add(switch (spec.loss()) {
            case SOFTMAX_CROSS_ENTROPY -> SOFTMAX;
            case SIGMOID_CROSS_ENTROPY -> SIGMOID;
            case MEAN_SQUARED_ERROR -> REGRESSION;
        });
        for (Layer layer : spec.layers()) {
            if (layer instanceof Layer.Bidirectional b) {
                kinds.add(BIDIRECTIONAL);
                kinds.add(of(b.layer()));
            } else {
                kinds.add(of(layer));
            }
        }
        return kinds;
    }

    private static LayerKind of(Layer layer) {
        if (layer instanceof Layer.SimpleRnn) return SIMPLE_RNN;
        if (layer instanceof Layer.Gru) return GRU;
        if (layer instanceof Layer.Lstm) return LSTM;
        if (layer instanceof Layer.Conv1D) return CONV1D;
        if (layer instanceof Layer.BatchNorm) return BATCH_NORM;
        if (layer instanceof Layer.Dropout) return DROPOUT;
        if (layer instanceof Layer.Dense) return DENSE;
        return BIDIRECTIONAL;
    }
}
