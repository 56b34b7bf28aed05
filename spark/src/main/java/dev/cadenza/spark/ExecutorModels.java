package dev.cadenza.spark;

import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * The models an executor JVM keeps between tasks, so that each step of a run builds no engine model: a pool of training
 * models per (engine, spec, training configuration), one per task running at once (a model trains one batch at a
 * time), and one generation model per (engine, checkpoint), which serves concurrent generations (each with its own
 * state). Engines are found once per JVM with {@link Cadenza#discover()}, through the class loader that holds the
 * application's jars.
 */
final class ExecutorModels {
    private static volatile Cadenza cadenza;
    private static final Map<TrainingKey, Queue<Trainee>> POOLS = new ConcurrentHashMap<>();
    private static final Map<TrainingKey, ModelSpec> SPECS = new ConcurrentHashMap<>();
    private static final Map<String, Cadenza.LoadedModel> GENERATORS = new ConcurrentHashMap<>();

    private ExecutorModels() {}

    /** The plug-ins found on this JVM's class path. */
    static Cadenza cadenza() {
        Cadenza c = cadenza;
        if (c == null) {
            synchronized (ExecutorModels.class) {
                if (cadenza == null) cadenza = Cadenza.discover();
                c = cadenza;
            }
        }
        return c;
    }

    /** The engine of that name, or the default one (system property, environment, priority) when blank. */
    static Backend backend(String name) {
        return name == null || name.isBlank() ? cadenza().backend() : cadenza().backend(name);
    }

    /** Which training models can serve a task: same engine, spec and training configuration (as JSON). */
    record TrainingKey(String backend, String spec, String config) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A model with the training session that computes its gradients. */
    record Trainee(SequenceModel model, TrainingSession session) {}

    static ModelSpec spec(TrainingKey key) {
        return SPECS.computeIfAbsent(key, k -> ModelJson.spec(k.spec()));
    }

    /** A training model of {@code key} that no other task uses until it is {@link #giveBack given back}. */
    static Trainee borrow(TrainingKey key) {
        Trainee t = POOLS.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
        if (t != null) return t;
        SequenceModel model = backend(key.backend()).create(spec(key), 0L);
        return new Trainee(model, model.train(ModelJson.config(key.config())));
    }

    static void giveBack(TrainingKey key, Trainee trainee) {
        POOLS.get(key).add(trainee);
    }

    /** Weights of {@code spec} from arrays in the order of its parameters, as {@link #arrays} gives them. */
    static Weights weights(ModelSpec spec, float[][] arrays) {
        List<ParameterSpec> params = spec.parameters();
        if (arrays.length != params.size())
            throw new IllegalArgumentException("weights: " + arrays.length + " arrays for the " + params.size() + " parameters of the spec");
        List<Tensor> tensors = new ArrayList<>(params.size());
        for (int i = 0; i < arrays.length; i++) tensors.add(new Tensor(params.get(i).name(), params.get(i).shape(), arrays[i]));
        return Weights.of(spec, tensors);
    }

    /** Every parameter's values, in the order of the spec's parameters. */
    static float[][] arrays(ModelSpec spec, Weights weights) {
        List<ParameterSpec> params = spec.parameters();
        float[][] out = new float[params.size()][];
        for (int i = 0; i < out.length; i++) out[i] = weights.get(params.get(i).name()).data();
        return out;
    }

    /** The model of a checkpoint on an engine, read once per JVM from its bytes (keyed by their SHA-256). */
    static Cadenza.LoadedModel generator(String backend, String checkpointSha, Supplier<byte[]> bytes) {
        return GENERATORS.computeIfAbsent(backend + "@" + checkpointSha, k -> {
            try {
                Checkpoint c = Checkpoint.read(new ByteArrayInputStream(bytes.get()));
                dev.cadenza.token.Tokenizer<?> tokenizer = null;
                if (c.tokenizer() != null)
                    tokenizer = cadenza().tokenizer(c.tokenizer().name()).restore(c.tokenizer().config(), c.tokenizer().vocabulary());
                return new Cadenza.LoadedModel(backend(backend).create(c.spec(), c.weights()), tokenizer, c);
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint " + checkpointSha + ": " + e.getMessage(), e);
            }
        });
    }
}
