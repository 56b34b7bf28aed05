package dev.cadenza.dl4j;

import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Issue 11: a DL4J GRU printed 2,114 "Added differentiated op" lines (ND4J's SameDiff builds the GRU's gradient
 * function with a System.out.println per op). Building, training, evaluating and stepping a GRU model prints nothing.
 */
class Dl4jQuietTest {
    @Test
    void gruModelPrintsNothingToStandardOutput() {
        Fixtures.backend(); // ND4J's native load may log; what is checked is the model's own work
        ModelSpec spec = ModelSpec.of(Input.embedding(9, 4), Layer.gru(6), new Layer.Bidirectional(Layer.gru(5), Layer.Merge.CONCAT),
                Layer.dense(9));
        String printed = capture(() -> {
            try (SequenceModel model = Fixtures.backend().create(spec, 1L)) {
                TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(0.01)));
                session.step(Fixtures.tokens(2, 7, 9, 1)); // the first backward pass builds the gradient function
                session.step(Fixtures.tokens(3, 4, 9, 2)); // another length: another unrolled network
                model.evaluate(Fixtures.tokens(2, 5, 9, 3));
            }
            ModelSpec causal = ModelSpec.of(Input.embedding(9, 4), Layer.gru(6), Layer.dense(9));
            try (SequenceModel model = Fixtures.backend().create(causal, 1L)) {
                model.train(TrainingConfig.of(Optimizer.sgd(0.1, 0))).step(Fixtures.tokens(2, 6, 9, 4));
                ModelState state = model.newState(1);
                for (int t = 0; t < 3; t++) model.step(state, t);
            }
        });
        assertEquals("", printed, "standard output while building, training and stepping GRU models");
    }

    /** Only SameDiff's lines are dropped: anything else printed meanwhile comes through, and System.out is restored. */
    @Test
    void theFilterPassesEverythingElse() {
        PrintStream before = System.out;
        String printed = capture(() -> SameDiffNoise.quiet(() -> {
            System.out.println("Added differentiated op gru/mmul_3");
            System.out.println("a line of the user's");
            System.out.print("Added differentiated op x\nno newline at the end");
            return null;
        }));
        assertEquals("a line of the user's" + System.lineSeparator() + "no newline at the end", printed);
        assertSame(before, System.out);
    }

    private static String capture(Runnable work) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
