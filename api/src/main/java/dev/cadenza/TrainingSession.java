package dev.cadenza;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Gradients;
import dev.cadenza.model.Loss;
import dev.cadenza.model.Losses;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingDivergedException;
import dev.cadenza.optim.CanonicalOptimizer;
import dev.cadenza.spi.EngineTrainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model being trained with one {@link TrainingConfig}; it owns the optimizer state and the training random stream
 * (dropout). The arithmetic is the same on every engine, because only the forward and backward passes run on the
 * engine: a {@link #step} cuts the batch into micro-batches ({@link TrainingConfig#microBatchSize()}) and each into
 * truncated-BPTT chunks ({@link TrainingConfig#truncatedBptt()}: each chunk continues from the state the previous one
 * ended in, with no gradient flowing back across), computes the loss and its gradient with {@link Losses}, sums the
 * gradients of (summed loss / predictions of the whole batch) over all pieces, and takes one step of the
 * {@link CanonicalOptimizer}.
 * <p>
 * A loss that is not finite, or that after the first {@value #WARMUP_STEPS} steps exceeds three times a uniform guess
 * plus 10 (ln V nats per token for softmax, N ln 2 per frame for sigmoid; 10^4 times the first step's loss for
 * regression), stops training with a {@link TrainingDivergedException} before the step's update is applied.
 * Training steps of one model run one at a time (the model serialises them with its other calls).
 */
public final class TrainingSession {
    /** Steps during which only a non-finite loss counts as divergence. */
    public static final int WARMUP_STEPS = 10;

    private final SequenceModel model;
    private final ModelSpec spec;
    private final TrainingConfig config;
    private final EngineTrainer trainer;
    private final CanonicalOptimizer optimizer;
    private final SeededRandom random;
    private double firstLoss = Double.NaN;

    TrainingSession(SequenceModel model, TrainingConfig config, EngineTrainer trainer) {
        this.model = model;
        this.spec = model.spec();
        this.config = config;
        this.trainer = trainer;
        this.optimizer = new CanonicalOptimizer(spec, config);
        this.random = new SeededRandom(config.seed());
    }

    /**
     * The configuration this session trains with.
     *
     * @return the configuration, immutable
     */
    public TrainingConfig config() {
        return config;
    }

    /**
     * The model being trained.
     *
     * @return the model whose weights this session updates in place
     */
    public SequenceModel model() {
        return model;
    }

    /**
     * Forward, loss, backward, clip, update: one optimizer step on the batch, which must carry targets.
     *
     * @param batch inputs, targets and optionally a mask; its predictions (the mask's weight) must be positive
     * @return the step number, the batch's mean loss before the update, the gradient norm and the learning rate used
     * @throws IllegalArgumentException when the batch has no targets or does not fit the spec
     * @throws TrainingDivergedException when the loss is not finite or above the divergence bound; the weights are
     *     unchanged
     */
    public StepResult step(Batch batch) {
        double predictions = check(batch);
        return model.exclusive(() -> {
            trainer.zeroGradients();
            double loss = accumulate(batch, 1 / predictions) / predictions;
            return update(trainer.gradients(), loss, predictions);
        });
    }

    /**
     * The gradients of the batch's summed loss, in the canonical layout, without changing the weights: one share of a
     * batch split across machines. Their sum over the shares goes to {@link #apply}.
     *
     * @param batch this share's inputs and targets
     * @return the summed loss, its gradients and the predictions they sum over, for {@link #apply}
     * @throws IllegalArgumentException when the batch has no targets or does not fit the spec
     */
    public Gradients gradients(Batch batch) {
        double predictions = check(batch);
        return model.exclusive(() -> {
            trainer.zeroGradients();
            double lossSum = accumulate(batch, 1);
            float[][] g = trainer.gradients();
            List<Tensor> tensors = new ArrayList<>(g.length);
            int i = 0;
            for (ParameterSpec p : spec.parameters()) if (p.trainable()) tensors.add(new Tensor(p.name(), p.shape(), g[i++].clone()));
            return new Gradients(tensors, lossSum, predictions);
        });
    }

    /**
     * One optimizer step from the summed gradients of one or more shares of a batch ({@link #gradients}).
     *
     * @param summed the element-wise sum of every share's {@link #gradients}, with their summed loss and predictions
     * @return as {@link #step}: the step taken, on the mean loss over all shares
     * @throws IllegalArgumentException when the tensors are not the model's trainable parameters in order, or sum over
     *     no predictions
     * @throws TrainingDivergedException when the mean loss is not finite or above the divergence bound
     */
    public StepResult apply(Gradients summed) {
        List<String> names = optimizer.names();
        if (summed.tensors().size() != names.size())
            throw new IllegalArgumentException("gradients: " + summed.tensors().size() + " tensors, the model trains " + names.size());
        if (!(summed.predictions() > 0)) throw new IllegalArgumentException("gradients: they sum over no predictions");
        float[][] g = new float[names.size()][];
        for (int i = 0; i < g.length; i++) {
            Tensor t = summed.tensors().get(i);
            if (!t.name().equals(names.get(i)))
                throw new IllegalArgumentException("gradients: tensor " + i + " is " + t.name() + ", expected " + names.get(i));
            g[i] = new float[t.size()];
            float scale = (float) (1 / summed.predictions());
            float[] src = t.data();
            for (int j = 0; j < src.length; j++) g[i][j] = src[j] * scale;
        }
        double loss = summed.loss();
        return model.exclusive(() -> update(g, loss, summed.predictions()));
    }

    private double check(Batch batch) {
        spec.checkInputs(batch);
        spec.checkTargets(batch);
        double predictions = batch.predictions(spec.head());
        if (!(predictions > 0)) throw new IllegalArgumentException("batch: nothing to predict (the mask is all zero)");
        return predictions;
    }

    /** Summed loss of the batch; adds the gradient of {@code scale} times it to the engine's accumulators. */
    private double accumulate(Batch batch, double scale) {
        int micro = config.microBatchSize() == 0 ? batch.size() : Math.min(config.microBatchSize(), batch.size());
        double loss = 0;
        for (int from = 0; from < batch.size(); from += micro) loss += chunks(batch.rows(from, Math.min(batch.size(), from + micro)), scale);
        return loss;
    }

    private double chunks(Batch part, double scale) {
        int k = config.truncatedBptt();
        if (k == 0 || k >= part.steps()) return pass(part, scale, false);
        boolean perStep = spec.head() == ModelSpec.Head.PER_STEP;
        double loss = 0;
        for (int from = 0; from < part.steps(); from += k) {
            int to = Math.min(part.steps(), from + k);
            Batch chunk = part.steps(from, to);
            // A last-step head only has a loss at the end of the window; earlier chunks just advance the state.
            if (perStep || to == part.steps()) loss += pass(chunk, scale, from > 0);
            else trainer.forward(chunk, random, from > 0);
        }
        return loss;
    }

    private double pass(Batch batch, double scale, boolean carry) {
        float[] outputs = trainer.forward(batch, random, carry);
        float[] gradient = new float[outputs.length];
        double loss = Losses.lossAndGradient(spec, outputs, batch, scale, gradient);
        trainer.backward(gradient);
        return loss;
    }

    private StepResult update(float[][] gradients, double loss, double predictions) {
        long step = optimizer.steps() + 1;
        double lr = optimizer.nextRate();
        divergence(step, loss);
        float[][] weights = trainer.trainableWeights();
        double norm = optimizer.step(weights, gradients);
        if (!Double.isFinite(norm))
            throw new TrainingDivergedException(step, loss, String.format(Locale.ROOT, "training diverged at step %d: the gradient norm is %s "
                    + "(the loss was %.4g); the weights were not updated. %s", step, norm, loss, remedy(lr)));
        trainer.weightsUpdated();
        if (Double.isNaN(firstLoss)) firstLoss = loss; // the first step of this session, or the first after a restore
        return new StepResult(step, loss, norm, lr, predictions);
    }

    private void divergence(long step, double loss) {
        double lr = optimizer.nextRate();
        if (!Double.isFinite(loss))
            throw new TrainingDivergedException(step, loss, String.format(Locale.ROOT, "training diverged at step %d: the loss is %s; "
                    + "the weights were not updated. %s", step, loss, remedy(lr)));
        if (step <= WARMUP_STEPS) return;
        double bound;
        String basis;
        int n = spec.outputs();
        if (spec.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
            bound = 3 * Math.log(n) + 10;
            basis = String.format(Locale.ROOT, "three times a uniform guess (ln %d = %.3f nats per token) plus 10", n, Math.log(n));
        } else if (spec.loss() == Loss.SIGMOID_CROSS_ENTROPY) {
            bound = 3 * n * Math.log(2) + 10;
            basis = String.format(Locale.ROOT, "three times a uniform guess (%d ln 2 = %.3f nats per frame) plus 10", n, n * Math.log(2));
        } else {
            if (Double.isNaN(firstLoss)) return;
            bound = 1e4 * Math.max(firstLoss, 1e-12);
            basis = String.format(Locale.ROOT, "10^4 times the first step's loss (%.4g)", firstLoss);
        }
        if (loss > bound)
            throw new TrainingDivergedException(step, loss, String.format(Locale.ROOT, "training diverged at step %d: the loss is %.4g, "
                    + "above %.4g (%s); the weights were not updated. %s", step, loss, bound, basis, remedy(lr)));
    }

    private String remedy(double lr) {
        return String.format(Locale.ROOT, "Lower the learning rate (it is %.3g)%s.", lr,
                config.clipping() instanceof dev.cadenza.model.GradientClipping.None ? " or clip the gradients (e.g. GradientClipping.globalNorm(1))" : "");
    }

    /**
     * The optimizer's state now (with the training random stream), for a checkpoint.
     *
     * @return the step count, the optimizer's slots (moments) per parameter, and the random stream's state; a copy
     */
    public OptimizerState state() {
        return model.exclusive(() -> optimizer.state(random.state()));
    }

    /**
     * Continues from a saved state: the same parameters and slot names, or an IllegalArgumentException naming the
     * difference.
     *
     * @param state a state from {@link #state()} of a session on the same spec (any backend)
     * @throws IllegalArgumentException when the parameters or slot names differ
     */
    public void restore(OptimizerState state) {
        model.exclusive(() -> {
            optimizer.restore(state);
            if (state.randomState() != null) random.restore(state.randomState());
            firstLoss = Double.NaN;
            return null;
        });
    }

    @Override
    public String toString() {
        return "TrainingSession[" + model.backend() + ", step " + optimizer.steps() + ", " + config.optimizer() + "]";
    }
}
