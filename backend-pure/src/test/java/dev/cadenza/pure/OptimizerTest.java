package dev.cadenza.pure;

import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;
import dev.cadenza.model.Weights;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer's update against its formula evaluated here in double, with the optimizer's own memory kept in
 * double by the test, over three steps (so that momentum, bias correction and Nadam's schedule all matter). The
 * gradient at each step comes from the engine itself (its correctness is {@link GradientCheckTest}'s job).
 * Weights must agree to 2e-6 while the updates are 1e-3 or larger.
 */
class OptimizerTest {
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(6, 3), Layer.gru(4), Layer.dense(6));
    private static final Batch BATCH = TestModels.randomBatch(SPEC, 2, 5, 3);
    private static final double TOLERANCE = 2e-6;

    private interface Rule {
        /** Updates w in place given g at 1-based step t and learning rate lr; keeps its own state. */
        void apply(double[] w, double[] g, int t, double lr, Map<String, double[]> state, String name);
    }

    private static Map<String, double[]> gradients(Weights w) {
        PureModel m = TestModels.model(SPEC, w);
        Network n = m.network();
        n.parameters.zeroGradients();
        float[] logits = n.forward(BATCH, true, false);
        n.backward(logits, BATCH, 1 / BATCH.predictedTokens(SPEC.head()));
        Map<String, double[]> g = new LinkedHashMap<>();
        for (String p : n.parameters.trainable()) {
            float[] f = n.parameters.gradient(p);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            g.put(p, d);
        }
        return g;
    }

    private void check(TrainingConfig config, Rule rule) {
        Weights start = TestModels.randomWeights(SPEC, 21);
        PureModel model = TestModels.model(SPEC, start);
        TrainingSession session = model.train(config);
        Map<String, double[]> expected = new LinkedHashMap<>();
        for (Tensor t : start.tensors()) {
            double[] d = new double[t.size()];
            for (int i = 0; i < d.length; i++) d[i] = t.data()[i];
            expected.put(t.name(), d);
        }
        Map<String, double[]> state = new LinkedHashMap<>();
        for (int t = 1; t <= 3; t++) {
            Map<String, double[]> g = gradients(model.weights());
            double lr = config.schedule().rate(config.optimizer().learningRate(), t - 1);
            Weights before = model.weights();
            StepResult r = session.step(BATCH);
            assertEquals(t, r.step());
            assertEquals(lr, r.learningRate(), 0);
            double largestUpdate = 0;
            for (Map.Entry<String, double[]> e : g.entrySet()) {
                double[] w = expected.get(e.getKey());
                // start each step from the engine's float weights, as the engine does
                float[] now = before.get(e.getKey()).data();
                for (int i = 0; i < w.length; i++) w[i] = now[i];
                rule.apply(w, e.getValue(), t, lr, state, e.getKey());
                float[] actual = model.weights().get(e.getKey()).data();
                for (int i = 0; i < w.length; i++) {
                    largestUpdate = Math.max(largestUpdate, Math.abs(w[i] - now[i]));
                    assertEquals(w[i], actual[i], TOLERANCE, e.getKey() + "[" + i + "] at step " + t);
                }
            }
            assertTrue(largestUpdate > 1e-3, "updates too small to test: " + largestUpdate);
        }
    }

    private static double[] slot(Map<String, double[]> state, String key, int n) {
        return state.computeIfAbsent(key, k -> new double[n]);
    }

    @Test
    void sgdWithMomentum() {
        check(TrainingConfig.of(new Optimizer.Sgd(0.5, 0.9, false)), (w, g, t, lr, st, name) -> {
            double[] v = slot(st, "v" + name, w.length);
            for (int i = 0; i < w.length; i++) {
                v[i] = 0.9 * v[i] + g[i];
                w[i] -= lr * v[i];
            }
        });
    }

    @Test
    void sgdNesterov() {
        check(TrainingConfig.of(new Optimizer.Sgd(0.5, 0.8, true)), (w, g, t, lr, st, name) -> {
            double[] v = slot(st, "v" + name, w.length);
            for (int i = 0; i < w.length; i++) {
                v[i] = 0.8 * v[i] + g[i];
                w[i] -= lr * (g[i] + 0.8 * v[i]);
            }
        });
    }

    @Test
    void rmsProp() {
        check(TrainingConfig.of(new Optimizer.RmsProp(0.01, 0.9, 1e-7)), (w, g, t, lr, st, name) -> {
            double[] s = slot(st, "s" + name, w.length);
            for (int i = 0; i < w.length; i++) {
                s[i] = 0.9 * s[i] + 0.1 * g[i] * g[i];
                w[i] -= lr * g[i] / (Math.sqrt(s[i]) + 1e-7);
            }
        });
    }

    @Test
    void adamWithEpsilonOnTheUncorrectedRoot() {
        check(TrainingConfig.of(new Optimizer.Adam(0.01, 0.9, 0.999, 1e-7)), (w, g, t, lr, st, name) -> {
            double[] m = slot(st, "m" + name, w.length), v = slot(st, "v" + name, w.length);
            for (int i = 0; i < w.length; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                w[i] -= lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)) * m[i] / (Math.sqrt(v[i]) + 1e-7);
            }
        });
    }

    @Test
    void nadamAsKerasComputesIt() {
        check(TrainingConfig.of(new Optimizer.Nadam(0.01, 0.9, 0.999, 1e-7)), (w, g, t, lr, st, name) -> {
            double[] m = slot(st, "m" + name, w.length), v = slot(st, "v" + name, w.length);
            // Keras 2 nadam.py: momentum_cache_t, m_schedule_new = m_schedule * momentum_cache_t, ...
            double[] schedule = slot(st, "schedule" + name, 1);
            if (t == 1) schedule[0] = 1;
            double cacheT = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004 * t));
            double cacheT1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004 * (t + 1)));
            double scheduleNew = schedule[0] * cacheT, scheduleNext = scheduleNew * cacheT1;
            schedule[0] = scheduleNew;
            for (int i = 0; i < w.length; i++) {
                double gPrime = g[i] / (1 - scheduleNew);
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                double mPrime = m[i] / (1 - scheduleNext);
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double vPrime = v[i] / (1 - Math.pow(0.999, t));
                double mBar = (1 - cacheT) * gPrime + cacheT1 * mPrime;
                w[i] -= lr * mBar / (Math.sqrt(vPrime) + 1e-7);
            }
        });
    }

    @Test
    void weightDecayIsAddedToTheGradientBeforeClippingByValue() {
        check(TrainingConfig.of(new Optimizer.Sgd(2.0, 0, false)).withWeightDecay(0.01).withClipping(GradientClipping.value(0.004)),
                (w, g, t, lr, st, name) -> {
                    for (int i = 0; i < w.length; i++) w[i] -= lr * Math.max(-0.004, Math.min(0.004, g[i] + 0.01 * w[i]));
                });
    }

    @Test
    void globalNormClippingScalesAllGradientsTogetherAndReportsThePreClipNorm() {
        Weights start = TestModels.randomWeights(SPEC, 21);
        Map<String, double[]> g = gradients(start);
        double sum = 0;
        for (double[] a : g.values()) for (double v : a) sum += v * v;
        double norm = Math.sqrt(sum);
        double maxNorm = norm / 4;
        PureModel model = TestModels.model(SPEC, start);
        StepResult r = model.train(TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false)).withClipping(GradientClipping.globalNorm(maxNorm))).step(BATCH);
        assertEquals(norm, r.gradientNorm(), 1e-6 * norm);
        for (Map.Entry<String, double[]> e : g.entrySet()) {
            float[] before = start.get(e.getKey()).data(), after = model.weights().get(e.getKey()).data();
            for (int i = 0; i < before.length; i++)
                assertEquals(before[i] - e.getValue()[i] * maxNorm / norm, after[i], 1e-6, e.getKey() + "[" + i + "]");
        }
        // A limit above the norm leaves the gradient alone.
        PureModel free = TestModels.model(SPEC, start);
        free.train(TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false)).withClipping(GradientClipping.globalNorm(norm * 2))).step(BATCH);
        float[] b0 = start.get("layers.1.bias").data(), b1 = free.weights().get("layers.1.bias").data();
        for (int i = 0; i < b0.length; i++) assertEquals(b0[i] - g.get("layers.1.bias")[i], b1[i], 1e-6);
    }

    @Test
    void schedulesSetTheRateOfEachStep() {
        check(TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false)).withSchedule(new LearningRateSchedule.StepDecay(2, 0.5)),
                (w, g, t, lr, st, name) -> {
                    double expected = t <= 2 ? 1.0 : 0.5;
                    assertEquals(expected, lr, 0);
                    for (int i = 0; i < w.length; i++) w[i] -= expected * g[i];
                });
        check(TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false)).withSchedule(new LearningRateSchedule.ExponentialDecay(2, 0.25)),
                (w, g, t, lr, st, name) -> {
                    double expected = Math.pow(0.25, (t - 1) / 2.0);
                    assertEquals(expected, lr, 1e-15);
                    for (int i = 0; i < w.length; i++) w[i] -= expected * g[i];
                });
        check(TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false)).withSchedule(new LearningRateSchedule.InverseTimeDecay(0.5)),
                (w, g, t, lr, st, name) -> {
                    double expected = 1.0 / (1 + 0.5 * (t - 1));
                    assertEquals(expected, lr, 1e-15);
                    for (int i = 0; i < w.length; i++) w[i] -= expected * g[i];
                });
    }

    @Test
    void restoreRejectsTheStateOfAnotherOptimizer() {
        PureModel model = TestModels.model(SPEC, TestModels.randomWeights(SPEC, 1));
        TrainingSession adam = model.train(TrainingConfig.of(Optimizer.adam(0.01)));
        adam.step(BATCH);
        TrainingSession sgd = model.train(TrainingConfig.of(Optimizer.sgd(0.01, 0.9)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state()));
        assertTrue(e.getMessage().contains("velocity/"), e.getMessage());
    }
}
