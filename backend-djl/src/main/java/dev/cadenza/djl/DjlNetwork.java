package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ModelSpec} as DJL blocks on one manager, with the canonical weight mapping of every parameter. Batches
 * arrive checked against the spec (by the api), so nothing here validates them again.
 */
final class DjlNetwork {
    private final ModelSpec spec;
    /** The token part of a conditioned input, or the input itself. */
    private final Input tokens;
    private final EmbeddingBlock embedding;
    private final List<DjlLayer> layers = new ArrayList<>();
    private final List<MappedParameter> parameters = new ArrayList<>();
    private final List<Parameter> zeroParameters = new ArrayList<>();
    /** The training random stream that dropout masks come from; set by the trainer before each training forward pass. */
    private SeededRandom random;

    DjlNetwork(ModelSpec spec, NDManager manager) {
        this.spec = spec;
        this.tokens = spec.input() instanceof Input.Conditioned c ? c.tokens() : spec.input();
        Map<String, ParameterSpec> canonical = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) canonical.put(p.name(), p);
        if (tokens instanceof Input.Embedding e) {
            embedding = new EmbeddingBlock(e.vocabularySize(), e.dimension());
            embedding.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
            parameters.add(new MappedParameter(canonical.get("input.embedding"), embedding.table(), Layout.IDENTITY));
        } else {
            embedding = null;
        }
        List<ModelSpec.Shape> shapes = spec.shapes();
        for (int i = 0; i < spec.layers().size(); i++) {
            Layer layer = spec.layers().get(i);
            String prefix = "layers." + i + ".";
            int in = spec.inputWidth(i);
            boolean sequence = i == 0 || shapes.get(i - 1).sequence();
            DjlLayer mapped;
            if (layer instanceof Layer.Recurrent r) mapped = new RecurrentLayer(r, in, manager, prefix, canonical);
            else if (layer instanceof Layer.Bidirectional b) mapped = new BidirectionalLayer(b, in, manager, prefix, canonical);
            else if (layer instanceof Layer.Conv1D c) mapped = new ConvLayer(c, in, manager, prefix, canonical);
            else if (layer instanceof Layer.BatchNorm n) mapped = new BatchNormLayer(n, in, sequence, manager, prefix, canonical);
            else if (layer instanceof Layer.Dropout d) mapped = new DropoutLayer(d, this::random);
            else mapped = new DenseLayer((Layer.Dense) layer, in, manager, prefix, canonical);
            layers.add(mapped);
            parameters.addAll(mapped.parameters());
            zeroParameters.addAll(mapped.zeroParameters());
        }
        List<String> mapped = parameters.stream().map(p -> p.canonical() == null ? null : p.canonical().name()).toList();
        List<String> expected = spec.parameters().stream().map(ParameterSpec::name).toList();
        if (!mapped.equals(expected) || parameters.stream().anyMatch(p -> p.djl() == null))
            throw new IllegalStateException("DJL backend: the DJL parameters map to " + mapped + ", the spec's canonical layout is " + expected);
    }

    /** Every canonical tensor with the DJL parameter holding it, in the order of {@link ModelSpec#parameters()}. */
    List<MappedParameter> parameters() {
        return parameters;
    }

    /** Every DJL parameter that receives a gradient: the mapped trainable ones and the fixed-zero ones. */
    List<Parameter> gradientParameters() {
        List<Parameter> all = new ArrayList<>();
        for (MappedParameter p : parameters) if (p.canonical().trainable()) all.add(p.djl());
        all.addAll(zeroParameters);
        return all;
    }

    void useRandom(SeededRandom r) {
        this.random = r;
    }

    private SeededRandom random() {
        if (random == null) throw new IllegalStateException("dropout in training mode needs a training session's random stream");
        return random;
    }

    /**
     * The first layer's input (B, T, width) for a batch: the embedding rows or one-hot vectors of its token ids
     * followed by the conditioning values of each step, or its features (feature and multi-hot inputs) as they are.
     */
    NDArray input(ParameterStore store, NDManager manager, Batch batch, boolean training) {
        int b = batch.size(), t = batch.steps();
        if (!spec.input().readsTokens()) return manager.create(batch.features(), new Shape(b, t, batch.featureWidth()));
        int[] ids = batch.tokens();
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) wide[i] = ids[i];
        NDArray x = manager.create(wide, new Shape(b, t));
        x = embedding != null ? embedding.forward(store, new NDList(x), training).singletonOrThrow()
                : x.oneHot(tokens.vocabularySize());
        if (batch.conditioning() == null) return x;
        return x.concat(manager.create(batch.conditioning(), new Shape(b, t, batch.conditioningWidth())), 2);
    }

    /** Outputs from the first layer's input: (B, T, outputs) for a per-step head, (B, outputs) for a last-step head. */
    NDArray forward(ParameterStore store, NDArray x, boolean training) {
        for (DjlLayer layer : layers) x = layer.forward(store, x, training);
        return x;
    }

    /** Outputs of one chunk of a window, continuing from and updating the carried {@code memory} (causal specs). */
    NDArray forward(ParameterStore store, NDArray x, boolean training, NDArray[][] memory, NDManager keep) {
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).forward(store, x, training, memory[i], keep);
        return x;
    }

    /**
     * Generation: inference outputs (B, T, outputs) of every step of {@code x} (B, T, width), continuing from and
     * updating {@code memory}; a last-step layer passes every step on, as each could be the last.
     */
    NDArray steps(ParameterStore store, NDArray x, NDArray[][] memory, NDManager keep) {
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).step(store, x, memory[i], keep);
        return x;
    }

    NDArray[][] newMemory() {
        NDArray[][] memory = new NDArray[layers.size()][];
        for (int i = 0; i < layers.size(); i++) memory[i] = new NDArray[layers.get(i).memorySize()];
        return memory;
    }

    /** Copies canonical weights (checked against the spec by the caller) into the DJL parameters and zeroes the extra biases. */
    void load(Weights weights) {
        for (MappedParameter p : parameters) {
            Tensor t = weights.get(p.canonical().name());
            p.djl().getArray().set(FloatBuffer.wrap(p.layout().toDjl(t.data(), t.shape())));
        }
        for (Parameter z : zeroParameters) {
            NDArray a = z.getArray();
            a.set(FloatBuffer.wrap(new float[Math.toIntExact(a.size())]));
        }
    }

    /** The current weights in the canonical layout. */
    Weights weights() {
        List<Tensor> tensors = new ArrayList<>();
        for (MappedParameter p : parameters) {
            int[] shape = p.canonical().shape();
            tensors.add(new Tensor(p.canonical().name(), shape, p.layout().toCanonical(p.djl().getArray().toFloatArray(), shape)));
        }
        return Weights.of(spec, tensors);
    }

    @Override
    public String toString() {
        return "DjlNetwork" + Arrays.toString(layers.toArray());
    }
}
