package dev.cadenza.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A backend-neutral description of a network: an {@link Input}, then layers, ending in a linear {@link Layer.Dense}
 * whose outputs the {@link Loss} reads (softmax logits, sigmoid logits of independent labels, or regression values).
 * The head is per step when the time axis survives to the end, and from the last step when a recurrent layer keeps
 * only its last step.
 * <p>
 * The constructor validates the whole stack and rejects an impossible spec with a message naming the layer.
 * The canonical weight layout is {@link #parameters()}; see FORMAT.md.
 *
 * @param input what the network reads at each step (token ids, features, multi-hot frames)
 * @param layers the layers in order, the last a linear {@link Layer.Dense}; copied
 * @param loss how the outputs are scored; null for {@link Loss#SOFTMAX_CROSS_ENTROPY}
 */
public record ModelSpec(Input input, List<Layer> layers, Loss loss) {

    /** Where the loss reads predictions: every step (language models) or the last step (classification). */
    public enum Head {
        /** A prediction at every step ({@code size * steps} target rows): next-token and per-frame models. */
        PER_STEP,
        /** One prediction per sequence, from its last step ({@code size} target rows): sequence classification. */
        LAST_STEP
    }

    /**
     * Validates the stack: at least one layer, sequence layers fed a sequence, a linear Dense last, and a per-step head
     * whose convolutions keep the sequence length.
     *
     * @param input what the network reads at each step, not null
     * @param layers the layers in order, not null; copied
     * @param loss null for softmax cross-entropy
     * @throws IllegalArgumentException naming the first layer that makes the spec impossible
     */
    public ModelSpec {
        Objects.requireNonNull(input, "input");
        layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
        loss = loss == null ? Loss.SOFTMAX_CROSS_ENTROPY : loss;
        validate(input, layers);
    }

    /**
     * A softmax classifier or language model (the loss of every spec before version 2 of the format).
     *
     * @param input what the network reads at each step
     * @param layers the layers in order, the last a linear Dense
     * @throws IllegalArgumentException naming the first layer that makes the spec impossible
     */
    public ModelSpec(Input input, List<Layer> layers) {
        this(input, layers, Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * A spec with softmax cross-entropy; {@link #withLoss} chooses another loss.
     *
     * @param input what the network reads at each step
     * @param layers the layers in order, the last a linear Dense
     * @return the spec
     * @throws IllegalArgumentException naming the first layer that makes the spec impossible
     */
    public static ModelSpec of(Input input, Layer... layers) {
        return new ModelSpec(input, List.of(layers), Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /**
     * The same network scored by {@code newLoss}.
     *
     * @param newLoss the loss; it must fit the output width (one class per output for softmax, say) when trained
     * @return a new spec with the same input and layers
     */
    public ModelSpec withLoss(Loss newLoss) {
        return new ModelSpec(input, layers, newLoss);
    }

    /**
     * The shape after one layer: whether a time axis is left, and the feature width.
     *
     * @param sequence true while a time axis is left (every step is output), false after a last-step recurrent layer
     * @param width features per step (or per sequence)
     */
    public record Shape(boolean sequence, int width) {}

    private static void validate(Input input, List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("model spec: at least one layer (a Dense output) is needed");
        Shape shape = new Shape(true, input.width());
        boolean lengthChanged = false;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = "layer " + i + " (" + layer.describe() + ")";
            boolean needsSequence = layer instanceof Layer.Recurrent || layer instanceof Layer.Bidirectional
                    || layer instanceof Layer.Conv1D;
            if (needsSequence && !shape.sequence())
                throw new IllegalArgumentException(where + ": needs a sequence input, but an earlier recurrent layer "
                        + "keeps only its last step; set returnSequences = true on it");
            if (layer instanceof Layer.Conv1D c && (c.stride() != 1 || c.padding() == Layer.Padding.VALID))
                lengthChanged = true;
            shape = next(shape, layer);
        }
        Layer last = layers.get(layers.size() - 1);
        if (!(last instanceof Layer.Dense d) || d.activation() != Activation.LINEAR)
            throw new IllegalArgumentException("layer " + (layers.size() - 1) + " (" + last.describe()
                    + "): the last layer must be a linear Dense producing the outputs the loss reads (softmax and sigmoid "
                    + "are part of the loss)");
        if (shape.sequence() && lengthChanged)
            throw new IllegalArgumentException("model spec: a per-step head needs every Conv1D to keep the sequence "
                    + "length (stride 1, CAUSAL or SAME padding); end with a last-step recurrent layer to classify");
    }

    private static Shape next(Shape in, Layer layer) {
        if (layer instanceof Layer.Recurrent r) return new Shape(r.returnSequences(), r.units());
        if (layer instanceof Layer.Bidirectional b) return new Shape(b.layer().returnSequences(), b.outputWidth());
        if (layer instanceof Layer.Conv1D c) return new Shape(true, c.filters());
        if (layer instanceof Layer.Dense d) return new Shape(in.sequence(), d.units());
        return in; // BatchNorm, Dropout
    }

    /**
     * Output shape of each layer, index-aligned with {@link #layers()}.
     *
     * @return one shape per layer
     */
    public List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>(layers.size());
        Shape shape = new Shape(true, input.width());
        for (Layer layer : layers) {
            shape = next(shape, layer);
            shapes.add(shape);
        }
        return shapes;
    }

    /**
     * Input width of layer {@code i}.
     *
     * @param i the layer's index in {@link #layers()}
     * @return the width of what the layer reads: the input's width for layer 0, else the previous layer's output width
     */
    public int inputWidth(int i) {
        return i == 0 ? input.width() : shapes().get(i - 1).width();
    }

    /**
     * Outputs per prediction: classes (softmax), labels (sigmoid) or values (regression); the final Dense's width.
     *
     * @return the output width, at least 1
     */
    public int outputs() {
        return ((Layer.Dense) layers.get(layers.size() - 1)).units();
    }

    /**
     * Where the loss reads predictions, decided by the last layer's shape.
     *
     * @return {@link Head#PER_STEP} when the time axis survives to the end, else {@link Head#LAST_STEP}
     */
    public Head head() {
        return shapes().get(layers.size() - 1).sequence() ? Head.PER_STEP : Head.LAST_STEP;
    }

    /**
     * True when the output at step t depends only on steps up to t, so the model can generate token by token:
     * no bidirectional layer and only causal, stride-1 convolutions.
     *
     * @return true when no layer looks ahead in time
     */
    public boolean causal() {
        return nonCausalLayer() == null;
    }

    /**
     * The first layer that looks ahead in time, with the reason ("layer 1 (Bidirectional(...)): reads the sequence
     * backwards"), or null.
     *
     * @return the reason, or null when the spec is causal
     */
    public String nonCausalLayer() {
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            String where = "layer " + i + " (" + layer.describe() + "): ";
            if (layer instanceof Layer.Bidirectional) return where + "it reads the sequence backwards as well";
            if (layer instanceof Layer.Conv1D c && c.padding() != Layer.Padding.CAUSAL)
                return where + "its " + c.padding() + " padding looks ahead in time";
            if (layer instanceof Layer.Conv1D c && c.stride() != 1) return where + "its stride " + c.stride() + " skips steps";
        }
        return null;
    }

    /**
     * Checks that {@code batch}'s inputs fit this spec's input: the kind (tokens or features), the widths, every token
     * id within the vocabulary, multi-hot frames of 0 and 1, finite floats. The message names the row and step.
     *
     * @param batch the batch to check; its targets are not looked at
     * @throws IllegalArgumentException naming the first row and step that does not fit
     */
    public void checkInputs(Batch batch) {
        BatchRules.inputs(this, batch);
    }

    /**
     * Checks that {@code batch}'s targets fit this spec's head and loss: class ids or value rows, one row per step or per
     * sequence, the width of the outputs. Ranges (class ids, labels in [0, 1], finite values) are checked as the loss
     * reads them.
     *
     * @param batch the batch to check
     * @throws IllegalArgumentException when the batch has no targets or they do not fit
     */
    public void checkTargets(Batch batch) {
        BatchRules.targets(this, batch);
    }

    /**
     * The canonical weight layout, in a fixed order. Names are {@code input.embedding} and {@code layers.i.*}.
     *
     * @return the parameters in the canonical order: the embedding, then each layer's tensors; a new list
     */
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> out = new ArrayList<>();
        Input tokens = input instanceof Input.Conditioned c ? c.tokens() : input;
        if (tokens instanceof Input.Embedding e)
            out.add(new ParameterSpec("input.embedding", new int[] {e.vocabularySize(), e.dimension()},
                    ParameterSpec.Role.EMBEDDING, true));
        for (int i = 0; i < layers.size(); i++) {
            String prefix = "layers." + i + ".";
            int in = inputWidth(i);
            Layer layer = layers.get(i);
            if (layer instanceof Layer.Recurrent r) {
                recurrent(out, prefix, r, in);
            } else if (layer instanceof Layer.Bidirectional b) {
                recurrent(out, prefix + "forward.", b.layer(), in);
                recurrent(out, prefix + "backward.", b.layer(), in);
            } else if (layer instanceof Layer.Conv1D c) {
                out.add(new ParameterSpec(prefix + "kernel", new int[] {c.kernelSize(), in, c.filters()}, ParameterSpec.Role.KERNEL, true));
                out.add(new ParameterSpec(prefix + "bias", new int[] {c.filters()}, ParameterSpec.Role.BIAS, true));
            } else if (layer instanceof Layer.BatchNorm) {
                out.add(new ParameterSpec(prefix + "gamma", new int[] {in}, ParameterSpec.Role.GAMMA, true));
                out.add(new ParameterSpec(prefix + "beta", new int[] {in}, ParameterSpec.Role.BETA, true));
                out.add(new ParameterSpec(prefix + "running_mean", new int[] {in}, ParameterSpec.Role.RUNNING_MEAN, false));
                out.add(new ParameterSpec(prefix + "running_variance", new int[] {in}, ParameterSpec.Role.RUNNING_VARIANCE, false));
            } else if (layer instanceof Layer.Dense d) {
                out.add(new ParameterSpec(prefix + "kernel", new int[] {in, d.units()}, ParameterSpec.Role.KERNEL, true));
                out.add(new ParameterSpec(prefix + "bias", new int[] {d.units()}, ParameterSpec.Role.BIAS, true));
            }
        }
        return out;
    }

    private static void recurrent(List<ParameterSpec> out, String prefix, Layer.Recurrent r, int in) {
        int h = r.units();
        int gh = r.gates() * h;
        out.add(new ParameterSpec(prefix + "kernel", new int[] {in, gh}, ParameterSpec.Role.KERNEL, true));
        out.add(new ParameterSpec(prefix + "recurrent_kernel", new int[] {h, gh}, ParameterSpec.Role.RECURRENT_KERNEL, true));
        if (r instanceof Layer.Gru) {
            out.add(new ParameterSpec(prefix + "input_bias", new int[] {gh}, ParameterSpec.Role.INPUT_BIAS, true));
            out.add(new ParameterSpec(prefix + "recurrent_bias", new int[] {gh}, ParameterSpec.Role.RECURRENT_BIAS, true));
        } else {
            out.add(new ParameterSpec(prefix + "bias", new int[] {gh}, ParameterSpec.Role.BIAS, true));
        }
    }

    /**
     * Total number of parameters, running statistics included (Keras counts them too).
     *
     * @return the number of floats in all parameters
     */
    public long parameterCount() {
        long n = 0;
        for (ParameterSpec p : parameters()) n += p.size();
        return n;
    }

    /**
     * A readable multi-line summary, one line per layer with its output width and parameter count.
     *
     * @return the summary, lines separated by the platform's line separator
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("input ").append(input).append('\n');
        List<Shape> shapes = shapes();
        List<ParameterSpec> params = parameters();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = "layers." + i + ".";
            long n = params.stream().filter(p -> p.name().startsWith(prefix)).mapToLong(ParameterSpec::size).sum();
            sb.append(String.format("%2d %-44s %s%-6d params %d%n", i, layers.get(i).describe(),
                    shapes.get(i).sequence() ? "[T, " : "[", shapes.get(i).width(), n));
        }
        sb.append("total parameters ").append(parameterCount()).append(", head ").append(head()).append(", loss ").append(loss);
        return sb.toString();
    }
}
