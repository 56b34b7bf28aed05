package dev.cadenza.spark;

import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.Gradients;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingDivergedException;
import dev.cadenza.train.Dataset;
import dev.cadenza.train.Trainer;
import dev.cadenza.train.TrainerState;
import dev.cadenza.train.TrainingRun;
import dev.cadenza.train.TrainingListener;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Synchronous data-parallel training on Spark, step for step the {@link Trainer}'s loop: the same epochs, the same
 * shuffled batches (the order comes from the same random stream, seeded from the configuration as {@code Trainer}
 * seeds it), the same listeners, state and checkpoints.
 * <p>
 * Each step the driver broadcasts the weights; every partition of the {@link TrainingWindows} computes, on its engine
 * (any Cadenza backend on the executors, {@link #SparkTrainer(JavaSparkContext, SequenceModel, TrainingConfig, String)}),
 * the canonical gradients of the summed loss of the windows of the global batch it holds
 * ({@link TrainingSession#gradients}); {@link GradientSum} adds them in partition order; the driver's
 * {@link TrainingSession#apply} divides by the batch's predictions and takes one step of the one optimizer on the
 * driver's model, which holds the weights, the optimizer state and the training random stream.
 * <p>
 * Reproducibility: a run is the same bit for bit whatever the order tasks finish in, and equal to a single process that
 * adds the shares' {@code Gradients} in partition order. Against {@code Trainer.fit} on one machine it agrees to float
 * rounding only: one process sums the gradient over all rows of the batch inside the engine (scaled by
 * 1/predictions first), here each partition sums its rows and the shares are added afterwards. Dropout layers draw from
 * each executor model's own training stream, so runs with dropout are valid training but reproducible neither against
 * one machine nor between runs. Models with non-trainable parameters (batch-norm running statistics) are refused:
 * their updates happen on the executors and would be lost.
 */
public final class SparkTrainer implements TrainingRun {
    /** Partitions up to which the driver adds all shares itself; beyond, a fixed tree (see {@link GradientSum}). */
    public static final int DEFAULT_FAN_IN = 16;

    private final JavaSparkContext sc;
    private final SequenceModel model;
    private final ModelSpec spec;
    private final ExecutorModels.TrainingKey key;
    /** The single-machine loop, whose epochs, batch order, listeners and state this trainer runs with its own step. */
    private final Trainer loop;
    private int fanIn = DEFAULT_FAN_IN;

    /**
     * A trainer of {@code model} (on the driver: it holds the weights and applies the optimizer; any engine) whose
     * gradients are computed on the executors by the engine named {@code executorBackend} (blank: each executor's
     * default, by the rules of {@link dev.cadenza.Cadenza#backend()}).
     *
     * @param sc the Spark context of the driver
     * @param model the model trained on the driver, its weights updated in place
     * @param config the optimizer, schedule, clipping and seed
     * @param executorBackend the executors' backend name, or null or blank for their default
     * @throws UnsupportedOperationException when a parameter is not trained by the optimizer (BatchNorm statistics), or
     * the driver's backend cannot train the spec with this configuration
     */
    public SparkTrainer(JavaSparkContext sc, SequenceModel model, TrainingConfig config, String executorBackend) {
        this.sc = Objects.requireNonNull(sc, "sc");
        this.model = Objects.requireNonNull(model, "model");
        this.spec = model.spec();
        for (ParameterSpec p : spec.parameters())
            if (!p.trainable())
                throw new UnsupportedOperationException("Spark training: parameter " + p.name() + " is not trained by the optimizer (a "
                        + "running statistic); executors would update their own copies and the driver would never see them");
        this.loop = new Trainer(model, config);
        this.key = new ExecutorModels.TrainingKey(executorBackend == null ? "" : executorBackend, ModelJson.spec(spec), ModelJson.config(config));
    }

    /**
     * Adds a listener told of every step and epoch end (on the driver), which may ask to stop.
     *
     * @param l the listener, not null
     * @return this trainer
     */
    public SparkTrainer listener(TrainingListener l) {
        loop.listener(Objects.requireNonNull(l, "listener"));
        return this;
    }

    /**
     * Partitions the driver adds directly; with more partitions the shares are added in a tree of this fan-in.
     *
     * @param f the fan-in, at least 2
     * @return this trainer
     * @throws IllegalArgumentException when {@code f} is below 2
     */
    public SparkTrainer fanIn(int f) {
        if (f < 2) throw new IllegalArgumentException("fanIn must be >= 2, was " + f);
        this.fanIn = f;
        return this;
    }

    /** The driver's model: it holds the weights after every step. */
    @Override
    public SequenceModel model() {
        return model;
    }

    @Override
    public TrainingSession session() {
        return loop.session();
    }

    @Override
    public double bestValidationLoss() {
        return loop.bestValidationLoss();
    }

    /** Where training stands now, in the form {@link Trainer#state()} has, so either trainer can continue it. */
    @Override
    public TrainerState state() {
        return loop.state();
    }

    /** Continues from a state taken by {@link #state()} or by a {@link Trainer} (the model must hold its weights). */
    @Override
    public void restore(TrainerState state) {
        loop.restore(state);
    }

    /**
     * Trains until epoch {@code epochs} is complete (counting epochs done before a restore), as {@link Trainer#fit}:
     * batches of {@code batchSize} windows in the order that {@code Trainer} gives a {@link Dataset} of the same
     * windows; validation (optional, evaluated on the driver) at each epoch end. Returns the last validation metrics,
     * or null without validation data.
     *
     * @param train the training windows, on the executors
     * @param batchSize windows per global batch, at least 1
     * @param validation data evaluated on the driver after each epoch, or null
     * @param epochs the last epoch to train, counting from 1
     * @return the last epoch's validation metrics, or null
     * @throws TrainingDivergedException when a step's loss diverges; the message names the epoch and batch
     */
    public Evaluation fit(TrainingWindows train, int batchSize, Dataset validation, int epochs) {
        return loop.fit(windowOrder(train.windowCount(), batchSize), batch -> step(train, batch.tokens()), validation, epochs);
    }

    /**
     * The batches of window ids a {@link Dataset} of {@code windows} windows gives: each "window" is its own id twice,
     * so {@code Dataset.epoch} shuffles and cuts them with exactly the code that orders a real dataset's windows.
     */
    static Dataset windowOrder(int windows, int batchSize) {
        List<int[]> ids = new ArrayList<>(windows);
        for (int i = 0; i < windows; i++) ids.add(new int[] {i, i});
        return Dataset.of(ids, batchSize, false);
    }

    /**
     * One synchronous step on the windows {@code windowIds} of {@code train} (the global batch, in its order).
     *
     * @param train the training windows
     * @param windowIds the global batch's window ids, in order
     * @return the step taken
     * @throws IllegalArgumentException when none of the ids is held by the windows
     * @throws TrainingDivergedException when the step's loss diverges
     */
    public StepResult step(TrainingWindows train, int[] windowIds) {
        Gradients summed = gradients(train, windowIds);
        if (summed == null) throw new IllegalArgumentException("step: none of the " + windowIds.length + " window ids is held by the windows");
        return loop.session().apply(summed);
    }

    /** The summed canonical gradients of the global batch {@code windowIds}, computed on the executors. */
    Gradients gradients(TrainingWindows train, int[] windowIds) {
        Broadcast<float[][]> weights = sc.broadcast(ExecutorModels.arrays(spec, model.weights()));
        try {
            JavaRDD<GradientShare> shares = shares(train, windowIds.clone(), weights, key);
            GradientShare sum = GradientSum.sum(shares, train.partitions(), fanIn);
            return sum == null ? null : sum.toGradients(spec);
        } finally {
            weights.destroy();
        }
    }

    private static JavaRDD<GradientShare> shares(TrainingWindows train, int[] ids, Broadcast<float[][]> weights, ExecutorModels.TrainingKey key) {
        boolean lastStep = train.lastStep();
        return train.shards().mapPartitions(it -> share(it, ids, lastStep, weights, key));
    }

    private static Iterator<GradientShare> share(Iterator<WindowShard> it, int[] ids, boolean lastStep, Broadcast<float[][]> weights,
                                                 ExecutorModels.TrainingKey key) {
        if (!it.hasNext()) return Collections.emptyIterator();
        WindowShard shard = it.next();
        it.hasNext(); // reading past the one shard ends the iteration, which releases the cached block's read lock
        List<int[]> rows = shard.select(ids);
        if (rows.isEmpty()) return Collections.emptyIterator();
        Dataset one = Dataset.of(rows, rows.size(), false);
        Batch batch = (lastStep ? one.lastStepTargets() : one).epoch(null).get(0);
        ExecutorModels.Trainee t = ExecutorModels.borrow(key);
        try {
            t.model().loadWeights(ExecutorModels.weights(ExecutorModels.spec(key), weights.value()));
            return List.of(GradientShare.of(shard.partition(), t.session().gradients(batch))).iterator();
        } finally {
            ExecutorModels.giveBack(key, t);
        }
    }
}
