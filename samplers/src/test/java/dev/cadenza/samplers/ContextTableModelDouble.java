package dev.cadenza.samplers;

import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ModelState;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.model.Weights;

import java.util.Arrays;
import java.util.function.Function;

/**
 * TEST DOUBLE: a "model" whose next-token logits are a fixed function of the last {@code order - 1} tokens (a bigram or
 * n-gram table), with a real {@link ModelState} (the context of each row) that copies and reorders like a network's.
 * Only generation is implemented; the training and weight methods throw.
 */
final class ContextTableModelDouble implements SequenceModel {
    private final ModelSpec spec;
    private final int contextLength;
    private final Function<int[], float[]> logitsOfContext;
    int steps; // calls of step(), for tests that count model work

    /** @param logitsOfContext logits for a context of the last {@code order - 1} tokens, oldest first (-1 = none yet) */
    ContextTableModelDouble(int classes, int order, Function<int[], float[]> logitsOfContext) {
        this.spec = ModelSpec.of(new Input.OneHot(classes), new Layer.Dense(classes, Activation.LINEAR));
        this.contextLength = order - 1;
        this.logitsOfContext = logitsOfContext;
    }

    /** A bigram table: {@code table[previous][next]} logits. */
    static ContextTableModelDouble bigram(float[][] table) {
        return new ContextTableModelDouble(table.length, 2, ctx -> table[ctx[0] < 0 ? 0 : ctx[0]]);
    }

    static final class ContextState implements ModelState {
        private int[][] contexts;
        private long position;

        ContextState(int rows, int length) {
            contexts = new int[rows][length];
            for (int[] c : contexts) Arrays.fill(c, -1);
        }

        @Override
        public int batchSize() {
            return contexts.length;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public ModelState copy() {
            ContextState c = new ContextState(0, 0);
            c.contexts = new int[contexts.length][];
            for (int r = 0; r < contexts.length; r++) c.contexts[r] = contexts[r].clone();
            c.position = position;
            return c;
        }

        @Override
        public void reorder(int[] sources) {
            if (sources.length != contexts.length)
                throw new IllegalArgumentException("reorder needs " + contexts.length + " sources, got " + sources.length);
            int[][] next = new int[contexts.length][];
            for (int r = 0; r < sources.length; r++) next[r] = contexts[sources[r]].clone();
            contexts = next;
        }
    }

    @Override
    public ModelState newState(int batchSize) {
        return new ContextState(batchSize, contextLength);
    }

    @Override
    public float[] step(ModelState state, int[] tokens) {
        ContextState s = (ContextState) state;
        int classes = spec.classes();
        if (tokens.length != s.contexts.length)
            throw new IllegalArgumentException("step needs " + s.contexts.length + " tokens, got " + tokens.length);
        float[] out = new float[tokens.length * classes];
        for (int r = 0; r < tokens.length; r++) {
            int[] c = s.contexts[r];
            if (c.length > 0) {
                System.arraycopy(c, 1, c, 0, c.length - 1);
                c[c.length - 1] = tokens[r];
            }
            System.arraycopy(logitsOfContext.apply(c.clone()), 0, out, r * classes, classes);
        }
        s.position++;
        steps++;
        return out;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public String backend() {
        return "test-double";
    }

    @Override
    public Weights weights() {
        throw new UnsupportedOperationException("test double: no weights");
    }

    @Override
    public void loadWeights(Weights weights) {
        throw new UnsupportedOperationException("test double: no weights");
    }

    @Override
    public float[] forward(Batch batch) {
        throw new UnsupportedOperationException("test double: generation only");
    }

    @Override
    public Evaluation evaluate(Batch batch, int topK) {
        throw new UnsupportedOperationException("test double: generation only");
    }

    @Override
    public TrainingSession train(TrainingConfig config) {
        throw new UnsupportedOperationException("test double: generation only");
    }

    @Override
    public float[] step(ModelState state, float[] features) {
        throw new UnsupportedOperationException("test double: token input only");
    }

    @Override
    public void close() {}
}
