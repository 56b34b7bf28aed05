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
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ModelSpec} as DJL blocks on one manager, with the canonical weight mapping of every parameter. */
final class DjlNetwork {
    private final ModelSpec spec;
    private final EmbeddingBlock embedding;
    private final List<DjlLayer> layers = new ArrayList<>();
    private final List<MappedParameter> parameters = new ArrayList<>();
    private final List<Parameter> zeroParameters = new ArrayList<>();

    DjlNetwork(ModelSpec spec, NDManager manager) {
        this.spec = spec;
        Map<String, ParameterSpec> canonical = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) canonical.put(p.name(), p);
        if (spec.input() instanceof Input.Embedding e) {
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
            else if (layer instanceof Layer.Dropout d) mapped = new DropoutLayer(d);
            else mapped = new DenseLayer((Layer.Dense) layer, in, manager, prefix, canonical);
            layers.add(mapped);
            parameters.addAll(mapped.parameters());
            zeroParameters.addAll(mapped.zeroParameters());
        }
        for (MappedParameter p : parameters)
            if (p.canonical() == null || p.djl() == null) throw new IllegalStateException("DJL backend: unmapped parameter " + p);
    }

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

    /** The network's input for a batch: int64 ids (B, T) or float features (B, T, W), validated. */
    NDArray input(NDManager manager, Batch batch) {
        if (batch.tokens() != null) return tokens(manager, batch.tokens(), batch.size(), batch.steps());
        if (!(spec.input() instanceof Input.Features f))
            throw new IllegalArgumentException("batch: the model's input is " + spec.input() + ", which takes token ids, not features");
        if (batch.featureWidth() != f.width())
            throw new IllegalArgumentException("batch: features are " + batch.featureWidth() + " wide, the model's input takes " + f.width());
        return manager.create(batch.features(), new Shape(batch.size(), batch.steps(), f.width()));
    }

    /** Token ids shaped (rows, steps) as int64, each checked against the vocabulary. */
    NDArray tokens(NDManager manager, int[] tokens, int rows, int steps) {
        int vocabulary = spec.input().vocabularySize();
        if (vocabulary == 0)
            throw new IllegalArgumentException("batch: the model's input is " + spec.input() + ", which takes float features, not token ids");
        long[] ids = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabulary)
                throw new IllegalArgumentException("token " + tokens[i] + " at row " + i / steps + ", step " + i % steps
                        + " is outside the vocabulary [0, " + vocabulary + ")");
            ids[i] = tokens[i];
        }
        return manager.create(ids, new Shape(rows, steps));
    }

    /** The first layer's input from the network input (embedding lookup, one-hot, or the features themselves). */
    private NDArray embed(ParameterStore store, NDArray input, boolean training) {
        if (embedding != null) return embedding.forward(store, new NDList(input), training).singletonOrThrow();
        if (spec.input() instanceof Input.OneHot o) return input.oneHot(o.vocabularySize());
        return input;
    }

    /** Logits: (B, T, classes) for a per-step head, (B, classes) for a last-step head. */
    NDArray logits(ParameterStore store, NDArray input, boolean training) {
        NDArray x = embed(store, input, training);
        for (DjlLayer layer : layers) x = layer.forward(store, x, training);
        return x;
    }

    /** Logits of one chunk of a window, continuing from and updating the carried {@code memory}. */
    NDArray logits(ParameterStore store, NDArray input, boolean training, NDArray[][] memory, NDManager keep) {
        NDArray x = embed(store, input, training);
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).forward(store, x, training, memory[i], keep);
        return x;
    }

    /** One generation step: input (B, 1) ids or (B, 1, W) features, logits (B, classes). */
    NDArray step(ParameterStore store, NDArray input, NDArray[][] memory, NDManager keep) {
        NDArray x = embed(store, input, false);
        for (int i = 0; i < layers.size(); i++) x = layers.get(i).step(store, x, memory[i], keep);
        return x.reshape(x.getShape().get(0), x.getShape().get(2));
    }

    NDArray[][] newMemory() {
        NDArray[][] memory = new NDArray[layers.size()][];
        for (int i = 0; i < layers.size(); i++) memory[i] = new NDArray[layers.get(i).memorySize()];
        return memory;
    }

    /** Copies canonical weights into the DJL parameters (converting layouts) and zeroes the extra biases. */
    void load(Weights weights) {
        Weights checked = Weights.of(spec, weights.tensors());
        for (MappedParameter p : parameters) {
            Tensor t = checked.get(p.canonical().name());
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
