package dev.cadenza.optim;

import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optimizer of every engine, written once over canonical float arrays (the trainable tensors of
 * {@link ModelSpec#parameters()}, in that order). One {@link #step} is, in this order: L2 weight decay g += decay * w on
 * every trainable tensor; the global gradient norm (reported); clipping by that norm or by value; the rate
 * lr = schedule.rate(base, t - 1); and the update, per element in double with the slots stored as float (t is the
 * 1-based step):
 * <ul>
 *   <li>SGD: v = momentum v + g; w -= lr v, or with Nesterov w -= lr (g + momentum v). Slot {@code velocity/}.</li>
 *   <li>RMSprop: s = rho s + (1 - rho) g^2; w -= lr g / (sqrt(s) + eps). Slot {@code s/}.</li>
 *   <li>Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr sqrt(1 - b2^t) / (1 - b1^t) m / (sqrt(v) + eps),
 *       eps added to the uncorrected sqrt(v) as DJL and DL4J do. Slots {@code m/}, {@code v/}.</li>
 *   <li>Nadam as Keras computes it: mu_t = b1 (1 - 0.5 * 0.96^(0.004 t)), P_t = mu_1 ... mu_t;
 *       m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *       m_bar = (1 - mu_t) g / (1 - P_t) + mu_{t+1} m / (1 - P_t mu_{t+1});
 *       w -= lr m_bar / (sqrt(v / (1 - b2^t)) + eps). Slots {@code m/}, {@code v/}; P_t is recomputed from t.</li>
 * </ul>
 * Its state (the step count and the slots, named {@code <slot>/<parameter>}) is {@link OptimizerState}, portable
 * between engines and machines. Not thread-safe.
 */
public final class CanonicalOptimizer {
    private static final double NADAM_DECAY = 0.004, NADAM_BASE = 0.96;

    private final TrainingConfig config;
    private final List<String> names = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private long step;
    /** Nadam's product of momentum coefficients mu_1 ... mu_step. */
    private double nadamProduct = 1;

    /**
     * An optimizer at step 0 for the trainable tensors of {@code spec}.
     *
     * @param spec the model's spec; its trainable parameters, in order, are the arrays {@link #step} takes
     * @param config the optimizer, schedule, weight decay and clipping
     */
    public CanonicalOptimizer(ModelSpec spec, TrainingConfig config) {
        this.config = config;
        for (ParameterSpec p : spec.parameters()) {
            if (!p.trainable()) continue;
            names.add(p.name());
            shapes.add(p.shape());
        }
        for (String slot : config.optimizer().slotNames()) {
            float[][] s = new float[names.size()][];
            for (int i = 0; i < s.length; i++) s[i] = new float[sizeOf(shapes.get(i))];
            slots.put(slot, s);
        }
    }

    /**
     * The trainable tensors' names, in the order of the arrays this optimizer takes.
     *
     * @return an immutable list of parameter names
     */
    public List<String> names() {
        return List.copyOf(names);
    }

    /**
     * Steps taken so far.
     *
     * @return the step count, {@code >= 0}
     */
    public long steps() {
        return step;
    }

    /**
     * The learning rate the next step will use.
     *
     * @return the rate of step {@link #steps()}, after the schedule
     */
    public double nextRate() {
        return config.schedule().rate(config.optimizer().learningRate(), step);
    }

    /**
     * One optimizer step: decays, measures and clips {@code gradients} in place, then updates {@code weights} in place.
     * Returns the global gradient norm before clipping (after weight decay).
     *
     * @param weights the trainable weights, one flat array per name of {@link #names()}; updated in place
     * @param gradients their gradients, the same layout; decayed and clipped in place
     * @return the gradient norm before clipping
     * @throws IllegalArgumentException when the number of arrays is not the number of trainable tensors
     */
    public double step(float[][] weights, float[][] gradients) {
        if (weights.length != names.size() || gradients.length != names.size())
            throw new IllegalArgumentException("optimizer: expected " + names.size() + " weight and gradient arrays, got "
                    + weights.length + " and " + gradients.length);
        double norm = prepare(weights, gradients);
        double lr = nextRate();
        step++;
        update(weights, gradients, lr);
        return norm;
    }

    private double prepare(float[][] weights, float[][] gradients) {
        double decay = config.weightDecay();
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            float[] g = gradients[i], w = weights[i];
            if (g.length != w.length) throw new IllegalArgumentException("optimizer: " + names.get(i) + " has " + w.length
                    + " weights and " + g.length + " gradients");
            for (int j = 0; j < g.length; j++) {
                if (decay != 0) g[j] = (float) (g[j] + decay * w[j]);
                sum += (double) g[j] * g[j];
            }
        }
        double norm = Math.sqrt(sum);
        GradientClipping clip = config.clipping();
        if (clip instanceof GradientClipping.GlobalNorm n && norm > n.maxNorm()) {
            double scale = n.maxNorm() / norm;
            for (float[] g : gradients)
                for (int j = 0; j < g.length; j++) g[j] = (float) (g[j] * scale);
        } else if (clip instanceof GradientClipping.Value v) {
            float limit = (float) v.limit();
            for (float[] g : gradients)
                for (int j = 0; j < g.length; j++) g[j] = Math.max(-limit, Math.min(limit, g[j]));
        }
        return norm;
    }

    private void update(float[][] weights, float[][] gradients, double lr) {
        Optimizer o = config.optimizer();
        long t = step;
        if (o instanceof Optimizer.Sgd sgd) {
            float[][] vel = slots.get("velocity");
            double mu = sgd.momentum();
            for (int i = 0; i < weights.length; i++) {
                float[] w = weights[i], g = gradients[i], v = vel[i];
                for (int j = 0; j < w.length; j++) {
                    v[j] = (float) (mu * v[j] + g[j]);
                    double delta = sgd.nesterov() ? g[j] + mu * v[j] : v[j];
                    w[j] = (float) (w[j] - lr * delta);
                }
            }
        } else if (o instanceof Optimizer.RmsProp rms) {
            float[][] sq = slots.get("s");
            double rho = rms.rho(), eps = rms.epsilon();
            for (int i = 0; i < weights.length; i++) {
                float[] w = weights[i], g = gradients[i], s = sq[i];
                for (int j = 0; j < w.length; j++) {
                    s[j] = (float) (rho * s[j] + (1 - rho) * g[j] * g[j]);
                    w[j] = (float) (w[j] - lr * g[j] / (Math.sqrt(s[j]) + eps));
                }
            }
        } else if (o instanceof Optimizer.Adam adam) {
            double b1 = adam.beta1(), b2 = adam.beta2(), eps = adam.epsilon();
            double a = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            float[][] ms = slots.get("m"), vs = slots.get("v");
            for (int i = 0; i < weights.length; i++) {
                float[] w = weights[i], g = gradients[i], m = ms[i], v = vs[i];
                for (int j = 0; j < w.length; j++) {
                    m[j] = (float) (b1 * m[j] + (1 - b1) * g[j]);
                    v[j] = (float) (b2 * v[j] + (1 - b2) * g[j] * g[j]);
                    w[j] = (float) (w[j] - a * m[j] / (Math.sqrt(v[j]) + eps));
                }
            }
        } else if (o instanceof Optimizer.Nadam nadam) {
            double b1 = nadam.beta1(), b2 = nadam.beta2(), eps = nadam.epsilon();
            double mu = nadamMomentum(b1, t), muNext = nadamMomentum(b1, t + 1);
            nadamProduct *= mu;
            double productNext = nadamProduct * muNext;
            double vCorrection = 1 - Math.pow(b2, t);
            float[][] ms = slots.get("m"), vs = slots.get("v");
            for (int i = 0; i < weights.length; i++) {
                float[] w = weights[i], g = gradients[i], m = ms[i], v = vs[i];
                for (int j = 0; j < w.length; j++) {
                    m[j] = (float) (b1 * m[j] + (1 - b1) * g[j]);
                    v[j] = (float) (b2 * v[j] + (1 - b2) * g[j] * g[j]);
                    double mBar = (1 - mu) * g[j] / (1 - nadamProduct) + muNext * m[j] / (1 - productNext);
                    w[j] = (float) (w[j] - lr * mBar / (Math.sqrt(v[j] / vCorrection) + eps));
                }
            }
        }
    }

    private static double nadamMomentum(double b1, long t) {
        return b1 * (1 - 0.5 * Math.pow(NADAM_BASE, NADAM_DECAY * t));
    }

    /**
     * The state now, with the training random stream's state (may be null) to save beside it.
     *
     * @param randomState the training random stream's four words, or null
     * @return a new state with copies of the slots
     */
    public OptimizerState state(long[] randomState) {
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<String, float[][]> e : slots.entrySet())
            for (int i = 0; i < names.size(); i++)
                out.add(new Tensor(e.getKey() + "/" + names.get(i), shapes.get(i), e.getValue()[i].clone()));
        return new OptimizerState(step, out, randomState);
    }

    /**
     * Continues from a saved state: the same slot names and shapes, or an IllegalArgumentException naming the first
     * that differs.
     *
     * @param state a state from {@link #state(long[])} of an optimizer of the same kind on the same spec
     * @throws IllegalArgumentException when the step is negative, or a slot is missing, unexpected or misshapen
     */
    public void restore(OptimizerState state) {
        if (state.step() < 0) throw new IllegalArgumentException("optimizer state: step must be >= 0, was " + state.step());
        Map<String, Tensor> byName = new HashMap<>();
        for (Tensor t : state.slots()) byName.put(t.name(), t);
        for (Map.Entry<String, float[][]> e : slots.entrySet())
            for (int i = 0; i < names.size(); i++) {
                String name = e.getKey() + "/" + names.get(i);
                Tensor t = byName.remove(name);
                if (t == null)
                    throw new IllegalArgumentException("optimizer state: slot " + name + " is missing (the state is for a different "
                            + "optimizer or model; " + config.optimizer().getClass().getSimpleName() + " keeps " + slots.keySet() + ")");
                if (!java.util.Arrays.equals(t.shape(), shapes.get(i)))
                    throw new IllegalArgumentException("optimizer state: slot " + name + " has shape " + java.util.Arrays.toString(t.shape())
                            + ", expected " + java.util.Arrays.toString(shapes.get(i)));
            }
        if (!byName.isEmpty()) throw new IllegalArgumentException("optimizer state: slots not used by this optimizer: " + byName.keySet());
        for (Tensor t : state.slots()) {
            int slash = t.name().indexOf('/');
            float[] dst = slots.get(t.name().substring(0, slash))[names.indexOf(t.name().substring(slash + 1))];
            System.arraycopy(t.data(), 0, dst, 0, dst.length);
        }
        step = state.step();
        nadamProduct = 1;
        if (config.optimizer() instanceof Optimizer.Nadam n)
            for (long s = 1; s <= step; s++) nadamProduct *= nadamMomentum(n.beta1(), s);
    }

    private static int sizeOf(int[] shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }
}
