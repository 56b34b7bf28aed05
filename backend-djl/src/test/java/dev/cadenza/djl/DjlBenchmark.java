package dev.cadenza.djl;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import dev.cadenza.Backend;
import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.testkit.ReferenceBackend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training and sampling speed of Cadenza's DJL backend against a plain DJL training loop (DJL's own Trainer,
 * SequentialBlock of a lookup table, LSTM and Linear, DJL's loss and Adam), in the same JVM, on the
 * benchmark configurations of backend-pure (batch 32, Adam, random token ids):
 * <pre>
 * small   vocab 83, embedding 64,  LSTM 256,  seq 100
 * chorale vocab 47, embedding 5,   LSTM 256,  seq 128
 * mit     vocab 83, embedding 256, LSTM 1024, seq 100
 * </pre>
 * Training steps of the two alternate (one Cadenza step, one raw step) so that machine noise hits both alike;
 * the figures are batch * seq / median step time. Sampling is batch 1, 500 tokens, softmax sampling on the host,
 * on DJL's own steps, and for scale on backend-pure with the same weights (which the DJL backend used to generate
 * with before the engine SPI; now every engine generates on its own). Arguments: config names (default all three), and
 * {@code --sample-only} to skip training.
 * Run: see backend-djl/README.md.
 */
public final class DjlBenchmark {
    record Config(String name, int vocabulary, int embedding, int units, int steps, int measured) {}

    static final List<Config> CONFIGS = List.of(
            new Config("small", 83, 64, 256, 100, 25),
            new Config("chorale", 47, 5, 256, 128, 25),
            new Config("mit", 83, 256, 1024, 100, 6));
    static final int BATCH = 32;

    public static void main(String[] args) {
        List<String> given = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        List<String> names = given.isEmpty() ? CONFIGS.stream().map(Config::name).toList() : given;
        boolean train = !Arrays.asList(args).contains("--sample-only");
        Engine engine = DjlEngine.get();
        System.out.printf(Locale.ROOT, "DJL %s, PyTorch %s, device %s, %d processors, CPU cache topology %s%n", Engine.getDjlVersion(),
                engine.getVersion(), DjlEngine.device(engine), Runtime.getRuntime().availableProcessors(),
                OneDnn.cacheTopologyHidden() ? "hidden (" + OneDnn.CACHE_TOPOLOGY + " absent)" : "shown");
        // Both loops below run in this configuration: the check at open may have switched oneDNN off for the JVM.
        System.out.printf(Locale.ROOT, "engine check: %s; %s%n", DjlEngine.health().describe(), OneDnn.describe());
        for (Config c : CONFIGS) if (names.contains(c.name())) run(c, engine, train);
    }

    private static void run(Config c, Engine engine, boolean train) {
        ModelSpec spec = ModelSpec.of(new Input.Embedding(c.vocabulary(), c.embedding()), new Layer.Lstm(c.units(), true),
                new Layer.Dense(c.vocabulary(), Activation.LINEAR));
        SeededRandom random = new SeededRandom(1);
        int[][] windows = new int[BATCH][c.steps() + 1];
        for (int[] w : windows) for (int t = 0; t < w.length; t++) w[t] = random.nextInt(c.vocabulary());
        Batch batch = Batch.ofWindows(windows);
        Backend djl = new Backend(new DjlBackend(engine));
        try (SequenceModel model = djl.create(spec, 1L); RawDjlLoop loop = new RawDjlLoop(engine, c)) {
            TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(1e-3)));
            long[] rawIds = new long[BATCH * c.steps()];
            long[] rawTargets = new long[BATCH * c.steps()];
            for (int i = 0; i < rawIds.length; i++) {
                rawIds[i] = batch.tokens()[i];
                rawTargets[i] = batch.targets()[i];
            }
            List<Long> cadenzaTimes = new ArrayList<>();
            List<Long> rawTimes = new ArrayList<>();
            List<Long> cadenzaCpu = new ArrayList<>();
            List<Long> rawCpu = new ArrayList<>();
            int warmup = 3;
            for (int round = 0; train && round < warmup + c.measured(); round++) {
                long c0 = cpuNanos();
                long t0 = System.nanoTime();
                session.step(batch);
                long t1 = System.nanoTime();
                long c1 = cpuNanos();
                loop.step(rawIds, rawTargets);
                long t2 = System.nanoTime();
                long c2 = cpuNanos();
                if (round >= warmup) {
                    cadenzaTimes.add(t1 - t0);
                    rawTimes.add(t2 - t1);
                    cadenzaCpu.add(c1 - c0);
                    rawCpu.add(c2 - c1);
                }
            }
            if (train) {
                double tokens = (double) BATCH * c.steps();
                double cadenza = tokens / (median(cadenzaTimes) * 1e-9);
                double raw = tokens / (median(rawTimes) * 1e-9);
                System.out.printf(Locale.ROOT, "%-8s train  cadenza-djl %8.0f tok/s   raw djl %8.0f tok/s   ratio %.3f"
                                + "   (process CPU per step: cadenza %.0f ms, raw %.0f ms, ratio %.3f)%n",
                        c.name(), cadenza, raw, cadenza / raw, median(cadenzaCpu) / 1e6, median(rawCpu) / 1e6,
                        median(rawCpu) / median(cadenzaCpu));
            }
            double nat = sample(model, c);
            try (SequenceModel pure = ReferenceBackend.get().create(spec, model.weights())) {
                System.out.printf(Locale.ROOT, "%-8s sample cadenza-djl (native DJL steps) %8.0f tok/s   (backend pure, same weights) %8.0f tok/s%n",
                        c.name(), nat, sample(pure, c));
            }
        }
    }

    /**
     * Batch-1 generation of 500 tokens after five seconds of warm-up (backend-pure's vector kernels are slow
     * until the JIT has compiled them); the best of five runs, as the machine is shared.
     */
    private static double sample(SequenceModel model, Config c) {
        SeededRandom random = new SeededRandom(2);
        long warmupEnd = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warmupEnd) generate(model, c, 100, random);
        double best = 0;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            generate(model, c, 500, random);
            best = Math.max(best, 500 / ((System.nanoTime() - t0) * 1e-9));
        }
        return best;
    }

    /** A token drawn from softmax(logits), the same way in both sampling loops so their speeds compare; p is scratch. */
    private static int draw(float[] logits, double[] p, java.util.function.DoubleSupplier uniform) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float l : logits) max = Math.max(max, l);
        for (int k = 0; k < p.length; k++) sum += p[k] = Math.exp(logits[k] - max);
        double u = uniform.getAsDouble() * sum;
        for (int k = 0; k < p.length; k++) if ((u -= p[k]) <= 0) return k;
        return p.length - 1;
    }

    private static void generate(SequenceModel model, Config c, int tokens, SeededRandom random) {
        ModelState state = model.newState(1);
        int token = 0;
        double[] p = new double[c.vocabulary()];
        for (int i = 0; i < tokens; i++) {
            float[] logits = model.step(state, new int[] {token});
            token = draw(logits, p, random::nextDouble);
        }
    }

    /** CPU time of the whole process (all PyTorch threads), less sensitive than wall time to a busy machine. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2.0;
    }

    /**
     * The same network trained and sampled the way a DJL user would write it: Trainer, SequentialBlock, DJL's loss
     * and Adam; sampling steps the same blocks one token at a time, carrying the LSTM's state.
     */
    static final class RawDjlLoop implements AutoCloseable {
        private final Model model;
        private final Trainer trainer;
        private final Config config;
        private final EmbeddingBlock embedding;
        private final LSTM lstm;
        private final Linear output;

        RawDjlLoop(Engine engine, Config c) {
            this.config = c;
            model = Model.newInstance("raw-djl-lstm", DjlEngine.device(engine), engine.getEngineName());
            // A plain lookup table: DJL's TrainableWordEmbedding needs a vocabulary of items, not ids.
            embedding = new EmbeddingBlock(c.vocabulary(), c.embedding());
            // The LSTM returns its state for sampling; in training the lambda keeps only its outputs.
            lstm = LSTM.builder().setStateSize(c.units()).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
            output = Linear.builder().setUnits(c.vocabulary()).build();
            model.setBlock(new SequentialBlock().add(embedding).add(lstm).add(list -> new NDList(list.get(0))).add(output));
            trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(ai.djl.training.optimizer.Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build()));
            trainer.initialize(new Shape(BATCH, c.steps()));
        }

        /**
         * Batch-1 generation of {@code tokens} tokens: embedding, one LSTM step from the carried state, Linear, then
         * a softmax draw on the host, one native call per block and token.
         */
        void sample(int tokens, java.util.Random random) {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(manager, false);
                NDArray h = manager.zeros(new Shape(1, 1, config.units()));
                NDArray c = manager.zeros(new Shape(1, 1, config.units()));
                double[] p = new double[config.vocabulary()];
                long token = 0;
                for (int i = 0; i < tokens; i++) {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray x = step.create(new long[] {token}, new Shape(1, 1));
                        NDArray e = embedding.forward(store, new NDList(x), false).singletonOrThrow();
                        NDList out = lstm.forward(store, new NDList(e, h, c), false);
                        float[] logits = output.forward(store, new NDList(out.get(0)), false).singletonOrThrow().toFloatArray();
                        NDArray previousH = h, previousC = c;
                        h = out.get(1);
                        c = out.get(2);
                        h.attach(manager);
                        c.attach(manager);
                        previousH.close();
                        previousC.close();
                        token = draw(logits, p, random::nextDouble);
                    }
                }
            }
        }

        void step(long[] ids, long[] targets) {
            try (NDManager scope = trainer.getManager().newSubManager()) {
                NDArray x = scope.create(ids, new Shape(BATCH, config.steps()));
                NDArray y = scope.create(targets, new Shape((long) BATCH * config.steps()));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow().reshape(-1, config.vocabulary());
                    NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(logits));
                    collector.backward(loss);
                }
                trainer.step();
            }
        }

        @Override
        public void close() {
            trainer.close();
            model.close();
        }
    }
}
