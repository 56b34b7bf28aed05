package dev.cadenza.samplers;

import dev.cadenza.Backend;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Initialization;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineState;
import dev.cadenza.spi.EngineTrainer;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * TEST DOUBLE: an engine whose "model" gives next-token logits as a fixed function of the last {@code order - 1} tokens
 * (a bigram or n-gram table), with a real state (the context of each row) that copies and reorders like a network's.
 * Served through the real {@link Backend} and {@link SequenceModel}, so generators and samplers run on it as on a
 * trained network. Only generation is modelled; anything else reaching it is a test bug.
 */
final class ContextTableModelDouble implements Engine {
    private final ModelSpec spec;
    private final int contextLength;
    private final Function<int[], float[]> logitsOfContext;
    volatile int steps; // calls of step(), for tests that count model work

    /** @param logitsOfContext logits for a context of the last {@code order - 1} tokens, oldest first (-1 = none yet) */
    ContextTableModelDouble(int classes, int order, Function<int[], float[]> logitsOfContext) {
        this.spec = ModelSpec.of(new Input.OneHot(classes), new Layer.Dense(classes, Activation.LINEAR));
        this.contextLength = order - 1;
        this.logitsOfContext = logitsOfContext;
    }

    /** A bigram table: {@code table[previous][next]} logits. */
    static SequenceModel bigram(float[][] table) {
        return new ContextTableModelDouble(table.length, 2, ctx -> table[ctx[0] < 0 ? 0 : ctx[0]]).model();
    }

    /** The model as users hold it (its weights are never read). */
    SequenceModel model() {
        return new Backend(this).create(spec, Initialization.initialize(spec, 0));
    }

    private static final class ContextState implements EngineState {
        private int[][] contexts;

        ContextState(int rows, int length) {
            contexts = new int[rows][length];
            for (int[] c : contexts) Arrays.fill(c, -1);
        }

        @Override
        public EngineState copy() {
            ContextState c = new ContextState(0, 0);
            c.contexts = new int[contexts.length][];
            for (int r = 0; r < contexts.length; r++) c.contexts[r] = contexts[r].clone();
            return c;
        }

        @Override
        public void reorder(int[] sources) {
            int[][] next = new int[contexts.length][];
            for (int r = 0; r < sources.length; r++) next[r] = contexts[sources[r]].clone();
            contexts = next;
        }
    }

    @Override
    public String name() {
        return "test-double";
    }

    @Override
    public List<String> unsupported(ModelSpec s) {
        return List.of();
    }

    @Override
    public EngineModel create(ModelSpec s, Weights weights) {
        return new EngineModel() {
            @Override
            public EngineState newState(int batchSize) {
                return new ContextState(batchSize, contextLength);
            }

            @Override
            public float[] step(EngineState state, Batch one) {
                ContextState cs = (ContextState) state;
                int classes = spec.outputs();
                int[] tokens = one.tokens();
                float[] out = new float[tokens.length * classes];
                for (int r = 0; r < tokens.length; r++) {
                    int[] c = cs.contexts[r];
                    if (c.length > 0) {
                        System.arraycopy(c, 1, c, 0, c.length - 1);
                        c[c.length - 1] = tokens[r];
                    }
                    System.arraycopy(logitsOfContext.apply(c.clone()), 0, out, r * classes, classes);
                }
                steps++;
                return out;
            }

            @Override
            public float[] forward(Batch batch) {
                throw new AssertionError("test double: generation only");
            }

            @Override
            public Weights weights() {
                throw new AssertionError("test double: no weights");
            }

            @Override
            public void loadWeights(Weights w) {
                throw new AssertionError("test double: no weights");
            }

            @Override
            public EngineTrainer trainer() {
                throw new AssertionError("test double: generation only");
            }

            @Override
            public void close() {}
        };
    }
}
