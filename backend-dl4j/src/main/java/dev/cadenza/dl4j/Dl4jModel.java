package dev.cadenza.dl4j;

import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineState;
import dev.cadenza.spi.EngineTrainer;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.layers.convolution.Convolution1DLayer;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model on DL4J: a {@link MultiLayerNetwork} built by {@link NetworkTranslation} whose flat parameter vector holds
 * the canonical weights (permuted as {@link ParameterLayout} says). Inference runs {@code output()}; generation runs
 * DL4J's own stepping with each generation's state set before and read back after every step; training is
 * {@link Dl4jTrainer}. Calls that touch the network are serialised on this object, because DL4J layers keep their last
 * input and recurrent state.
 */
final class Dl4jModel implements EngineModel {
    private final ModelSpec spec;
    /** The network that owns the parameters; for a spec with a GRU, the one unrolled over a single step. */
    private final Dl4jNetwork net;
    /**
     * Networks per sequence length and batch size (GRU specs only), all reading and writing {@code net}'s parameters:
     * SameDiff bakes the batch size into the GRU's gradient function (its strided_slice_bp fails on another size).
     */
    private final Map<Long, Dl4jNetwork> byShape = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Dl4jNetwork> eldest) {
            // Not closed: it shares the owner's parameters; ND4J frees the rest once it is unreachable.
            return size() > MAX_LENGTHS;
        }
    };
    private static final int MAX_LENGTHS = 12;
    private final boolean lengthSpecific;
    /** Whether {@code step} must run the layers one by one (convolution windows, GRU, last-step wrappers). */
    private final boolean stepByLayer;
    private final ParameterLayout layout;
    private final InputStage inputStage;
    private final LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    /** Networks whose SameDiff layers have built their gradient functions (after which SameDiff prints nothing). */
    private final java.util.Set<MultiLayerNetwork> gradientsBuilt = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private boolean closed;

    Dl4jModel(ModelSpec spec, Dl4jNetwork net, ParameterLayout layout) {
        this.spec = spec;
        this.net = net;
        this.layout = layout;
        this.inputStage = new InputStage(spec.input());
        this.lengthSpecific = NetworkTranslation.lengthSpecific(spec);
        boolean byLayer = false;
        for (dev.cadenza.model.Layer l : spec.layers())
            byLayer |= l instanceof dev.cadenza.model.Layer.Conv1D || l instanceof dev.cadenza.model.Layer.Gru
                    || (l instanceof dev.cadenza.model.Layer.Recurrent r && !r.returnSequences());
        this.stepByLayer = byLayer;
    }

    ModelSpec spec() {
        return spec;
    }

    ParameterLayout layout() {
        return layout;
    }

    InputStage inputStage() {
        return inputStage;
    }

    /** The network that owns the parameters. */
    Dl4jNetwork network() {
        return net;
    }

    /**
     * The network for a batch of {@code rows} sequences of {@code steps} steps: the owner itself, except for GRU specs,
     * whose unrolled layer needs one network per length (and SameDiff's gradient function one per batch size); those
     * share the owner's parameter vector (init without cloning it).
     */
    synchronized Dl4jNetwork network(int steps, int rows) {
        if (!lengthSpecific) return net;
        return byShape.computeIfAbsent((long) steps << 32 | rows, key -> {
            Dl4jNetwork n = new Dl4jNetwork(NetworkTranslation.configuration(spec, steps));
            n.init(net.params(), false);
            return n;
        });
    }

    /**
     * Runs a backward pass of {@code n}; its first one on a network with SameDiff layers (the GRU) runs with
     * {@link SameDiffNoise#quiet}, since SameDiff prints a line per differentiated op while it builds the gradient
     * function.
     */
    synchronized <T> T quietBackward(MultiLayerNetwork n, java.util.function.Supplier<T> backward) {
        if (!lengthSpecific || gradientsBuilt.contains(n)) return backward.get();
        T result = SameDiffNoise.quiet(backward);
        gradientsBuilt.add(n);
        return result;
    }

    @Override
    public synchronized Weights weights() {
        open();
        List<Tensor> tensors = new ArrayList<>(layout.toCanonical(read(net.params()), false, ""));
        if (inputStage.table != null) {
            ParameterSpec p = spec.parameters().get(0); // input.embedding comes first
            tensors.add(new Tensor(p.name(), p.shape(), inputStage.table.clone()));
        }
        return Weights.of(spec, tensors);
    }

    @Override
    public synchronized void loadWeights(Weights weights) {
        open();
        float[] flat = read(net.params());
        layout.toFlat(weights::get, flat, false, "");
        setParameters(flat);
        if (inputStage.table != null)
            System.arraycopy(weights.get("input.embedding").data(), 0, inputStage.table, 0, inputStage.table.length);
    }

    /**
     * The values of a contiguous vector as one Java array, copied once when it spans its whole buffer
     * ({@code toFloatVector} duplicates it first): the parameter and gradient vectors, millions of floats.
     */
    static float[] read(INDArray v) {
        boolean whole = v.offset() == 0 && v.data().length() == v.length() && v.elementWiseStride() == 1;
        return whole ? v.data().asFloat() : v.toFloatVector();
    }

    /** Replaces the whole flat parameter vector (every network of this model reads it). */
    synchronized void setParameters(float[] flat) {
        net.params().assign(Nd4j.createFromArray(flat).reshape(net.params().shape()));
    }

    @Override
    public synchronized float[] forward(Batch batch) {
        open();
        Dl4jNetwork n = network(batch.steps(), batch.size());
        INDArray out = n.output(inputStage.forward(batch), false);
        n.clear();
        return outputs(out, batch);
    }

    /**
     * The network's output in Cadenza's layout. A per-step head's final Dense reads the rows of DL4J's
     * RnnToFeedForward preprocessor, ordered t * batch + b; Cadenza's rows are b * steps + t.
     */
    float[] outputs(INDArray out, Batch batch) {
        int b = batch.size(), t = batch.steps();
        if (spec.head() == ModelSpec.Head.PER_STEP && t > 1 && b > 1)
            out = out.reshape('f', b, t, out.size(1));
        return Nd4j.toFlattened('c', out).toFloatVector();
    }

    /** The inverse of {@link #outputs}: a gradient in Cadenza's layout as DL4J's 2D rows. */
    INDArray dl4jRows(float[] values, Batch batch) {
        int b = batch.size(), t = batch.steps();
        int rows = spec.head() == ModelSpec.Head.PER_STEP ? b * t : b;
        int width = values.length / rows;
        INDArray g = Nd4j.createFromArray(values);
        if (spec.head() == ModelSpec.Head.PER_STEP && t > 1 && b > 1)
            return g.reshape('c', b, t, width).dup('f').reshape('f', (long) b * t, width);
        return g.reshape(rows, width);
    }

    @Override
    public EngineState newState(int batchSize) {
        return new Dl4jState(this, batchSize);
    }

    @Override
    public float[] step(EngineState state, Batch one) {
        Dl4jState s = (Dl4jState) state; // made by newState above; the caller checks ownership
        INDArray x = inputStage.forward(one);
        return runStep(s, x);
    }

    /**
     * A whole batch from a generation state: for LSTM, SimpleRNN, Dense, BatchNorm and Dropout stacks, one call of
     * DL4J's {@code rnnTimeStep} over all steps (a primer costs one pass, not one per token); otherwise step by step.
     */
    @Override
    public float[] forward(Batch batch, EngineState state) {
        if (stepByLayer) return EngineModel.super.forward(batch, state);
        Dl4jState s = (Dl4jState) state;
        synchronized (this) {
            open();
            return outputs(networkStep(s, inputStage.forward(batch)), batch);
        }
    }

    @Override
    public EngineTrainer trainer() {
        synchronized (this) {
            open();
            return new Dl4jTrainer(this);
        }
    }

    /**
     * One step. Where DL4J's own {@code rnnTimeStep} computes the canonical step (no convolution, GRU or last-step
     * wrapper), the network runs it, with each recurrent layer's state set from {@code s} before and read back after;
     * otherwise the layers run one by one.
     */
    private synchronized float[] runStep(Dl4jState s, INDArray x) {
        open();
        if (!stepByLayer) {
            INDArray out = networkStep(s, x);
            return Nd4j.toFlattened('c', out.rank() == 3 ? out.reshape(out.size(0), out.size(1)) : out).toFloatVector();
        }
        int batch = s.batchSize();
        int n = net.getnLayers();
        for (int j = 0; j < n; j++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(j);
            if (pre != null) x = pre.preProcess(x, batch, noWorkspaces);
            Layer layer = net.getLayer(j);
            if (layer.conf().getLayer() instanceof CanonicalGruLayer gru) {
                x = gruStep(j, layer, gru, x, s);
            } else if (layer instanceof LastTimeStepLayer last) {
                INDArray out = recurrentStep(j, (RecurrentLayer) last.getUnderlying(), x, s);
                x = out.reshape(out.size(0), out.size(1));
            } else if (layer instanceof RecurrentLayer r) {
                x = recurrentStep(j, r, x, s);
            } else if (layer instanceof Convolution1DLayer) {
                x = convolutionStep(j, layer, x, s);
            } else {
                x = layer.activate(x, false, noWorkspaces);
            }
        }
        return Nd4j.toFlattened('c', x.rank() == 3 ? x.reshape(x.size(0), x.size(1)) : x).toFloatVector();
    }

    /** DL4J's own rnnTimeStep from {@code s} over the steps of {@code x}, leaving the final states in {@code s}. */
    private INDArray networkStep(Dl4jState s, INDArray x) {
        int n = net.getnLayers();
        for (int j = 0; j < n; j++) {
            if (!(net.getLayer(j) instanceof RecurrentLayer)) continue;
            Map<String, INDArray> previous = s.recurrent.get(j);
            if (previous == null) ((RecurrentLayer) net.getLayer(j)).rnnClearPreviousState();
            else net.rnnSetPreviousState(j, new HashMap<>(previous));
        }
        INDArray out = net.rnnTimeStep(x);
        for (int j = 0; j < n; j++) {
            if (!(net.getLayer(j) instanceof RecurrentLayer)) continue;
            Map<String, INDArray> next = new HashMap<>();
            net.rnnGetPreviousState(j).forEach((k, v) -> next.put(k, v.dup()));
            s.recurrent.put(j, next);
        }
        net.rnnClearPreviousState(); // the shared network keeps no generation's state
        return out;
    }

    private INDArray recurrentStep(int j, RecurrentLayer layer, INDArray x, Dl4jState s) {
        Map<String, INDArray> previous = s.recurrent.get(j);
        if (previous == null) layer.rnnClearPreviousState();
        else layer.rnnSetPreviousState(new HashMap<>(previous));
        INDArray out = layer.rnnTimeStep(x, noWorkspaces);
        // Copied: DL4J may release the arrays of a layer's state once it moves on (a kept reference was seen freed).
        Map<String, INDArray> next = new HashMap<>();
        layer.rnnGetPreviousState().forEach((k, v) -> next.put(k, v.dup()));
        s.recurrent.put(j, next);
        layer.rnnClearPreviousState(); // the shared layer keeps no generation's state
        return out;
    }

    /** One step of the canonical GRU from the layer's parameters (the unrolled SameDiff graph needs a fixed length). */
    private INDArray gruStep(int j, Layer layer, CanonicalGruLayer gru, INDArray x, Dl4jState s) {
        int h = gru.units();
        INDArray in = x.reshape(x.size(0), x.size(1));
        Map<String, INDArray> previous = s.recurrent.get(j);
        INDArray state = previous == null ? Nd4j.zeros(in.dataType(), in.size(0), h) : previous.get("h");
        INDArray gx = in.mmul(layer.getParam("Wx")).addiRowVector(layer.getParam("bx"));
        INDArray gh = state.mmul(layer.getParam("Wh")).addiRowVector(layer.getParam("bh"));
        INDArray r = Transforms.sigmoid(gate(gx, 0, h).add(gate(gh, 0, h)), false);
        INDArray z = Transforms.sigmoid(gate(gx, 1, h).add(gate(gh, 1, h)), false);
        INDArray n = Transforms.tanh(gate(gx, 2, h).add(r.mul(gate(gh, 2, h))), false);
        INDArray next = n.add(z.mul(state.sub(n)));
        Map<String, INDArray> m = new HashMap<>();
        m.put("h", next);
        s.recurrent.put(j, m);
        return x.rank() == 3 && isSequence(gru) ? next.reshape(next.size(0), h, 1) : next;
    }

    private static boolean isSequence(CanonicalGruLayer gru) {
        return gru.getOutputType(0, null).getType() == org.deeplearning4j.nn.conf.inputs.InputType.Type.RNN;
    }

    private static INDArray gate(INDArray v, int g, int h) {
        return v.get(NDArrayIndex.all(), NDArrayIndex.interval((long) g * h, (long) (g + 1) * h));
    }

    /** A causal convolution sees its last dilation*(k-1)+1 inputs; the output at the newest is this step's. */
    private INDArray convolutionStep(int j, Layer layer, INDArray x, Dl4jState s) {
        org.deeplearning4j.nn.conf.layers.Convolution1DLayer conf =
                (org.deeplearning4j.nn.conf.layers.Convolution1DLayer) layer.conf().getLayer();
        int span = conf.getDilation()[0] * (conf.getKernelSize()[0] - 1) + 1;
        INDArray history = s.history.get(j);
        if (history == null) history = Nd4j.zeros(x.dataType(), x.size(0), x.size(1), span);
        INDArray window = span == 1 ? x : Nd4j.concat(2, history.get(NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(1, span)), x);
        s.history.put(j, window.dup());
        INDArray out = layer.activate(window, false, noWorkspaces);
        return out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(span - 1, span)).dup();
    }

    private void open() {
        if (closed) throw new IllegalStateException("this DL4J model was closed");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            net.close();
        }
    }
}
