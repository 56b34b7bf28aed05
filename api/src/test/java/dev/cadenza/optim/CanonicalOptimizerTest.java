package dev.cadenza.optim;

import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.LearningRateSchedule;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.TrainingConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer's update against its formula evaluated here in double, with the optimizer's own memory kept in
 * double by the test, over three steps with fresh random gradients (so that momentum, bias correction and Nadam's
 * schedule all matter). The one optimizer of every engine is tested once, on arrays; the conformance suite checks that
 * every engine's training steps reach it with the same gradients. Weights must agree to 2e-6 while the updates are
 * 1e-3 or larger.
 */
class CanonicalOptimizerTest {
    private static final ModelSpec SPEC = ModelSpec.of(Input.embedding(6, 3), Layer.gru(4), Layer.dense(6));
    private static final double TOLERANCE = 2e-6;

    private interface Rule {
        /** Updates w in place given g at 1-based step t and learning rate lr; keeps its own state. */
        void apply(double[] w, double[] g, int t, double lr, Map<String, double[]> state, String name);
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ParameterSpec p : SPEC.parameters()) if (p.trainable()) names.add(p.name());
        return names;
    }

    /** Random arrays shaped like the trainable tensors, values uniform in (-scale, scale). */
    private static float[][] random(long seed, double scale) {
        SeededRandom r = new SeededRandom(seed);
        List<float[]> out = new ArrayList<>();
        for (ParameterSpec p : SPEC.parameters()) {
            if (!p.trainable()) continue;
            float[] a = new float[p.size()];
            for (int i = 0; i < a.length; i++) a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
            out.add(a);
        }
        return out.toArray(new float[0][]);
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    private void check(TrainingConfig config, Rule rule) {
        CanonicalOptimizer optimizer = new CanonicalOptimizer(SPEC, config);
        List<String> names = names();
        assertEquals(names, optimizer.names());
        float[][] weights = random(21, 0.5);
        Map<String, double[]> state = new LinkedHashMap<>();
        for (int t = 1; t <= 3; t++) {
            float[][] g = random(100 + t, 0.3);
            float[][] before = copy(weights);
            double lr = config.schedule().rate(config.optimizer().learningRate(), t - 1);
            assertEquals(lr, optimizer.nextRate(), 0);
            optimizer.step(weights, copy(g));
            assertEquals(t, optimizer.steps());
            double largestUpdate = 0;
            for (int p = 0; p < names.size(); p++) {
                double[] w = new double[before[p].length], gd = new double[g[p].length];
                for (int i = 0; i < w.length; i++) {
                    w[i] = before[p][i]; // start each step from the float weights, as the optimizer does
                    gd[i] = g[p][i];
                }
                rule.apply(w, gd, t, lr, state, names.get(p));
                for (int i = 0; i < w.length; i++) {
                    largestUpdate = Math.max(largestUpdate, Math.abs(w[i] - before[p][i]));
                    assertEquals(w[i], weights[p][i], TOLERANCE, names.get(p) + "[" + i + "] at step " + t);
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
        float[][] start = random(21, 0.5), g = random(7, 0.3);
        double sum = 0;
        for (float[] a : g) for (float v : a) sum += (double) v * v;
        double norm = Math.sqrt(sum);
        double maxNorm = norm / 4;
        float[][] w = copy(start);
        double reported = new CanonicalOptimizer(SPEC, TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false))
                .withClipping(GradientClipping.globalNorm(maxNorm))).step(w, copy(g));
        assertEquals(norm, reported, 1e-6 * norm);
        for (int p = 0; p < g.length; p++)
            for (int i = 0; i < g[p].length; i++) assertEquals(start[p][i] - g[p][i] * maxNorm / norm, w[p][i], 1e-6, "tensor " + p + "[" + i + "]");
        // A limit above the norm leaves the gradient alone.
        float[][] free = copy(start);
        new CanonicalOptimizer(SPEC, TrainingConfig.of(new Optimizer.Sgd(1.0, 0, false)).withClipping(GradientClipping.globalNorm(norm * 2)))
                .step(free, copy(g));
        for (int i = 0; i < g[2].length; i++) assertEquals(start[2][i] - g[2][i], free[2][i], 1e-6);
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
        CanonicalOptimizer adam = new CanonicalOptimizer(SPEC, TrainingConfig.of(Optimizer.adam(0.01)));
        adam.step(random(1, 0.5), random(2, 0.1));
        CanonicalOptimizer sgd = new CanonicalOptimizer(SPEC, TrainingConfig.of(Optimizer.sgd(0.01, 0.9)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state(null)));
        assertTrue(e.getMessage().contains("velocity/"), e.getMessage());
    }

    @Test
    void aRestoredStateContinuesExactly() {
        for (TrainingConfig config : List.of(TrainingConfig.of(Optimizer.nadam(0.01)), TrainingConfig.of(new Optimizer.Sgd(0.1, 0.9, true)))) {
            CanonicalOptimizer whole = new CanonicalOptimizer(SPEC, config);
            float[][] w1 = random(3, 0.5);
            for (int t = 0; t < 5; t++) whole.step(w1, random(50 + t, 0.2));
            CanonicalOptimizer first = new CanonicalOptimizer(SPEC, config);
            float[][] w2 = random(3, 0.5);
            for (int t = 0; t < 2; t++) first.step(w2, random(50 + t, 0.2));
            CanonicalOptimizer resumed = new CanonicalOptimizer(SPEC, config);
            resumed.restore(first.state(null));
            for (int t = 2; t < 5; t++) resumed.step(w2, random(50 + t, 0.2));
            for (int p = 0; p < w1.length; p++) org.junit.jupiter.api.Assertions.assertArrayEquals(w1[p], w2[p], config.optimizer().toString());
        }
    }
}
