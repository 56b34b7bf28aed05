package dev.cadenza.dl4j;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.Input;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.support.SamplingTwin;
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

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link SequenceModel} backed by one DL4J {@link MultiLayerNetwork}. Inference runs {@code output()}; generation runs
 * the layers one by one with each generation's state set before and read back after every step; training computes
 * DL4J's gradients and applies Cadenza's own optimizer step ({@link Dl4jTrainingSession}). Calls are serialised on
 * the model, because DL4J layers keep their last input.
 */
final class Dl4jSequenceModel implements SequenceModel {
    private final ModelSpec spec;
    /** The network that owns the parameters; for a spec with a GRU, the one unrolled over a single step. */
    private final MultiLayerNetwork net;
    /** Networks for other sequence lengths (GRU specs only), all reading and writing {@code net}'s parameters. */
    private final Map<Integer, MultiLayerNetwork> byLength = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, MultiLayerNetwork> eldest) {
            // Not closed: it shares the owner's parameters; ND4J frees the rest once it is unreachable.
            return size() > MAX_LENGTHS;
        }
    };
    private static final int MAX_LENGTHS = 8;
    private final boolean lengthSpecific;
    /** Whether {@code step} must run the layers one by one (convolution windows, GRU, last-step wrappers). */
    private final boolean stepByLayer;
    private final ParameterLayout layout;
    /**
     * Generation on the pure-Java engine from the same weights when backend-pure is on the class path: DL4J's
     * rnnTimeStep pays several native calls and a state copy per token. Off with -Dcadenza.dl4j.sampling=native.
     */
    private final SamplingTwin twin;
    private final LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
    private boolean closed;

    Dl4jSequenceModel(ModelSpec spec, MultiLayerNetwork net, ParameterLayout layout, boolean twinSampling) {
        this.spec = spec;
        this.net = net;
        this.layout = layout;
        this.lengthSpecific = NetworkTranslation.lengthSpecific(spec);
        boolean byLayer = false;
        for (dev.cadenza.model.Layer l : spec.layers())
            byLayer |= l instanceof dev.cadenza.model.Layer.Conv1D || l instanceof dev.cadenza.model.Layer.Gru
                    || (l instanceof dev.cadenza.model.Layer.Recurrent r && !r.returnSequences());
        this.stepByLayer = byLayer;
        this.twin = spec.causal() && twinSampling ? new SamplingTwin("dl4j", spec, this::weights) : null;
    }

    /** Called after every change of the weights (loading, an optimizer step), so the sampling twin copies them again. */
    void weightsChanged() {
        if (twin != null) twin.weightsChanged();
    }

    /** The pure-Java model that generates from these weights, or null when generation runs on DL4J. */
    private SequenceModel twin() {
        return twin == null ? null : twin.model();
    }

    /** The network that owns the parameters. */
    MultiLayerNetwork network() {
        return net;
    }

    /**
     * The network for sequences of {@code steps} steps: the owner itself, except for GRU specs, whose unrolled layer
     * needs one network per length; those share the owner's parameter vector (init without cloning it).
     */
    synchronized MultiLayerNetwork network(int steps) {
        if (!lengthSpecific || steps == 1) return net;
        return byLength.computeIfAbsent(steps, t -> {
            MultiLayerNetwork n = new MultiLayerNetwork(NetworkTranslation.configuration(spec, t));
            n.init(net.params(), false);
            return n;
        });
    }

    ParameterLayout layout() {
        return layout;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return Dl4jBackendProvider.NAME;
    }

    @Override
    public synchronized Weights weights() {
        open();
        return layout.toWeights(net.params().toFloatVector());
    }

    @Override
    public synchronized void loadWeights(Weights weights) {
        open();
        Weights checked = Weights.of(spec, weights.tensors()); // names and shapes against this spec
        float[] flat = net.params().toFloatVector();
        layout.toFlat(checked::get, flat, false, "");
        net.params().assign(Nd4j.createFromArray(flat).reshape(net.params().shape()));
        weightsChanged();
    }

    @Override
    public synchronized float[] forward(Batch batch) {
        open();
        INDArray out = network(batch.steps()).output(input(batch), false);
        return logits(out);
    }

    /** [B, V, T] (per step) or [B, V] (last step) to Cadenza's row-major [B, T, V] or [B, V]. */
    private static float[] logits(INDArray out) {
        if (out.rank() == 3) return Nd4j.toFlattened('c', out.permute(0, 2, 1)).toFloatVector();
        return Nd4j.toFlattened('c', out).toFloatVector();
    }

    @Override
    public Evaluation evaluate(Batch batch, int topK) {
        if (batch.targets() == null) throw new IllegalArgumentException("evaluate: the batch has no targets");
        float[] logits = forward(batch);
        int classes = spec.classes();
        boolean perStep = batch.targets().length == batch.size() * batch.steps() && spec.head() == ModelSpec.Head.PER_STEP;
        int rows = perStep ? batch.size() * batch.steps() : batch.size();
        if (!perStep && batch.targets().length != batch.size())
            throw new IllegalArgumentException("evaluate: a last-step model needs one target per sequence, got " + batch.targets().length);
        double lossSum = 0, count = 0, correct = 0, topCorrect = 0;
        for (int r = 0; r < rows; r++) {
            double w = perStep && batch.mask() != null ? batch.mask()[r] : 1;
            if (w == 0) continue;
            int target = checkTarget(batch.targets()[r], r);
            int base = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, logits[base + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(logits[base + c] - max);
            lossSum += w * (Math.log(sum) + max - logits[base + target]);
            int above = 0;
            for (int c = 0; c < classes; c++)
                if (logits[base + c] > logits[base + target] || (logits[base + c] == logits[base + target] && c < target)) above++;
            if (above == 0) correct += w;
            if (above < topK) topCorrect += w;
            count += w;
        }
        return new Evaluation(lossSum, count, correct, topCorrect, topK);
    }

    private int checkTarget(int target, int row) {
        if (target < 0 || target >= spec.classes())
            throw new IllegalArgumentException("target " + target + " at row " + row + " is outside [0, " + spec.classes() + ")");
        return target;
    }

    @Override
    public synchronized TrainingSession train(TrainingConfig config) {
        open();
        return new Dl4jTrainingSession(this, config);
    }

    @Override
    public ModelState newState(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("newState: batch size must be > 0, was " + batchSize);
        SequenceModel t = twin();
        return t != null ? t.newState(batchSize) : new Dl4jModelState(this, batchSize);
    }

    @Override
    public float[] step(ModelState state, int[] tokens) {
        if (!(state instanceof Dl4jModelState) && twin() != null) return twin().step(state, tokens);
        Dl4jModelState s = own(state);
        if (tokens.length != s.batchSize())
            throw new IllegalArgumentException("step: " + tokens.length + " tokens for a state of " + s.batchSize() + " rows");
        Input in = spec.input();
        if (in instanceof Input.Features)
            throw new IllegalArgumentException("step: this model reads float features (" + in + "), not token ids");
        for (int i = 0; i < tokens.length; i++) checkToken(tokens[i], i);
        INDArray x;
        if (in instanceof Input.Embedding) {
            float[] ids = new float[tokens.length];
            for (int i = 0; i < ids.length; i++) ids[i] = tokens[i];
            x = Nd4j.createFromArray(ids).reshape(tokens.length, 1);
        } else {
            x = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, tokens.length, in.vocabularySize(), 1);
            for (int i = 0; i < tokens.length; i++) x.putScalar(new long[] {i, tokens[i], 0}, 1f);
        }
        return runStep(s, x);
    }

    @Override
    public float[] step(ModelState state, float[] features) {
        if (!(state instanceof Dl4jModelState) && twin() != null) return twin().step(state, features);
        Dl4jModelState s = own(state);
        if (!(spec.input() instanceof Input.Features f))
            throw new IllegalArgumentException("step: this model reads token ids (" + spec.input() + "), not float features");
        if (features.length != s.batchSize() * f.width())
            throw new IllegalArgumentException("step: features must hold batchSize*width = " + s.batchSize() * f.width()
                    + " floats, got " + features.length);
        return runStep(s, Nd4j.createFromArray(features).reshape(s.batchSize(), f.width(), 1));
    }

    private Dl4jModelState own(ModelState state) {
        if (!(state instanceof Dl4jModelState s) || s.owner != this)
            throw new IllegalArgumentException("step: the state was not created by this model's newState");
        if (!spec.causal())
            throw new IllegalStateException("step: this model is not causal (bidirectional layer or non-causal convolution), "
                    + "so it cannot generate step by step");
        return s;
    }

    /**
     * One step. Where DL4J's own {@code rnnTimeStep} computes the canonical step (no convolution, GRU or last-step
     * wrapper), the network runs it, with each recurrent layer's state set from {@code s} before and read back after;
     * otherwise the layers run one by one.
     */
    private synchronized float[] runStep(Dl4jModelState s, INDArray x) {
        open();
        if (!stepByLayer) return networkStep(s, x);
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
        s.advance();
        return Nd4j.toFlattened('c', x.rank() == 3 ? x.reshape(x.size(0), x.size(1)) : x).toFloatVector();
    }

    private float[] networkStep(Dl4jModelState s, INDArray x) {
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
        s.advance();
        return Nd4j.toFlattened('c', out.rank() == 3 ? out.reshape(out.size(0), out.size(1)) : out).toFloatVector();
    }

    private INDArray recurrentStep(int j, RecurrentLayer layer, INDArray x, Dl4jModelState s) {
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
    private INDArray gruStep(int j, Layer layer, CanonicalGruLayer gru, INDArray x, Dl4jModelState s) {
        int h = gru.units();
        INDArray in = x.reshape(x.size(0), x.size(1));
        Map<String, INDArray> previous = s.recurrent.get(j);
        INDArray state = previous == null ? Nd4j.zeros(in.dataType(), in.size(0), h) : previous.get("h");
        INDArray gx = in.mmul(layer.getParam("Wx")).addiRowVector(layer.getParam("bx"));
        INDArray gh = state.mmul(layer.getParam("Wh")).addiRowVector(layer.getParam("bh"));
        INDArray r = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(gate(gx, 0, h).add(gate(gh, 0, h)), false);
        INDArray z = org.nd4j.linalg.ops.transforms.Transforms.sigmoid(gate(gx, 1, h).add(gate(gh, 1, h)), false);
        INDArray n = org.nd4j.linalg.ops.transforms.Transforms.tanh(gate(gx, 2, h).add(r.mul(gate(gh, 2, h))), false);
        INDArray next = n.add(z.mul(state.sub(n)));
        Map<String, INDArray> m = new HashMap<>();
        m.put("h", next);
        s.recurrent.put(j, m);
        return x.rank() == 3 && next.rank() == 2 && isSequence(gru) ? next.reshape(next.size(0), h, 1) : next;
    }

    private static boolean isSequence(CanonicalGruLayer gru) {
        return gru.getOutputType(0, null).getType() == org.deeplearning4j.nn.conf.inputs.InputType.Type.RNN;
    }

    private static INDArray gate(INDArray v, int g, int h) {
        return v.get(NDArrayIndex.all(), NDArrayIndex.interval((long) g * h, (long) (g + 1) * h));
    }

    /** A causal convolution sees its last dilation*(k-1)+1 inputs; the output at the newest is this step's. */
    private INDArray convolutionStep(int j, Layer layer, INDArray x, Dl4jModelState s) {
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

    private void checkToken(int token, int position) {
        int v = spec.input().vocabularySize();
        if (token < 0 || token >= v)
            throw new IllegalArgumentException("token " + token + " at position " + position + " is outside the vocabulary [0, " + v + ")");
    }

    /** The network input for a batch: ids [B, T], one-hot [B, V, T] or features [B, F, T]. */
    INDArray input(Batch batch) {
        int b = batch.size(), t = batch.steps();
        Input in = spec.input();
        if (in instanceof Input.Features f) {
            if (batch.features() == null)
                throw new IllegalArgumentException("batch: this model reads float features of width " + f.width() + ", the batch holds token ids");
            if (batch.featureWidth() != f.width())
                throw new IllegalArgumentException("batch: features are " + batch.featureWidth() + " wide, the model reads " + f.width());
            // [b, t, f] -> [b, f, t]
            return Nd4j.createFromArray(batch.features()).reshape(b, t, f.width()).permute(0, 2, 1).dup('c');
        }
        if (batch.tokens() == null)
            throw new IllegalArgumentException("batch: this model reads token ids (" + in + "), the batch holds float features");
        int[] tokens = batch.tokens();
        for (int i = 0; i < tokens.length; i++) checkToken(tokens[i], i);
        if (in instanceof Input.Embedding) {
            float[] ids = new float[tokens.length];
            for (int i = 0; i < ids.length; i++) ids[i] = tokens[i];
            return Nd4j.createFromArray(ids).reshape(b, t);
        }
        int v = in.vocabularySize();
        float[] oneHot = new float[b * v * t];
        for (int r = 0; r < b; r++)
            for (int s = 0; s < t; s++) oneHot[(r * v + tokens[r * t + s]) * t + s] = 1f;
        return Nd4j.createFromArray(oneHot).reshape(b, v, t);
    }

    /** One-hot targets: [B, V, T] for a per-step head, [B, V] for a last-step head. */
    INDArray labels(Batch batch) {
        int[] targets = batch.targets();
        if (targets == null) throw new IllegalArgumentException("training needs a batch with targets");
        int b = batch.size(), t = batch.steps(), v = spec.classes();
        for (int i = 0; i < targets.length; i++) checkTarget(targets[i], i);
        if (spec.head() == ModelSpec.Head.PER_STEP) {
            if (targets.length != b * t)
                throw new IllegalArgumentException("batch: a per-step model needs size*steps = " + b * t + " targets, got " + targets.length);
            float[] y = new float[b * v * t];
            for (int r = 0; r < b; r++)
                for (int s = 0; s < t; s++) y[(r * v + targets[r * t + s]) * t + s] = 1f;
            return Nd4j.createFromArray(y).reshape(b, v, t);
        }
        if (targets.length != b)
            throw new IllegalArgumentException("batch: a last-step model needs one target per sequence (" + b + "), got " + targets.length);
        float[] y = new float[b * v];
        for (int r = 0; r < b; r++) y[r * v + targets[r]] = 1f;
        return Nd4j.createFromArray(y).reshape(b, v);
    }

    private void open() {
        if (closed) throw new IllegalStateException("this DL4J model was closed");
    }

    @Override
    public synchronized void close() {
        if (twin != null) twin.close();
        if (!closed) {
            closed = true;
            net.close();
        }
    }
}
