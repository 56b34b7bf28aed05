package dev.cadenza;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.Engine;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineState;
import dev.cadenza.spi.EngineTrainer;

import java.util.ArrayList;
import java.util.List;

/**
 * A test engine that runs exactly one kind of network, an input followed by one linear Dense layer (y = x W + b at
 * every step, no memory), written out in plain Java so the api's own arithmetic (losses, micro-batches, the optimizer,
 * checks, generation) can be tested without a real engine. Every input kind is read as the canonical layout says.
 */
public final class LinearEngine implements Engine {
    /** Counts step calls, for the generator tests. */
    public int steps;

    public static Backend backend() {
        return new Backend(new LinearEngine());
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public List<String> unsupported(ModelSpec spec) {
        if (spec.layers().size() != 1 || !(spec.layers().get(0) instanceof Layer.Dense d) || d.activation() != dev.cadenza.model.Activation.LINEAR)
            return List.of("the linear test engine runs an input and one linear Dense layer only");
        return List.of();
    }

    @Override
    public EngineModel create(ModelSpec spec, Weights weights) {
        return new Model(spec, weights);
    }

    private final class Model implements EngineModel, EngineTrainer {
        final ModelSpec spec;
        final int in, out;
        final float[] w, b, table, gw, gb, gTable;
        Batch last;
        float[] lastX;

        Model(ModelSpec spec, Weights weights) {
            this.spec = spec;
            this.in = spec.input().width();
            this.out = spec.outputs();
            this.w = weights.get("layers.0.kernel").data().clone();
            this.b = weights.get("layers.0.bias").data().clone();
            Input tokens = spec.input() instanceof Input.Conditioned c ? c.tokens() : spec.input();
            this.table = tokens instanceof Input.Embedding ? weights.get("input.embedding").data().clone() : null;
            this.gw = new float[w.length];
            this.gb = new float[b.length];
            this.gTable = table == null ? null : new float[table.length];
        }

        /** The input vectors of every row and step, [size * steps, in]. */
        float[] inputs(Batch batch) {
            int cells = batch.size() * batch.steps();
            float[] x = new float[cells * in];
            Input input = spec.input();
            if (input.featureWidth() > 0) return batch.features().clone();
            Input tokens = input instanceof Input.Conditioned c ? c.tokens() : input;
            int tw = tokens.width(), cw = input.conditioningWidth();
            for (int i = 0; i < cells; i++) {
                int id = batch.tokens()[i];
                if (table != null) System.arraycopy(table, id * tw, x, i * in, tw);
                else x[i * in + id] = 1;
                if (cw > 0) System.arraycopy(batch.conditioning(), i * cw, x, i * in + tw, cw);
            }
            return x;
        }

        float[] apply(float[] x, int rows) {
            float[] y = new float[rows * out];
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < out; o++) {
                    double s = b[o];
                    for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w[i * out + o];
                    y[r * out + o] = (float) s;
                }
            return y;
        }

        @Override
        public float[] forward(Batch batch) {
            return apply(inputs(batch), batch.size() * batch.steps());
        }

        @Override
        public EngineState newState(int batchSize) {
            return new EngineState() {
                public EngineState copy() {
                    return this;
                }

                public void reorder(int[] sources) {}
            };
        }

        @Override
        public float[] step(EngineState state, Batch step) {
            steps++;
            return forward(step);
        }

        @Override
        public Weights weights() {
            List<Tensor> t = new ArrayList<>();
            if (table != null) t.add(new Tensor("input.embedding", spec.parameters().get(0).shape(), table.clone()));
            t.add(new Tensor("layers.0.kernel", new int[] {in, out}, w.clone()));
            t.add(new Tensor("layers.0.bias", new int[] {out}, b.clone()));
            return Weights.of(spec, t);
        }

        @Override
        public void loadWeights(Weights weights) {
            System.arraycopy(weights.get("layers.0.kernel").data(), 0, w, 0, w.length);
            System.arraycopy(weights.get("layers.0.bias").data(), 0, b, 0, b.length);
            if (table != null) System.arraycopy(weights.get("input.embedding").data(), 0, table, 0, table.length);
        }

        @Override
        public EngineTrainer trainer() {
            return this;
        }

        @Override
        public float[] forward(Batch batch, SeededRandom random, boolean carry) {
            last = batch;
            lastX = inputs(batch);
            return apply(lastX, batch.size() * batch.steps());
        }

        @Override
        public void backward(float[] dy) {
            int rows = last.size() * last.steps();
            for (int r = 0; r < rows; r++)
                for (int o = 0; o < out; o++) {
                    float g = dy[r * out + o];
                    gb[o] += g;
                    for (int i = 0; i < in; i++) gw[i * out + o] += lastX[r * in + i] * g;
                }
            if (table != null) {
                int tw = ((Input.Embedding) (spec.input() instanceof Input.Conditioned c ? c.tokens() : spec.input())).dimension();
                for (int r = 0; r < rows; r++)
                    for (int i = 0; i < tw; i++) {
                        double s = 0;
                        for (int o = 0; o < out; o++) s += (double) dy[r * out + o] * w[i * out + o];
                        gTable[last.tokens()[r] * tw + i] += (float) s;
                    }
            }
        }

        @Override
        public void zeroGradients() {
            java.util.Arrays.fill(gw, 0);
            java.util.Arrays.fill(gb, 0);
            if (gTable != null) java.util.Arrays.fill(gTable, 0);
        }

        @Override
        public float[][] gradients() {
            return table != null ? new float[][] {gTable, gw, gb} : new float[][] {gw, gb};
        }

        @Override
        public float[][] trainableWeights() {
            return table != null ? new float[][] {table, w, b} : new float[][] {w, b};
        }

        @Override
        public void weightsUpdated() {}

        @Override
        public void close() {}
    }
}
