package dev.cadenza.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Raw DJL, a user's real Java alternative, on the benchmark configurations: a plain DJL training loop (Trainer,
 * SequentialBlock, DJL's loss and Adam; {@link DjlBenchmark.RawDjlLoop}) and batch-1 sampling with the same blocks.
 * It loads PyTorch as any DJL user does, without Cadenza's known-answer check, so oneDNN runs in the configuration
 * the environment gives it; one JSON line per configuration (fields in benchmarks/README.md).
 * <p>
 * Arguments: config names (default all), {@code --steps N} measured training steps (20), {@code --warmup N} warm-up
 * steps (5), {@code --tokens N} sampled tokens per run (500; 0 skips sampling). {@code --isa-probe} only runs one
 * tiny LSTM forward pass, so that oneDNN starts and, with {@code ONEDNN_VERBOSE=check}, prints the ISA it uses
 * (benchmark.sh and compare.sh read it from there: oneDNN's functions to ask are not exported by libtorch).
 */
public final class RawDjlBenchmark {
    private RawDjlBenchmark() {}

    public static void main(String[] args) {
        List<String> names = new ArrayList<>();
        int steps = 20, warmup = 5, tokens = 500;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                case "--isa-probe" -> names.add("--isa-probe");
                default -> names.add(args[i]);
            }
        }
        if (names.isEmpty()) DjlBenchmark.CONFIGS.forEach(c -> names.add(c.name()));
        // What a DJL user sets to stay offline; nothing else of Cadenza's.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("OPT_OUT_TRACKING", System.getProperty("OPT_OUT_TRACKING", "true"));
        Engine engine = Engine.getEngine("PyTorch");
        if (names.contains("--isa-probe")) {
            try (NDManager manager = engine.newBaseManager()) {
                LSTM lstm = LSTM.builder().setStateSize(4).setNumLayers(1).optBatchFirst(true).build();
                lstm.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 3));
                lstm.forward(new ParameterStore(manager, false), new NDList(manager.ones(new Shape(1, 2, 3))), false);
            }
            return;
        }
        for (String name : names) {
            DjlBenchmark.Config c = DjlBenchmark.CONFIGS.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown config " + name));
            System.out.println(run(engine, c, steps, warmup, tokens));
        }
    }

    private static String run(Engine engine, DjlBenchmark.Config c, int steps, int warmup, int tokens) {
        Random random = new Random(123);
        int n = DjlBenchmark.BATCH * c.steps();
        long[][] ids = new long[8][n], targets = new long[8][n];
        for (int b = 0; b < ids.length; b++)
            for (int i = 0; i < n; i++) {
                ids[b][i] = random.nextInt(c.vocabulary());
                targets[b][i] = random.nextInt(c.vocabulary());
            }
        double[] times = new double[steps];
        double sampleTokS = Double.NaN;
        try (DjlBenchmark.RawDjlLoop loop = new DjlBenchmark.RawDjlLoop(engine, c)) {
            for (int i = 0; i < warmup + steps; i++) {
                long t0 = System.nanoTime();
                loop.step(ids[i % 8], targets[i % 8]);
                if (i >= warmup) times[i - warmup] = (System.nanoTime() - t0) / 1e6;
            }
            if (tokens > 0) {
                long warmEnd = System.nanoTime() + 2_000_000_000L;
                while (System.nanoTime() < warmEnd) loop.sample(50, random);
                double[] runs = new double[3];
                for (int r = 0; r < runs.length; r++) {
                    long t0 = System.nanoTime();
                    loop.sample(tokens, random);
                    runs[r] = (System.nanoTime() - t0) / 1e9;
                }
                sampleTokS = tokens / median(runs);
            }
        }
        double median = median(times);
        double min = Arrays.stream(times).min().orElse(Double.NaN), max = Arrays.stream(times).max().orElse(Double.NaN);
        String cap = OneDnn.isaCap();
        return String.format(Locale.ROOT, "{\"engine\": \"raw-djl-%s-pytorch-%s\", \"config\": \"%s\", \"threads\": %d, \"steps\": %d, "
                        + "\"warmup\": %d, \"step_ms_median\": %.2f, \"step_ms_min\": %.2f, \"step_ms_max\": %.2f, \"step_spread\": %.2f, "
                        + "\"train_tok_s\": %.1f, \"sample_tok_s\": %.1f, \"onednn_max_cpu_isa\": %s, \"cache_topology_hidden\": %b}",
                Engine.getDjlVersion(), engine.getVersion(), c.name(), JniUtils.getNumThreads(), steps, warmup, median, min, max,
                max / min, DjlBenchmark.BATCH * c.steps() / (median / 1e3), sampleTokS,
                cap == null ? "null" : "\"" + cap + "\"", OneDnn.cacheTopologyHidden());
    }

    private static double median(double[] values) {
        double[] a = values.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
