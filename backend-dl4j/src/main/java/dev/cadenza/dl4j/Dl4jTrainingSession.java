package dev.cadenza.dl4j;

import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training on DL4J with Cadenza's exact step: DL4J computes the gradient of the summed cross-entropy
 * ({@code computeGradientAndScore}); this class divides it by the number of predicted tokens (Cadenza's loss is a
 * mean), adds L2 weight decay, clips by global norm or value (DL4J has no global-norm clipping), and applies the
 * canonical update rule of {@link Optimizer} to the flat parameter vector. BatchNorm running statistics, which DL4J
 * moves through its gradient with the biased batch variance, are updated here with the unbiased one.
 */
final class Dl4jTrainingSession implements TrainingSession {
    private final Dl4jSequenceModel model;
    private final TrainingConfig config;
    private final SeededRandom random;
    private final INDArray trainable;
    private final List<String> slotNames;
    private final INDArray[] slots;
    private final List<Statistics> statistics = new ArrayList<>();
    private long step;

    /** One BatchNorm layer's running mean and variance in the flat vector. */
    private record Statistics(long mean, long variance, int channels, double momentum, boolean sequence) {}

    Dl4jTrainingSession(Dl4jSequenceModel model, TrainingConfig config) {
        if (config.truncatedBptt() > 0)
            // DL4J's own TBPTT (stored state between chunks) was measured to give LSTM gradients 1e-3 off backend-pure's
            // for chunks that start from a carried state, and it carries no convolution history at all.
            throw new UnsupportedOperationException("DL4J backend: truncated BPTT (" + config.truncatedBptt() + " steps) is not "
                    + "supported: DL4J's chunked gradients differ from the canonical ones; train with truncatedBptt = 0 or use "
                    + "the pure or djl backend");
        this.model = model;
        MultiLayerNetwork net = model.network();
        this.config = config;
        this.random = new SeededRandom(config.seed());
        ParameterLayout layout = model.layout();
        this.trainable = Nd4j.createFromArray(layout.trainableMask()).reshape(net.params().shape());
        this.slotNames = config.optimizer().slotNames();
        this.slots = new INDArray[slotNames.size()];
        for (int i = 0; i < slots.length; i++) slots[i] = Nd4j.zeros(net.params().dataType(), net.params().shape());
        ModelSpec spec = model.spec();
        List<ModelSpec.Shape> shapes = spec.shapes();
        for (int i = 0; i < spec.layers().size(); i++) {
            if (spec.layers().get(i) instanceof Layer.BatchNorm bn) {
                String prefix = "layers." + i + ".";
                boolean sequence = i == 0 || shapes.get(i - 1).sequence();
                statistics.add(new Statistics(layout.offset(prefix + "running_mean"), layout.offset(prefix + "running_variance"),
                        spec.inputWidth(i), bn.momentum(), sequence));
            }
        }
    }

    @Override
    public TrainingConfig config() {
        return config;
    }

    @Override
    public StepResult step(Batch batch) {
        synchronized (model) {
            return stepLocked(batch);
        }
    }

    private StepResult stepLocked(Batch batch) {
        MultiLayerNetwork net = model.network(batch.steps());
        double tokens = batch.predictedTokens(model.spec().head());
        if (!(tokens > 0)) throw new IllegalArgumentException("training step: the batch has no predicted tokens (targets or mask)");
        double rate = config.schedule().rate(config.optimizer().learningRate(), step);
        Nd4j.getRandom().setSeed(random.nextLong()); // dropout masks come from the session's own stream
        INDArray params = net.params();
        INDArray mask = batch.mask() != null && model.spec().head() == ModelSpec.Head.PER_STEP
                ? Nd4j.createFromArray(batch.mask()).reshape(batch.size(), batch.steps()) : null;
        double loss = gradient(net, model.input(batch), model.labels(batch), mask, batch) / tokens;
        INDArray g = flatGradient(net);
        g.muli(1.0 / tokens);
        if (config.weightDecay() > 0) g.addi(params.mul(trainable).muli(config.weightDecay()));
        double norm = g.norm2Number().doubleValue();
        GradientClipping clipping = config.clipping();
        if (clipping instanceof GradientClipping.GlobalNorm c && norm > c.maxNorm()) {
            g.muli(c.maxNorm() / norm);
        } else if (clipping instanceof GradientClipping.Value v) {
            Transforms.min(Transforms.max(g, -v.limit(), false), v.limit(), false);
        }
        step++;
        update(params, g, rate);
        model.weightsChanged();
        net.setLayerMaskArrays(null, null);
        net.clear();
        return new StepResult(step, loss, norm, rate, tokens);
    }

    /**
     * DL4J's gradient of the summed cross-entropy over {@code batch}, with the BatchNorm statistics updated; returns
     * the summed loss (DL4J's score is that sum divided by the batch size).
     */
    private double gradient(MultiLayerNetwork net, INDArray input, INDArray labels, INDArray mask, Batch batch) {
        net.setInput(input);
        net.setLabels(labels);
        net.setLayerMaskArrays(null, mask);
        net.computeGradientAndScore();
        updateStatistics(net.params(), flatGradient(net), batch);
        return net.score() * batch.size();
    }

    private static INDArray flatGradient(MultiLayerNetwork net) {
        INDArray params = net.params();
        INDArray g = net.getFlattenedGradients();
        return java.util.Arrays.equals(g.shape(), params.shape()) ? g : g.reshape(params.shape()); // [1, n] vs [n]: a view
    }

    /**
     * DL4J leaves (1 - d)(running - batch) as the "gradient" of a running statistic, with the biased batch variance.
     * Recover the batch statistics from it, apply running = m running + (1 - m) batch with the unbiased variance, and
     * zero those entries so that nothing else touches them.
     */
    private void updateStatistics(INDArray params, INDArray g, Batch batch) {
        for (Statistics s : statistics) {
            long rows = s.sequence() ? (long) batch.size() * batch.steps() : batch.size();
            double m = s.momentum();
            INDArray mean = range(params, s.mean(), s.channels());
            INDArray var = range(params, s.variance(), s.channels());
            INDArray gMean = range(g, s.mean(), s.channels());
            INDArray gVar = range(g, s.variance(), s.channels());
            mean.subi(gMean); // = m * mean + (1 - m) * batchMean, as DL4J does
            // biased batch variance = var - gVar / (1 - m); canonical: m var + (1 - m) biased * rows / (rows - 1)
            double unbias = rows > 1 ? (double) rows / (rows - 1) : 1.0;
            INDArray updated = var.mul(m + (1 - m) * unbias).subi(gVar.mul(unbias));
            var.assign(updated);
            gMean.assign(0);
            gVar.assign(0);
        }
    }

    private static INDArray range(INDArray flat, long offset, int n) {
        return flat.rank() == 1 ? flat.get(NDArrayIndex.interval(offset, offset + n))
                : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + n));
    }

    private void update(INDArray p, INDArray g, double rate) {
        Optimizer o = config.optimizer();
        if (o instanceof Optimizer.Sgd s) {
            INDArray v = slots[0].muli(s.momentum()).addi(g);
            if (s.nesterov()) p.subi(g.add(v.mul(s.momentum())).muli(rate));
            else p.subi(v.mul(rate));
        } else if (o instanceof Optimizer.RmsProp r) {
            INDArray ms = slots[0].muli(r.rho()).addi(g.mul(g).muli(1 - r.rho()));
            p.subi(g.div(Transforms.sqrt(ms, true).addi(r.epsilon())).muli(rate));
        } else if (o instanceof Optimizer.Adam a) {
            INDArray m = slots[0].muli(a.beta1()).addi(g.mul(1 - a.beta1()));
            INDArray v = slots[1].muli(a.beta2()).addi(g.mul(g).muli(1 - a.beta2()));
            double alpha = rate * Math.sqrt(1 - Math.pow(a.beta2(), step)) / (1 - Math.pow(a.beta1(), step));
            p.subi(m.div(Transforms.sqrt(v, true).addi(a.epsilon())).muli(alpha));
        } else if (o instanceof Optimizer.Nadam n) {
            // Keras' Nadam: momentum schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)), m_schedule = prod mu_1..t.
            double muT = n.beta1() * (1 - 0.5 * Math.pow(0.96, 0.004 * step));
            double muNext = n.beta1() * (1 - 0.5 * Math.pow(0.96, 0.004 * (step + 1)));
            double schedule = 1;
            for (long t = 1; t <= step; t++) schedule *= n.beta1() * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
            double scheduleNext = schedule * muNext;
            INDArray m = slots[0].muli(n.beta1()).addi(g.mul(1 - n.beta1()));
            INDArray v = slots[1].muli(n.beta2()).addi(g.mul(g).muli(1 - n.beta2()));
            INDArray mBar = g.mul((1 - muT) / (1 - schedule)).addi(m.mul(muNext / (1 - scheduleNext)));
            INDArray vHat = v.div(1 - Math.pow(n.beta2(), step));
            p.subi(mBar.divi(Transforms.sqrt(vHat, false).addi(n.epsilon())).muli(rate));
        }
    }

    @Override
    public OptimizerState state() {
        synchronized (model) {
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < slots.length; i++)
                out.addAll(model.layout().toCanonical(slots[i].toFloatVector(), true, slotNames.get(i) + "/"));
            return new OptimizerState(step, out, random.state());
        }
    }

    @Override
    public void restore(OptimizerState state) {
        if (state.step() < 0) throw new IllegalArgumentException("optimizer state: step must be >= 0, was " + state.step());
        synchronized (model) {
            Map<String, Tensor> byName = new HashMap<>();
            for (Tensor t : state.slots()) byName.put(t.name(), t);
            for (String name : byName.keySet())
                if (!slotNames.contains(name.substring(0, Math.max(0, name.indexOf('/')))))
                    throw new IllegalArgumentException("optimizer state: slot " + name + " is not used by " + config.optimizer()
                            + " (it keeps " + slotNames + ")");
            for (int i = 0; i < slots.length; i++) {
                float[] flat = new float[(int) model.layout().length()];
                model.layout().toFlat(name -> {
                    Tensor t = byName.get(name);
                    if (t == null)
                        throw new IllegalArgumentException("optimizer state: missing slot " + name + " for " + config.optimizer()
                                + "; the state has " + byName.keySet());
                    return t;
                }, flat, true, slotNames.get(i) + "/");
                slots[i].assign(Nd4j.createFromArray(flat).reshape(slots[i].shape()));
            }
            step = state.step();
            if (state.randomState() != null) random.restore(state.randomState());
        }
    }
}
