package dev.cadenza.spark;

import dev.cadenza.Backend;
import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Gradients;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.Weights;
import dev.cadenza.train.CheckpointWriter;
import dev.cadenza.train.Dataset;
import dev.cadenza.train.Trainer;
import dev.cadenza.train.TrainingListener;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data-parallel training in local[2] against the single-process trainer on the same global batches: equal to float
 * rounding against {@link Trainer}, and bit for bit against one process that adds the partitions' gradient shares in
 * partition order (the order {@link GradientSum} fixes), including runs resumed from a checkpoint.
 */
class SparkTrainerTest {
    private static final int VOCABULARY = 12, STEPS = 8, STRIDE = 4, BATCH = 8, EPOCHS = 2, PARTITIONS = 2;
    /**
     * Spark against Trainer: the same arithmetic except where float sums are cut (per partition, then added), which
     * changes gradients by about 1e-7 relative; Adam turns that into weight differences of the order of lr * 1e-6 per
     * step. 14 steps at lr 0.01 stay far below 1e-4 (measured: 1.3e-7); a wrong batch, a missing share or a wrong scale is off by 1e-3 or more.
     */
    private static final double TOLERANCE = 1e-4;
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(VOCABULARY, 6), Layer.lstm(8), Layer.dense(VOCABULARY));
    private static final TrainingConfig CONFIG = TrainingConfig.of(Optimizer.adam(1e-2)).withClipping(GradientClipping.globalNorm(1.0)).withSeed(7);

    private static Backend pure;
    private static JavaSparkContext sc;
    private static List<int[]> sequences;
    private static TrainingWindows windows;
    private static Weights initial;
    private static Weights trainerWeights;
    private static List<StepResult> trainerSteps;
    private static Weights sparkWeights;
    private static List<StepResult> sparkSteps;

    @BeforeAll
    static void trainBothWays() {
        pure = Cadenza.discover().backend("pure");
        sc = LocalSpark.context();
        SeededRandom r = new SeededRandom(3);
        sequences = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            int[] seq = new int[30 + r.nextInt(30)];
            for (int i = 0; i < seq.length; i++) seq[i] = i == 0 ? r.nextInt(VOCABULARY) : (seq[i - 1] + 1 + r.nextInt(3)) % VOCABULARY;
            sequences.add(seq);
        }
        initial = pure.create(SPEC, 11).weights();

        SequenceModel single = pure.create(SPEC, initial);
        Trainer trainer = new Trainer(single, CONFIG);
        trainerSteps = new ArrayList<>();
        trainer.listener(steps(trainerSteps));
        trainer.fit(Dataset.windows(sequences, STEPS, STRIDE, BATCH), null, EPOCHS);
        trainerWeights = single.weights();

        windows = TrainingWindows.of(sc, sequences, STEPS, STRIDE, PARTITIONS);
        SequenceModel driver = pure.create(SPEC, initial);
        SparkTrainer spark = new SparkTrainer(sc, driver, CONFIG, "pure");
        sparkSteps = new ArrayList<>();
        spark.listener(steps(sparkSteps));
        spark.fit(windows, BATCH, null, EPOCHS);
        sparkWeights = driver.weights();
    }

    @AfterAll
    static void dropWindows() {
        if (windows != null) windows.close();
    }

    private static TrainingListener steps(List<StepResult> into) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, StepResult result, int stepsPerEpoch) {
                into.add(result);
            }
        };
    }

    /** Every window of every sequence, numbered as Dataset.windows and TrainingWindows number them. */
    private static List<int[]> cut(List<int[]> seqs) {
        List<int[]> out = new ArrayList<>();
        for (int[] s : seqs)
            for (int start = 0; start + STEPS + 1 <= s.length; start += STRIDE) out.add(java.util.Arrays.copyOfRange(s, start, start + STEPS + 1));
        return out;
    }

    @Test
    void twoPartitionsGiveTheWeightsOfTheSingleProcessTrainerToFloatRounding() {
        assertEquals(windows.windowCount(), cut(sequences).size());
        assertEquals(trainerSteps.size(), sparkSteps.size(), "the same number of steps");
        assertTrue(sparkSteps.size() >= 10, "enough steps to matter: " + sparkSteps.size());
        for (int i = 0; i < trainerSteps.size(); i++) {
            StepResult a = trainerSteps.get(i), b = sparkSteps.get(i);
            assertEquals(a.step(), b.step());
            assertEquals(a.predictions(), b.predictions(), "step " + a.step() + ": the same batch size");
            assertEquals(a.loss(), b.loss(), 1e-5, "step " + a.step() + ": the same loss");
        }
        double diff = sparkWeights.maxAbsDifference(trainerWeights);
        System.err.printf("SparkTrainerTest: %d steps, max |spark - trainer| = %.3g%n", sparkSteps.size(), diff); // Spark's logging hides INFO
        assertTrue(diff < TOLERANCE, "max |spark - trainer| = " + diff);
        assertTrue(sparkWeights.maxAbsDifference(initial) > 100 * TOLERANCE, "training moved the weights");
    }

    /** One process doing what the partitions and the driver do, with shares added in partition order (or a tree). */
    private static Weights reference(int partitions, int fanIn, int maxSteps) {
        List<int[]> all = cut(sequences);
        int n = all.size();
        SequenceModel model = pure.create(SPEC, initial);
        TrainingSession session = model.train(CONFIG);
        SeededRandom data = new SeededRandom(CONFIG.seed() ^ 0x5DEECE66DL);
        Dataset order = SparkTrainer.windowOrder(n, BATCH);
        int steps = 0;
        for (int e = 0; e < EPOCHS && steps < maxSteps; e++)
            for (Batch ids : order.epoch(data)) {
                if (steps++ == maxSteps) break;
                List<Gradients> shares = new ArrayList<>();
                for (int p = 0; p < partitions; p++) {
                    List<int[]> rows = new ArrayList<>();
                    for (int id : ids.tokens()) if ((long) id * partitions / n == p) rows.add(all.get(id));
                    shares.add(rows.isEmpty() ? null : session.gradients(Dataset.of(rows, rows.size(), false).epoch(null).get(0)));
                }
                session.apply(tree(shares, fanIn));
            }
        return model.weights();
    }

    /** The sum of the (non-empty) shares in GradientSum's order: groups of fanIn in partition order, level by level. */
    private static Gradients tree(List<Gradients> shares, int fanIn) {
        List<Gradients> level = shares;
        while (level.size() > fanIn) {
            List<Gradients> next = new ArrayList<>();
            for (int g = 0; g < level.size(); g += fanIn) next.add(fold(level.subList(g, Math.min(level.size(), g + fanIn))));
            level = next;
        }
        return fold(level);
    }

    private static Gradients fold(List<Gradients> shares) {
        Gradients sum = null;
        for (Gradients g : shares) if (g != null) sum = sum == null ? g : sum.plus(g);
        return sum;
    }

    @Test
    void sharesAreAddedInPartitionOrderSoTheRunIsReproducibleBitForBit() {
        Weights expected = reference(PARTITIONS, SparkTrainer.DEFAULT_FAN_IN, Integer.MAX_VALUE);
        assertEquals(expected, sparkWeights, "max difference " + expected.maxAbsDifference(sparkWeights));
    }

    @Test
    void fourPartitionsAddedInATreeOfFanInTwoAreTheFixedTreeSum() {
        int partitions = 4, steps = 3;
        try (TrainingWindows four = TrainingWindows.of(sc, sequences, STEPS, STRIDE, partitions)) {
            SequenceModel driver = pure.create(SPEC, initial);
            SparkTrainer spark = new SparkTrainer(sc, driver, CONFIG, "pure").fanIn(2);
            SeededRandom data = new SeededRandom(CONFIG.seed() ^ 0x5DEECE66DL);
            List<Batch> batches = SparkTrainer.windowOrder(four.windowCount(), BATCH).epoch(data);
            for (int s = 0; s < steps; s++) spark.step(four, batches.get(s).tokens());
            assertEquals(reference(partitions, 2, steps), driver.weights());
        }
    }

    @Test
    void aRunResumedFromAMidEpochCheckpointEndsWhereTheUninterruptedRunEnds(@TempDir Path folder) throws IOException {
        int crashAfter = 7, every = 5;
        SequenceModel driver = pure.create(SPEC, initial);
        SparkTrainer first = new SparkTrainer(sc, driver, CONFIG, "pure");
        first.listener(new CheckpointWriter(first, folder, every, null, Map.of("recipe", "test")));
        first.listener(new TrainingListener() {
            @Override
            public void onStep(int epoch, StepResult result, int stepsPerEpoch) {
                if (result.step() == crashAfter) throw new IllegalStateException("simulated crash");
            }
        });
        assertThrows(IllegalStateException.class, () -> first.fit(windows, BATCH, null, EPOCHS));

        Checkpoint saved = Checkpoint.read(folder.resolve(CheckpointWriter.LAST));
        assertEquals(every, saved.optimizer().step(), "the last checkpoint is the one of step " + every);
        assertEquals("test", saved.metadata().get("recipe"));
        SequenceModel resumedModel = pure.create(saved.spec(), saved.weights());
        SparkTrainer resumed = new SparkTrainer(sc, resumedModel, saved.trainingConfig(), "pure");
        CheckpointWriter.resume(resumed, saved);
        List<StepResult> rest = new ArrayList<>();
        resumed.listener(steps(rest));
        resumed.fit(windows, BATCH, null, EPOCHS);
        assertEquals(sparkSteps.size() - every, rest.size(), "it continues with step " + (every + 1));
        assertEquals(every + 1, rest.get(0).step());
        assertEquals(sparkWeights, resumedModel.weights(), "bit for bit the uninterrupted Spark run");
        assertTrue(resumedModel.weights().maxAbsDifference(trainerWeights) < TOLERANCE);

        // The same checkpoint continues on one machine with the single-process Trainer.
        SequenceModel single = pure.create(saved.spec(), saved.weights());
        Trainer trainer = new Trainer(single, saved.trainingConfig());
        CheckpointWriter.resume(trainer, saved);
        trainer.fit(Dataset.windows(sequences, STEPS, STRIDE, BATCH), null, EPOCHS);
        double diff = single.weights().maxAbsDifference(trainerWeights);
        assertTrue(diff < TOLERANCE, "a Spark checkpoint resumed by Trainer: max difference " + diff);
    }

    @Test
    void modelsWithRunningStatisticsAreRefused() {
        ModelSpec withNorm = ModelSpec.of(Input.embedding(VOCABULARY, 4), Layer.lstm(4), Layer.BatchNorm.defaults(), Layer.dense(VOCABULARY));
        SequenceModel model = pure.create(withNorm, 1);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> new SparkTrainer(sc, model, CONFIG, "pure"));
        assertTrue(e.getMessage().contains("not trained by the optimizer"), e.getMessage());
    }
}
