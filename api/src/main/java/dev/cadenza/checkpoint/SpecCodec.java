package dev.cadenza.checkpoint;

import dev.cadenza.model.Activation;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Model specs and training configurations to and from the plain maps of the JSON manifest. */
public final class SpecCodec {
    private SpecCodec() {}

    /**
     * A spec as the manifest's {@code spec} object (FORMAT.md): the input, the layers and the loss, by name.
     *
     * @param spec the spec
     * @return a new map of JSON values (maps, lists, strings, numbers, booleans)
     */
    public static Map<String, Object> toMap(ModelSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", input(spec.input()));
        List<Object> layers = new ArrayList<>();
        for (Layer l : spec.layers()) layers.add(layer(l));
        m.put("layers", layers);
        m.put("loss", spec.loss().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return m;
    }

    /**
     * A spec from its manifest map; a version-1 spec, which has no loss field, is a softmax model.
     *
     * @param m the manifest's {@code spec} object, as parsed JSON
     * @return the spec, validated
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static ModelSpec spec(Map<String, Object> m) {
        Input input = input(map(m.get("input"), "spec.input"), "spec.input");
        List<Layer> layers = new ArrayList<>();
        if (!(m.get("layers") instanceof List<?> list)) throw new IllegalArgumentException("spec: missing 'layers'");
        for (int i = 0; i < list.size(); i++) layers.add(layer(map(list.get(i), "spec.layers[" + i + "]"), "spec.layers[" + i + "]"));
        Loss loss = Loss.SOFTMAX_CROSS_ENTROPY;
        if (m.get("loss") != null) {
            String name = str(m, "loss");
            try {
                loss = Loss.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec.loss: unknown loss '" + name + "' (expected softmax-cross-entropy, "
                        + "sigmoid-cross-entropy or mean-squared-error)");
            }
        }
        return new ModelSpec(input, layers, loss);
    }

    private static Input input(Map<String, Object> in, String where) {
        return switch (str(in, "type")) {
            case "embedding" -> new Input.Embedding(integer(in, "vocabularySize"), integer(in, "dimension"));
            case "one-hot" -> new Input.OneHot(integer(in, "vocabularySize"));
            case "features" -> new Input.Features(integer(in, "width"));
            case "multi-hot" -> new Input.MultiHot(integer(in, "labels"));
            case "conditioned" -> new Input.Conditioned(input(map(in.get("tokens"), where + ".tokens"), where + ".tokens"), integer(in, "width"));
            default -> throw new IllegalArgumentException(where + ": unknown type '" + in.get("type") + "'");
        };
    }

    private static Map<String, Object> input(Input input) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (input instanceof Input.Embedding e) {
            m.put("type", "embedding");
            m.put("vocabularySize", e.vocabularySize());
            m.put("dimension", e.dimension());
        } else if (input instanceof Input.OneHot o) {
            m.put("type", "one-hot");
            m.put("vocabularySize", o.vocabularySize());
        } else if (input instanceof Input.MultiHot h) {
            m.put("type", "multi-hot");
            m.put("labels", h.labels());
        } else if (input instanceof Input.Conditioned c) {
            m.put("type", "conditioned");
            m.put("tokens", input(c.tokens()));
            m.put("width", c.conditioningWidth());
        } else {
            m.put("type", "features");
            m.put("width", input.width());
        }
        return m;
    }

    private static Map<String, Object> layer(Layer layer) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (layer instanceof Layer.Recurrent r) {
            m.put("type", r instanceof Layer.Lstm ? "lstm" : r instanceof Layer.Gru ? "gru" : "simple-rnn");
            m.put("units", r.units());
            m.put("returnSequences", r.returnSequences());
        } else if (layer instanceof Layer.Bidirectional b) {
            m.put("type", "bidirectional");
            m.put("merge", b.merge().name().toLowerCase(Locale.ROOT));
            m.put("layer", layer(b.layer()));
        } else if (layer instanceof Layer.Conv1D c) {
            m.put("type", "conv1d");
            m.put("filters", c.filters());
            m.put("kernelSize", c.kernelSize());
            m.put("dilation", c.dilation());
            m.put("stride", c.stride());
            m.put("padding", c.padding().name().toLowerCase(Locale.ROOT));
            m.put("activation", c.activation().name().toLowerCase(Locale.ROOT));
        } else if (layer instanceof Layer.BatchNorm bn) {
            m.put("type", "batch-norm");
            m.put("momentum", bn.momentum());
            m.put("epsilon", bn.epsilon());
        } else if (layer instanceof Layer.Dropout d) {
            m.put("type", "dropout");
            m.put("rate", d.rate());
        } else if (layer instanceof Layer.Dense d) {
            m.put("type", "dense");
            m.put("units", d.units());
            m.put("activation", d.activation().name().toLowerCase(Locale.ROOT));
        }
        return m;
    }

    private static Layer layer(Map<String, Object> m, String where) {
        String type = str(m, "type");
        return switch (type) {
            case "lstm" -> new Layer.Lstm(integer(m, "units"), bool(m, "returnSequences"));
            case "gru" -> new Layer.Gru(integer(m, "units"), bool(m, "returnSequences"));
            case "simple-rnn" -> new Layer.SimpleRnn(integer(m, "units"), bool(m, "returnSequences"));
            case "bidirectional" -> {
                Layer inner = layer(map(m.get("layer"), where + ".layer"), where + ".layer");
                if (!(inner instanceof Layer.Recurrent r)) throw new IllegalArgumentException(where + ": bidirectional wraps a recurrent layer");
                yield new Layer.Bidirectional(r, Layer.Merge.valueOf(str(m, "merge").toUpperCase(Locale.ROOT)));
            }
            case "conv1d" -> new Layer.Conv1D(integer(m, "filters"), integer(m, "kernelSize"), integer(m, "dilation"),
                    integer(m, "stride"), Layer.Padding.valueOf(str(m, "padding").toUpperCase(Locale.ROOT)), activation(m));
            case "batch-norm" -> new Layer.BatchNorm(number(m, "momentum"), number(m, "epsilon"));
            case "dropout" -> new Layer.Dropout(number(m, "rate"));
            case "dense" -> new Layer.Dense(integer(m, "units"), activation(m));
            default -> throw new IllegalArgumentException(where + ": unknown layer type '" + type + "'");
        };
    }

    private static Activation activation(Map<String, Object> m) {
        return Activation.valueOf(str(m, "activation").toUpperCase(Locale.ROOT));
    }

    /**
     * A training configuration as the manifest's {@code training.config} object (FORMAT.md).
     *
     * @param c the configuration
     * @return a new map of JSON values
     */
    public static Map<String, Object> toMap(TrainingConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> o = new LinkedHashMap<>();
        Optimizer opt = c.optimizer();
        o.put("learningRate", opt.learningRate());
        if (opt instanceof Optimizer.Sgd s) {
            o.put("type", "sgd");
            o.put("momentum", s.momentum());
            o.put("nesterov", s.nesterov());
        } else if (opt instanceof Optimizer.RmsProp r) {
            o.put("type", "rmsprop");
            o.put("rho", r.rho());
            o.put("epsilon", r.epsilon());
        } else if (opt instanceof Optimizer.Adam a) {
            o.put("type", "adam");
            o.put("beta1", a.beta1());
            o.put("beta2", a.beta2());
            o.put("epsilon", a.epsilon());
        } else if (opt instanceof Optimizer.Nadam a) {
            o.put("type", "nadam");
            o.put("beta1", a.beta1());
            o.put("beta2", a.beta2());
            o.put("epsilon", a.epsilon());
        }
        m.put("optimizer", o);
        Map<String, Object> s = new LinkedHashMap<>();
        LearningRateSchedule sch = c.schedule();
        if (sch instanceof LearningRateSchedule.StepDecay d) {
            s.put("type", "step");
            s.put("every", d.every());
            s.put("factor", d.factor());
        } else if (sch instanceof LearningRateSchedule.ExponentialDecay d) {
            s.put("type", "exponential");
            s.put("decaySteps", d.decaySteps());
            s.put("decayRate", d.decayRate());
        } else if (sch instanceof LearningRateSchedule.InverseTimeDecay d) {
            s.put("type", "inverse-time");
            s.put("decay", d.decay());
        } else {
            s.put("type", "constant");
        }
        m.put("schedule", s);
        Map<String, Object> cl = new LinkedHashMap<>();
        if (c.clipping() instanceof GradientClipping.GlobalNorm g) {
            cl.put("type", "global-norm");
            cl.put("maxNorm", g.maxNorm());
        } else if (c.clipping() instanceof GradientClipping.Value v) {
            cl.put("type", "value");
            cl.put("limit", v.limit());
        } else {
            cl.put("type", "none");
        }
        m.put("clipping", cl);
        m.put("weightDecay", c.weightDecay());
        m.put("truncatedBptt", c.truncatedBptt());
        m.put("seed", c.seed());
        m.put("topK", c.topK());
        m.put("microBatchSize", c.microBatchSize());
        return m;
    }

    /**
     * A training configuration from its manifest map.
     *
     * @param m the manifest's {@code training.config} object, as parsed JSON
     * @return the configuration
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static TrainingConfig trainingConfig(Map<String, Object> m) {
        Map<String, Object> o = map(m.get("optimizer"), "training.config.optimizer");
        double lr = number(o, "learningRate");
        Optimizer opt = switch (str(o, "type")) {
            case "sgd" -> new Optimizer.Sgd(lr, number(o, "momentum"), bool(o, "nesterov"));
            case "rmsprop" -> new Optimizer.RmsProp(lr, number(o, "rho"), number(o, "epsilon"));
            case "adam" -> new Optimizer.Adam(lr, number(o, "beta1"), number(o, "beta2"), number(o, "epsilon"));
            case "nadam" -> new Optimizer.Nadam(lr, number(o, "beta1"), number(o, "beta2"), number(o, "epsilon"));
            default -> throw new IllegalArgumentException("training.config.optimizer: unknown type '" + o.get("type") + "'");
        };
        Map<String, Object> s = map(m.get("schedule"), "training.config.schedule");
        LearningRateSchedule schedule = switch (str(s, "type")) {
            case "step" -> new LearningRateSchedule.StepDecay(longValue(s, "every"), number(s, "factor"));
            case "exponential" -> new LearningRateSchedule.ExponentialDecay(longValue(s, "decaySteps"), number(s, "decayRate"));
            case "inverse-time" -> new LearningRateSchedule.InverseTimeDecay(number(s, "decay"));
            case "constant" -> LearningRateSchedule.constant();
            default -> throw new IllegalArgumentException("training.config.schedule: unknown type '" + s.get("type") + "'");
        };
        Map<String, Object> c = map(m.get("clipping"), "training.config.clipping");
        GradientClipping clipping = switch (str(c, "type")) {
            case "global-norm" -> GradientClipping.globalNorm(number(c, "maxNorm"));
            case "value" -> GradientClipping.value(number(c, "limit"));
            case "none" -> GradientClipping.none();
            default -> throw new IllegalArgumentException("training.config.clipping: unknown type '" + c.get("type") + "'");
        };
        return new TrainingConfig(opt, schedule, clipping, number(m, "weightDecay"), integer(m, "truncatedBptt"),
                longValue(m, "seed"), integer(m, "topK"), m.get("microBatchSize") == null ? 0 : integer(m, "microBatchSize"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map)) throw new IllegalArgumentException(where + ": expected a JSON object, found " + o);
        return (Map<String, Object>) o;
    }

    static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof String s)) throw new IllegalArgumentException("manifest: field '" + key + "' must be a string, found " + v);
        return s;
    }

    static int integer(Map<String, Object> m, String key) {
        return Math.toIntExact(longValue(m, key));
    }

    static long longValue(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("manifest: field '" + key + "' must be a number, found " + v);
        return n.longValue();
    }

    static double number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("manifest: field '" + key + "' must be a number, found " + v);
        return n.doubleValue();
    }

    static boolean bool(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException("manifest: field '" + key + "' must be true or false, found " + v);
        return b;
    }
}
