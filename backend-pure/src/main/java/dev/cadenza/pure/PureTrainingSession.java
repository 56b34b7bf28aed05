package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.OptimizerState;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimizer over a {@link Network}. A step is: forward in training mode, mean softmax cross-entropy over the
 * predicted tokens, backward, then, in this order, L2 weight decay g += decay * w on every trainable tensor, the
 * global gradient norm (reported in {@link StepResult}), clipping, lr = schedule.rate(base, t - 1), and the update,
 * per element in double with the slots stored as float (t is the 1-based step):
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
 * Truncated BPTT ({@code truncatedBptt = k > 0}) runs the window in chunks of k steps, each starting from the
 * recurrent states and convolution history the previous chunk ended in, with no gradient flowing between chunks; the
 * gradients of all chunks are summed (the loss is still the mean over the whole window) and one optimizer step
 * follows. The training random stream (dropout) is seeded by {@link TrainingConfig#seed()} and saved in the state.
 */
final class PureTrainingSession implements TrainingSession {
    private static final double NADAM_DECAY = 0.004, NADAM_BASE = 0.96;

    private final Network network;
    private final TrainingConfig config;
    private final List<String> names;
    private final float[][] weights, gradients;
    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private final SeededRandom random;
    private long step;
    /** Nadam's product of momentum coefficients mu_1 ... mu_step. */
    private double nadamProduct = 1;

    PureTrainingSession(Network network, TrainingConfig config) {
        this.network = network;
        this.config = config;
        if (config.truncatedBptt() > 0 && network.nonCausal() != null)
            throw new IllegalArgumentException("truncated BPTT carries state forward in time, which " + network.nonCausal()
                    + " does not allow");
        this.names = network.parameters.trainable();
        this.weights = new float[names.size()][];
        this.gradients = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            weights[i] = network.parameters.value(names.get(i));
            gradients[i] = network.parameters.gradient(names.get(i));
        }
        for (String slot : config.optimizer().slotNames()) {
            float[][] s = new float[names.size()][];
            for (int i = 0; i < s.length; i++) s[i] = new float[weights[i].length];
            slots.put(slot, s);
        }
        this.random = new SeededRandom(config.seed());
    }

    @Override
    public TrainingConfig config() {
        return config;
    }

    @Override
    public StepResult step(Batch batch) {
        network.checkTargets(batch);
        double count = network.predictedTokens(batch);
        if (!(count > 0)) throw new IllegalArgumentException("batch: nothing to predict (the mask is all zero)");
        network.useRandom(random);
        network.parameters.zeroGradients();
        double loss = lossAndGradients(batch, count) / count;
        double norm = prepareGradients();
        double lr = config.schedule().rate(config.optimizer().learningRate(), step);
        step++;
        update(lr);
        return new StepResult(step, loss, norm, lr, count);
    }

    /** Summed loss of the batch; the gradients of (summed loss / count) are left in the gradient buffers. */
    private double lossAndGradients(Batch batch, double count) {
        int k = config.truncatedBptt();
        if (k == 0 || k >= batch.steps()) return network.backward(network.forward(batch, true, false), batch, 1 / count);
        boolean perStep = network.spec.head() == ModelSpec.Head.PER_STEP;
        double loss = 0;
        for (int from = 0; from < batch.steps(); from += k) {
            int to = Math.min(batch.steps(), from + k);
            Batch chunk = Network.slice(batch, from, to, perStep);
            float[] logits = network.forward(chunk, true, from > 0);
            // A last-step head only has a loss at the end of the window; earlier chunks just advance the state.
            if (perStep || to == batch.steps()) loss += network.backward(logits, chunk, 1 / count);
        }
        return loss;
    }

    /** Weight decay, then the global norm, then clipping; returns the norm before clipping. */
    private double prepareGradients() {
        double decay = config.weightDecay();
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            float[] g = gradients[i], w = weights[i];
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

    private void update(double lr) {
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

    @Override
    public OptimizerState state() {
        List<Tensor> out = new ArrayList<>();
        Map<String, int[]> shapes = shapes();
        for (Map.Entry<String, float[][]> e : slots.entrySet())
            for (int i = 0; i < names.size(); i++)
                out.add(new Tensor(e.getKey() + "/" + names.get(i), shapes.get(names.get(i)), e.getValue()[i].clone()));
        return new OptimizerState(step, out, random.state());
    }

    @Override
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
                            + "optimizer or model; " + config.optimizer().getClass().getSimpleName() + " needs " + slots.keySet() + ")");
                if (t.size() != e.getValue()[i].length)
                    throw new IllegalArgumentException("optimizer state: slot " + name + " has " + t.size() + " values, expected "
                            + e.getValue()[i].length);
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
        if (state.randomState() != null) random.restore(state.randomState());
    }

    private Map<String, int[]> shapes() {
        Map<String, int[]> m = new HashMap<>();
        for (ParameterSpec p : network.parameters.specs()) m.put(p.name(), p.shape());
        return m;
    }
}
