package dev.cadenza.bench;

import dev.cadenza.pure.simd.Kernels;
import dev.cadenza.pure.simd.LstmStepKernel;
import dev.cadenza.pure.simd.PackedMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The pure-Java kernels alone on the shapes of one LSTM training step and of batch-1 sampling, without any model
 * code: GFLOP/s of every product of the step (weights packed per call and packed once), the time a training step
 * would take if it were nothing but these products, and the tokens/s of the fused sampling step (projected
 * embedding table, {@link LstmStepKernel}, Dense head, softmax, sampling). Prints one JSON line per configuration.
 * <p>
 * Usage: {@code java --add-modules jdk.incubator.vector -cp ... dev.cadenza.bench.KernelBenchmark [small|chorale|mit ...]}
 */
public final class KernelBenchmark {
    private final Kernels kernels = Kernels.best();
    private final SplittableRandom random = new SplittableRandom(42);

    /**
     * Measures each named configuration in turn with the best kernels of this JVM ({@link Kernels#best()}: the
     * Vector API ones when {@code jdk.incubator.vector} is added, the scalar ones otherwise) and prints one JSON line
     * per configuration to standard output: GFLOP/s of each product of an LSTM training step (keys ending in
     * {@code _gflops}), the training tokens/s and fraction of the machine's GEMM peak a step made only of these
     * products would reach ({@code gemm_only_train_tok_s}, {@code gemm_only_peak_fraction}), and batch-1 sampling
     * tokens/s of the fused step ({@code sample_tok_s}, {@code sample_peak_fraction}). Inputs are random with fixed
     * seeds; each product is timed as the median of 7 samples after 0.5 s of warm-up, sampling as the median of 3
     * runs of 500 tokens after 2 s. A configuration takes some seconds ({@code mit} the longest).
     *
     * @param args configuration names, {@code small}, {@code chorale} or {@code mit} (vocabulary, embedding width,
     *             LSTM units and sequence length as in {@code benchmarks/README.md}; batch 32), measured in the order
     *             given; none measures all three
     * @throws IllegalArgumentException if a name is not one of the three configurations
     */
    public static void main(String[] args) {
        List<BenchConfig> configs = new ArrayList<>();
        for (String a : args) configs.add(BenchConfig.named(a));
        if (configs.isEmpty()) configs.addAll(BenchConfig.ALL);
        KernelBenchmark bench = new KernelBenchmark();
        for (BenchConfig c : configs) System.out.println(bench.run(c));
    }

    private float[] random(int n, double scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        return x;
    }

    /** Median seconds per call of {@code body}, after a time-based warm-up. */
    private static double seconds(Runnable body, double warmupSeconds) {
        long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int calls = 0;
        while (System.nanoTime() < end || calls < 2) {
            body.run();
            calls++;
        }
        double[] samples = new double[7];
        for (int s = 0; s < samples.length; s++) {
            int reps = 0;
            long t0 = System.nanoTime(), t1;
            do {
                body.run();
                reps++;
                t1 = System.nanoTime();
            } while (t1 - t0 < 50_000_000L);
            samples[s] = (t1 - t0) / 1e9 / reps;
        }
        return Timing.median(samples);
    }

    /** One product of the training step; returns seconds per call. */
    private double gemm(List<Object> out, String name, int m, int n, int k, boolean ta, boolean tb, boolean packOnce) {
        float[] a = random(m * k, 1), b = random(k * n, 0.1), c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        Runnable body;
        if (packOnce) {
            PackedMatrix bp = kernels.pack(k, n, b, 0, ldb, tb, null);
            body = () -> kernels.gemm(m, a, 0, lda, ta, bp, c, 0, n, false);
        } else {
            body = () -> kernels.gemm(m, n, k, a, 0, lda, ta, b, 0, ldb, tb, c, 0, n, false);
        }
        double s = seconds(body, 0.5);
        out.add(name + "_gflops");
        out.add(Timing.round(2.0 * m * n * k / s / 1e9, 1));
        return s;
    }

    String run(BenchConfig cfg) {
        int v = cfg.vocab(), e = cfg.embedding(), h = cfg.units(), bt = cfg.batch() * cfg.steps(), b = cfg.batch(), t = cfg.steps();
        List<Object> kv = new ArrayList<>(List.of("engine", "cadenza-pure-kernels", "config", cfg.name(),
                "kernels", kernels.getClass().getSimpleName()));
        // Forward: input projection for all steps, the recurrent product per step, the head.
        double inProj = gemm(kv, "fwd_input_proj", bt, 4 * h, e, false, false, false);
        gemm(kv, "fwd_recurrent_packed_per_call", b, 4 * h, h, false, false, false);
        double rec = gemm(kv, "fwd_recurrent", b, 4 * h, h, false, false, true);
        double head = gemm(kv, "fwd_head", bt, v, h, false, false, false);
        // Backward: dh through Wh^T per step, weight gradients over all steps, head gradients.
        double recBack = gemm(kv, "bwd_recurrent", b, h, 4 * h, false, true, true);
        double dWh = gemm(kv, "bwd_dWh", h, 4 * h, bt, true, false, false);
        double dWx = gemm(kv, "bwd_dWx", e, 4 * h, bt, true, false, false);
        double headDx = gemm(kv, "bwd_head_dx", bt, h, v, false, true, false);
        double headDw = gemm(kv, "bwd_head_dW", h, v, bt, true, false, false);
        double stepSeconds = inProj + t * rec + head + t * recBack + dWh + dWx + headDx + headDw;
        kv.add("gemm_only_train_tok_s");
        kv.add(Timing.round(bt / stepSeconds, 1));
        kv.add("gemm_only_peak_fraction");
        kv.add(Timing.round(3 * cfg.forwardFlopsPerToken() * bt / stepSeconds / 1e9 / BenchConfig.PEAK_GFLOPS, 3));

        double sampleTokS = sample(cfg);
        kv.add("sample_tok_s");
        kv.add(Timing.round(sampleTokS, 1));
        kv.add("sample_peak_fraction");
        kv.add(Timing.round(cfg.forwardFlopsPerToken() * sampleTokS / 1e9 / BenchConfig.PEAK_GFLOPS, 4));
        return Timing.json(kv.toArray());
    }

    /** Tokens/s of batch-1 generation built from the kernels alone: 3 runs of 500 tokens after 2 s of warm-up. */
    private double sample(BenchConfig cfg) {
        int v = cfg.vocab(), e = cfg.embedding(), h = cfg.units(), g = 4 * h;
        float[] emb = random(v * e, 1), wx = random(e * g, 0.1), wh = random(h * g, 0.1), bias = random(g, 0.1);
        float[] wd = random(h * v, 0.1), bd = random(v, 0.1);
        LstmStepKernel step = kernels.lstmStep(e, h);
        step.setWeights(wx, 0, wh, 0, bias, 0);
        // table[token] = emb[token] Wx + b: the input half of the gates, once per weight update
        float[] table = new float[v * g];
        for (int tok = 0; tok < v; tok++) System.arraycopy(bias, 0, table, tok * g, g);
        kernels.gemm(v, g, e, emb, 0, e, false, wx, 0, g, false, table, 0, g, true);
        float[] hState = new float[h], cState = new float[h], logits = new float[v];
        SplittableRandom rng = new SplittableRandom(7);
        Runnable generate500 = () -> {
            java.util.Arrays.fill(hState, 0f);
            java.util.Arrays.fill(cState, 0f);
            int tok = 0;
            for (int i = 0; i < 500; i++) {
                step.stepProjected(table, tok * g, hState, 0, cState, 0);
                System.arraycopy(bd, 0, logits, 0, v);
                kernels.gemm(1, v, h, hState, 0, h, false, wd, 0, v, false, logits, 0, v, true);
                Timing.softmax(logits, v);
                tok = Timing.sample(logits, v, rng);
            }
        };
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) generate500.run();
        double[] runs = new double[3];
        for (int r = 0; r < runs.length; r++) {
            long t0 = System.nanoTime();
            generate500.run();
            runs[r] = (System.nanoTime() - t0) / 1e9;
        }
        return 500 / Timing.median(runs);
    }
}
