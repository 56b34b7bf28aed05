package dev.cadenza.train;

import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes {@code last.cadenza} every N optimizer steps and at each epoch end, and {@code best.cadenza} whenever the
 * validation loss improves. Writes are atomic, so killing the process at any moment leaves the last good file. It
 * writes any {@link TrainingRun} (a {@link Trainer}, the Spark module's trainer), and what one wrote resumes on another.
 */
public final class CheckpointWriter implements TrainingListener {
    /** The file name of the latest checkpoint, rewritten every N steps and at each epoch end. */
    public static final String LAST = "last.cadenza";
    /** The file name of the checkpoint with the lowest validation loss so far. */
    public static final String BEST = "best.cadenza";

    private final TrainingRun trainer;
    private final Path folder;
    private final int everySteps;
    private final TokenizerState tokenizer;
    private final Map<String, String> metadata;
    private double best = Double.POSITIVE_INFINITY;

    /**
     * @param everySteps 0 for epoch ends only
     * @param trainer the run to snapshot; its best validation loss so far seeds the "best" comparison
     * @param folder the folder the two files go to; created when missing
     * @param tokenizer the tokenizer state saved with the model, or null for none
     * @param metadata extra string entries for every checkpoint (the recipe, the corpus); copied
     * @throws IllegalArgumentException when {@code everySteps} is negative
     */
    public CheckpointWriter(TrainingRun trainer, Path folder, int everySteps, TokenizerState tokenizer, Map<String, String> metadata) {
        if (everySteps < 0) throw new IllegalArgumentException("everySteps must be >= 0, was " + everySteps);
        this.trainer = trainer;
        this.folder = folder;
        this.everySteps = everySteps;
        this.tokenizer = tokenizer;
        this.metadata = Map.copyOf(metadata);
        this.best = trainer.bestValidationLoss();
    }

    @Override
    public void onStep(int epoch, StepResult result, int stepsPerEpoch) {
        if (everySteps > 0 && result.step() % everySteps == 0) write(LAST);
    }

    @Override
    public void onEpochEnd(int epoch, double trainingLoss, Evaluation validation) {
        write(LAST);
        if (validation != null && validation.loss() < best) {
            best = validation.loss();
            write(BEST);
        }
    }

    /**
     * The checkpoint of the trainer's current state.
     *
     * @return a new checkpoint: spec, weights, tokenizer, configuration, optimizer state and the trainer's position
     */
    public Checkpoint snapshot() {
        TrainerState state = trainer.state();
        Map<String, String> m = new HashMap<>(metadata);
        m.putAll(state.toMetadata());
        return Checkpoint.of(trainer.model().spec(), trainer.model().weights()).withTokenizer(tokenizer)
                .withTraining(trainer.session().config(), state.optimizer()).withMetadata(m);
    }

    private void write(String name) {
        try {
            snapshot().write(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + folder.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores a run (whose model already holds the checkpoint's weights) from a checkpoint this class wrote.
     *
     * @param trainer the run to continue
     * @param checkpoint a checkpoint written by this class, with optimizer state and the trainer's position
     * @throws IllegalArgumentException when the checkpoint has no optimizer state or trainer position, or they do not
     *     fit
     */
    public static void resume(TrainingRun trainer, Checkpoint checkpoint) {
        if (checkpoint.optimizer() == null)
            throw new IllegalArgumentException("checkpoint has no optimizer state: it cannot resume training");
        trainer.restore(TrainerState.fromMetadata(checkpoint.metadata(), checkpoint.optimizer()));
    }
}
