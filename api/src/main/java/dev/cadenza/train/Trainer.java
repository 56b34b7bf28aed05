package dev.cadenza.train;

import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingDivergedException;

import java.util.ArrayList;
import java.util.List;

/**
 * The epoch loop, the same for every backend: shuffle, step, evaluate on validation data, tell listeners.
 * Its position (epoch, batch within the epoch, the random state that ordered the epoch) and the optimizer state form
 * a {@link TrainerState}; restoring one continues exactly where it was taken: same batches, same updates.
 * A diverging loss (see {@link TrainingSession}) stops training with a {@link TrainingDivergedException} that names the
 * epoch, the step, the loss and the remedy; the weights are those of the last good step.
 */
public final class Trainer implements TrainingRun {
    private final SequenceModel model;
    private final TrainingSession session;
    private final SeededRandom dataRandom;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private int epoch = 1;
    private int batchInEpoch;
    private long[] epochStart;
    private double bestValidationLoss = Double.POSITIVE_INFINITY;

    /**
     * Starts a training session on {@code model}, at epoch 1, with the data order seeded from the configuration's seed.
     *
     * @param model the model whose weights are trained in place
     * @param config the optimizer, schedule, clipping and seed
     * @throws UnsupportedOperationException when the model's backend cannot train it exactly with this configuration
     * @throws IllegalArgumentException when the configuration does not fit the spec (truncated BPTT of a non-causal
     *     spec)
     */
    public Trainer(SequenceModel model, TrainingConfig config) {
        this.model = model;
        this.session = model.train(config);
        this.dataRandom = TrainingRun.dataRandom(config.seed());
        this.epochStart = dataRandom.state();
    }

    /**
     * Adds a listener told of every step and epoch end (on the training thread), which may ask to stop.
     *
     * @param l the listener
     * @return this trainer
     */
    public Trainer listener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    @Override
    public SequenceModel model() {
        return model;
    }

    @Override
    public TrainingSession session() {
        return session;
    }

    /** Where training stands now: enough, with the weights, to continue exactly. */
    @Override
    public TrainerState state() {
        return new TrainerState(epoch, batchInEpoch, epochStart, bestValidationLoss, session.state());
    }

    /** Continues from a state taken by {@link #state()} (the model must hold the weights saved with it). */
    @Override
    public void restore(TrainerState state) {
        session.restore(state.optimizer());
        epoch = state.epoch();
        batchInEpoch = state.batchInEpoch();
        epochStart = state.epochStartRandom();
        dataRandom.restore(epochStart);
        bestValidationLoss = state.bestValidationLoss();
    }

    /** The best validation loss seen so far (infinite before the first validation). */
    @Override
    public double bestValidationLoss() {
        return bestValidationLoss;
    }

    /**
     * Trains until epoch {@code epochs} is complete (counting epochs already done before a restore); returns the
     * validation metrics of the last epoch, or null without validation data.
     *
     * Listeners may stop it early: then the epoch just ended is the last. The trainer's state after it is ready for a
     * checkpoint.
     * @param train the training data, shuffled per epoch
     * @param validation data evaluated after each epoch, or null for none
     * @param epochs the last epoch to train, counting from 1
     * @return the last epoch's validation metrics, or null without validation data or when no epoch was left to train
     * @throws TrainingDivergedException when a step's loss diverges; the message names the epoch and batch
     */
    public Evaluation fit(Dataset train, Dataset validation, int epochs) {
        return fit(train, session::step, validation, epochs);
    }

    /**
     * One training step on a batch, as {@link #fit(Dataset, BatchStep, Dataset, int)} takes it.
     */
    @FunctionalInterface
    public interface BatchStep {
        /**
         * Takes one optimizer step on {@code batch}.
         *
         * @param batch the batch of this step
         * @return the step's loss and metrics
         * @throws TrainingDivergedException when the step's loss diverges
         */
        StepResult take(Batch batch);
    }

    /**
     * As {@link #fit(Dataset, Dataset, int)}, with each batch taken by {@code step} instead of this trainer's session:
     * the epochs, the batch order, the listeners, validation and the saved state stay this trainer's. For a loop that
     * computes the same steps elsewhere, such as the Spark module's trainer, which computes the gradients of a batch on
     * executors and applies them with {@link #session()}.
     *
     * @param train the batches to draw per epoch (their contents are what {@code step} receives)
     * @param step takes one step per batch
     * @param validation data evaluated on this trainer's model after each epoch, or null for none
     * @param epochs the last epoch to train, counting from 1
     * @return the last epoch's validation metrics, or null without validation data or when no epoch was left to train
     * @throws TrainingDivergedException when a step's loss diverges; the message names the epoch and batch
     */
    public Evaluation fit(Dataset train, BatchStep step, Dataset validation, int epochs) {
        Evaluation last = null;
        int k = session.config().topK();
        while (epoch <= epochs) {
            dataRandom.restore(epochStart);
            List<Batch> batches = train.epoch(dataRandom);
            long[] nextEpochStart = dataRandom.state();
            double lossSum = 0, predictions = 0;
            while (batchInEpoch < batches.size()) {
                StepResult r;
                try {
                    r = step.take(batches.get(batchInEpoch));
                } catch (TrainingDivergedException e) {
                    throw new TrainingDivergedException(e.step(), e.loss(), "epoch " + epoch + ", batch " + (batchInEpoch + 1) + " of "
                            + batches.size() + ": " + e.getMessage());
                }
                batchInEpoch++;
                lossSum += r.loss() * r.predictions();
                predictions += r.predictions();
                for (TrainingListener l : listeners) l.onStep(epoch, r, batches.size());
            }
            double trainingLoss = lossSum / predictions;
            Evaluation valEval = validation == null ? null : evaluate(model, validation, k);
            if (valEval != null) bestValidationLoss = Math.min(bestValidationLoss, valEval.loss());
            int finished = epoch;
            epoch++;
            batchInEpoch = 0;
            epochStart = nextEpochStart;
            for (TrainingListener l : listeners) l.onEpochEnd(finished, trainingLoss, valEval);
            last = valEval;
            boolean stop = false;
            for (TrainingListener l : listeners) stop |= l.stopRequested();
            if (stop) break;
        }
        return last;
    }

    /**
     * The loss and metrics of {@code model} over all of {@code data}, in inference mode.
     *
     * @param model the model
     * @param data the data, in its stored order
     * @param topK the k of top-k accuracy, at least 1
     * @return the summed metrics over every batch
     */
    public static Evaluation evaluate(SequenceModel model, Dataset data, int topK) {
        Evaluation total = Evaluation.empty(model.spec().loss(), model.spec().outputs(), topK);
        for (Batch b : data.epoch(null)) total = total.plus(model.evaluate(b, topK));
        return total;
    }
}
