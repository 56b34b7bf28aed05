package dev.cadenza.train;

import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.SeededRandom;

/**
 * A training loop whose place can be saved and continued: {@link Trainer} on one machine, and loops that compute the
 * same steps elsewhere (the Spark module's trainer). {@link CheckpointWriter} writes any of them, and a checkpoint one
 * wrote continues on any other, because they all draw their batches from {@link #dataRandom(long)}.
 */
public interface TrainingRun {
    /**
     * The model being trained: it holds the current weights.
     *
     * @return the model
     */
    SequenceModel model();

    /**
     * The session that applies the optimizer.
     *
     * @return the session
     */
    TrainingSession session();

    /**
     * Where training stands now: enough, with the weights, to continue exactly.
     *
     * @return a new state
     */
    TrainerState state();

    /**
     * Continues from a state taken by {@link #state()} of this or another run (the model must hold its weights).
     *
     * @param state a state of a run on the same spec and configuration
     */
    void restore(TrainerState state);

    /**
     * The best validation loss seen so far (infinite before the first validation).
     *
     * @return the loss, or positive infinity
     */
    double bestValidationLoss();

    /**
     * The random stream that orders the batches of every epoch for a run seeded with {@code seed} (the training
     * configuration's), separate from the session's stream (dropout), so that every run sees the same batches.
     *
     * @param seed the training configuration's seed
     * @return a new stream
     */
    static SeededRandom dataRandom(long seed) {
        return new SeededRandom(seed ^ 0x5DEECE66DL);
    }
}
