package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.Backend;
import dev.cadenza.train.CheckpointWriter;
import dev.cadenza.train.Dataset;
import dev.cadenza.train.Trainer;
import dev.cadenza.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Training that is killed and resumed from its last checkpoint ends with exactly the weights of uninterrupted training. */
class ResumeTest {
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(7, 4), Layer.lstm(8), Layer.dropout(0.2), Layer.dense(7));
    private static final TrainingConfig CONFIG = TrainingConfig.of(Optimizer.adam(1e-2)).withSeed(5);

    private static Dataset data() {
        SeededRandom r = new SeededRandom(1);
        List<int[]> seqs = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int[] seq = new int[40];
            for (int i = 0; i < seq.length; i++) seq[i] = r.nextInt(7);
            seqs.add(seq);
        }
        return Dataset.windows(seqs, 6, 3, 4); // 36 windows, 9 batches per epoch
    }

    /** Simulates a kill: training stops abruptly after this many steps. */
    static final class Kill extends RuntimeException {}

    @Test
    void resumedTrainingEqualsUninterruptedTraining(@TempDir Path dir) throws Exception {
        Backend pure = Cadenza.discover().backend("pure");
        Weights uninterrupted;
        try (SequenceModel model = pure.create(SPEC, 3)) {
            new Trainer(model, CONFIG).fit(data(), null, 3);
            uninterrupted = model.weights();
        }

        try (SequenceModel model = pure.create(SPEC, 3)) {
            Trainer trainer = new Trainer(model, CONFIG);
            trainer.listener(new CheckpointWriter(trainer, dir, 4, null, Map.of()));
            trainer.listener(new TrainingListener() {
                @Override
                public void onStep(int epoch, StepResult r, int stepsPerEpoch) {
                    if (r.step() == 14) throw new Kill(); // mid-epoch 2; the last checkpoint is at step 12
                }
            });
            assertThrows(Kill.class, () -> trainer.fit(data(), null, 3));
        }

        Checkpoint last = Checkpoint.read(dir.resolve(CheckpointWriter.LAST));
        assertEquals(12, last.optimizer().step());
        assertEquals("2", last.metadata().get("trainer.epoch"));
        assertEquals("3", last.metadata().get("trainer.batchInEpoch"));
        try (SequenceModel model = pure.create(last.spec(), last.weights())) {
            Trainer trainer = new Trainer(model, last.trainingConfig());
            CheckpointWriter.resume(trainer, last);
            trainer.fit(data(), null, 3);
            assertEquals(0.0, uninterrupted.maxAbsDifference(model.weights()), "resumed weights differ from uninterrupted training");
            assertEquals(uninterrupted, model.weights());
        }
    }
}
