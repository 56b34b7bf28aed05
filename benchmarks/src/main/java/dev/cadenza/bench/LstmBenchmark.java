package dev.cadenza.bench;

import dev.cadenza.Cadenza;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.ModelState;
import dev.cadenza.model.Optimizer;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.TrainingSession;
import dev.cadenza.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training and batch-1 sampling speed of a Cadenza backend through the public API, on the three reference
 * configurations of issue 3 (the same as {@code ../shared/bench/lstm_torch.py}): Embedding, LSTM, Dense, batch 32,
 * random token ids, Adam 1e-3, loss over every step.
 * <p>
 * Training: optimizer steps on 8 fixed random batches, a time-based warm-up (the Vector API runs ~100x slower until
 * the JIT has compiled it), then the median step time; {@code train_tok_s = batch * steps / median}. Sampling: batch
 * 1, one token at a time with the state kept, softmax and a categorical draw per token; warm-up, then the median of
 * 3 runs of 500 tokens. One JSON line per configuration on standard output.
 * <p>
 * Usage: {@code java --add-modules jdk.incubator.vector -cp ... dev.cadenza.bench.LstmBenchmark [small|chorale|mit ...]
 * [--backend pure|djl] [--steps 20] [--warmup-seconds 6] [--tokens 500]}
 */
public final class LstmBenchmark {
    private LstmBenchmark() {}

    /**
     * Trains and samples each named configuration in turn on one backend, through the public API only, and prints
     * one JSON line per configuration to standard output: the median, minimum and maximum wall-clock time of an
     * optimizer step in milliseconds and the process CPU time of the median step, training and sampling tokens/s
     * ({@code train_tok_s}, {@code sample_tok_s}), the GFLOP/s they amount to and their fraction of the machine's
     * GEMM peak, the loss of the first warm-up step and of the last measured step (as a check that it trained), the
     * parameter count and the committed heap in MiB. Token ids are random with fixed seeds; the model is created with seed 42.
     *
     * @param args options and configuration names, in any order: {@code small}, {@code chorale} or {@code mit}
     *             (measured in the order given; none measures all three); {@code --backend NAME} the backend to
     *             discover ({@code pure} by default; {@code djl} needs backend-djl on the class path);
     *             {@code --steps N} measured optimizer steps (20); {@code --warmup-seconds S} training warm-up in
     *             seconds, at least 3 steps (6); {@code --tokens N} tokens per sampling run (500; 0 skips sampling,
     *             for profiling training alone)
     * @throws IllegalArgumentException if a name is not one of the three configurations, or no backend of that
     *                                  name is registered
     * @throws IllegalStateException if the backend is registered but not available on this machine (for
     *                               {@code djl}: PyTorch's natives are missing, or its known-answer check at open
     *                               refuses the machine)
     * @throws NumberFormatException if the value of {@code --steps}, {@code --warmup-seconds} or {@code --tokens} is
     *                               not a number
     */
    public static void main(String[] args) {
        List<BenchConfig> configs = new ArrayList<>();
        String backendName = "pure";
        int steps = 20, tokens = 500;
        double warmup = 6;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--backend" -> backendName = args[++i];
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]); // 0: training only (for profiling)
                default -> configs.add(BenchConfig.named(args[i]));
            }
        }
        if (configs.isEmpty()) configs.addAll(BenchConfig.ALL);
        Backend backend = Cadenza.discover().backend(backendName);
        for (BenchConfig c : configs) System.out.println(run(backend, c, steps, warmup, tokens));
    }

    static ModelSpec spec(BenchConfig c) {
        return ModelSpec.of(Input.embedding(c.vocab(), c.embedding()), new Layer.Lstm(c.units(), true),
                new Layer.Dense(c.vocab(), null));
    }

    static String run(Backend backend, BenchConfig c, int measuredSteps, double warmupSeconds, int tokens) {
        ModelSpec spec = spec(c);
        SplittableRandom data = new SplittableRandom(123);
        Batch[] batches = new Batch[8];
        for (int i = 0; i < batches.length; i++) {
            int[][] windows = new int[c.batch()][c.steps() + 1];
            for (int[] w : windows) for (int t = 0; t < w.length; t++) w[t] = data.nextInt(c.vocab());
            batches[i] = Batch.ofWindows(windows);
        }
        try (SequenceModel model = backend.create(spec, 42)) {
            TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(1e-3)));
            double lossFirst = Double.NaN, lossLast = Double.NaN;
            int step = 0;
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            int warmSteps = 0;
            while (System.nanoTime() < warmEnd || warmSteps < 3) {
                StepResult r = session.step(batches[step++ % batches.length]);
                if (warmSteps++ == 0) lossFirst = r.loss();
            }
            double[] times = new double[measuredSteps], cpu = new double[measuredSteps];
            for (int i = 0; i < measuredSteps; i++) {
                long c0 = processCpuNanos(), t0 = System.nanoTime();
                StepResult r = session.step(batches[step++ % batches.length]);
                times[i] = (System.nanoTime() - t0) / 1e9;
                cpu[i] = (processCpuNanos() - c0) / 1e9;
                lossLast = r.loss();
            }
            double median = Timing.median(times);
            double trainTokS = c.batch() * c.steps() / median;

            SplittableRandom rng = new SplittableRandom(7);
            double sampleTokS = Double.NaN;
            if (tokens > 0) {
                long sampleWarmEnd = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < sampleWarmEnd) sample(model, c, tokens, rng);
                double[] runs = new double[3];
                for (int i = 0; i < runs.length; i++) {
                    long t0 = System.nanoTime();
                    sample(model, c, tokens, rng);
                    runs[i] = (System.nanoTime() - t0) / 1e9;
                }
                sampleTokS = tokens / Timing.median(runs);
            }
            double f = c.forwardFlopsPerToken();
            return Timing.json("engine", "cadenza-" + backend.name(), "config", c.name(),
                    "threads", Integer.getInteger(backend.name().equals("djl") ? "ai.djl.pytorch.num_threads" : "cadenza.pure.threads",
                            Runtime.getRuntime().availableProcessors()),
                    "params", spec.parameterCount(), "steps", measuredSteps, "warmup_steps", warmSteps,
                    "step_ms_median", Timing.round(median * 1e3, 2), "step_ms_min", Timing.round(Timing.min(times) * 1e3, 2),
                    "step_ms_max", Timing.round(Timing.max(times) * 1e3, 2),
                    "step_cpu_ms_median", Timing.round(Timing.median(cpu) * 1e3, 2),
                    "train_tok_s", Timing.round(trainTokS, 1), "sample_tok_s", Timing.round(sampleTokS, 1),
                    "train_gflops", Timing.round(3 * f * trainTokS / 1e9, 1),
                    "train_peak_fraction", Timing.round(3 * f * trainTokS / 1e9 / BenchConfig.PEAK_GFLOPS, 3),
                    "sample_gflops", Timing.round(f * sampleTokS / 1e9, 2),
                    "sample_peak_fraction", Timing.round(f * sampleTokS / 1e9 / BenchConfig.PEAK_GFLOPS, 4),
                    "loss_first", Timing.round(lossFirst, 4), "loss_last", Timing.round(lossLast, 4),
                    "peak_heap_mb", Timing.round((Runtime.getRuntime().totalMemory()) / 1048576.0, 1));
        }
    }

    /**
     * CPU time of the whole process (all threads, spinning included), or -1 where the JVM does not report it. Next
     * to the wall-clock step time it shows how much a measurement was slowed by other processes on a shared machine.
     */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
            return os.getProcessCpuTime();
        return -1;
    }

    /** Generates {@code tokens} tokens from a fresh state, one at a time, sampling from the softmax. */
    private static void sample(SequenceModel model, BenchConfig c, int tokens, SplittableRandom rng) {
        ModelState state = model.newState(1);
        int[] tok = {0};
        for (int i = 0; i < tokens; i++) {
            float[] logits = model.step(state, tok);
            Timing.softmax(logits, c.vocab());
            tok[0] = Timing.sample(logits, c.vocab(), rng);
        }
    }
}
