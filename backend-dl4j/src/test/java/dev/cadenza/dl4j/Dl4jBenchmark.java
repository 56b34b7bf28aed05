package dev.cadenza.dl4j;

import dev.cadenza.Backend;
import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Initialization;
import dev.cadenza.model.Losses;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.optim.CanonicalOptimizer;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineTrainer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Training tokens/s of Cadenza's DL4J backend against a plain DL4J {@link MultiLayerNetwork} (embedding, LSTM, softmax
 * output, DL4J's Adam and {@code fit}) on the same configurations, steps alternating in one JVM so that both see the
 * same machine; then what the Java side of a Cadenza step costs (the loss gradient, the canonical arrays in and out of
 * the engine, the optimizer); then batch-1 sampling tokens/s (feed a token, keep the state, softmax, sample) for 500
 * tokens. Run through {@code backend-dl4j/benchmark.sh [small] [chorale] [mit]}; it prints one line per measurement.
 */
public final class Dl4jBenchmark {
    /** One benchmark shape: vocabulary, embedding width, LSTM units, window length. */
    record Shape(String name, int vocabulary, int embedding, int units, int steps) {}

    private static final List<Shape> SHAPES = List.of(new Shape("small", 83, 64, 256, 100),
            new Shape("chorale", 47, 5, 256, 128), new Shape("mit", 83, 256, 1024, 100));
    private static final int BATCH = 32;

    private Dl4jBenchmark() {}

    public static void main(String[] args) {
        List<String> wanted = new ArrayList<>(Arrays.asList(args));
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        Backend backend = new Backend(new Dl4jBackendProvider().open());
        System.out.println("# ND4J " + Nd4j.getExecutioner().getEnvironmentInformation());
        for (Shape s : SHAPES) {
            if (!wanted.isEmpty() && !wanted.contains(s.name())) continue;
            train(backend, s, seconds);
            sample(backend, s);
        }
    }

    private static void train(Backend backend, Shape s, double seconds) {
        ModelSpec spec = ModelSpec.of(Input.embedding(s.vocabulary(), s.embedding()), Layer.lstm(s.units()), Layer.dense(s.vocabulary()));
        SeededRandom random = new SeededRandom(1);
        int[][] windows = new int[BATCH][s.steps() + 1];
        for (int[] w : windows)
            for (int t = 0; t < w.length; t++) w[t] = random.nextInt(s.vocabulary());
        Batch batch = Batch.ofWindows(windows);
        try (SequenceModel model = backend.create(spec, 7L)) {
            TrainingSession session = model.train(TrainingConfig.of(Optimizer.adam(1e-3)));
            MultiLayerNetwork raw = rawNetwork(s);
            DataSet data = rawData(batch, s);
            // Warm-up: one step each, then alternate until the time is spent.
            session.step(batch);
            raw.fit(data);
            List<Double> cadenza = new ArrayList<>(), plain = new ArrayList<>();
            double cadenzaCpu = 0, plainCpu = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end || cadenza.size() < 3) {
                long c0 = cpu(), t0 = System.nanoTime();
                session.step(batch);
                long c1 = cpu(), t1 = System.nanoTime();
                raw.fit(data);
                long c2 = cpu(), t2 = System.nanoTime();
                cadenza.add((t1 - t0) / 1e9);
                plain.add((t2 - t1) / 1e9);
                cadenzaCpu += (c1 - c0) / 1e9;
                plainCpu += (c2 - c1) / 1e9;
            }
            double tokens = (double) BATCH * s.steps();
            double c = tokens / median(cadenza), r = tokens / median(plain);
            double cBest = tokens / min(cadenza), rBest = tokens / min(plain);
            System.out.printf(Locale.ROOT, "train %-8s cadenza-dl4j %7.0f tokens/s   raw-dl4j %7.0f tokens/s   ratio %.3f (medians)   "
                    + "best %7.0f / %7.0f ratio %.3f   per CPU-second %7.0f / %7.0f ratio %.3f   (%d steps each)%n", s.name(), c, r,
                    c / r, cBest, rBest, cBest / rBest, tokens * cadenza.size() / cadenzaCpu, tokens * plain.size() / plainCpu,
                    plainCpu / cadenzaCpu, cadenza.size());
            raw.close();
            javaSide(s.name(), spec, batch, median(cadenza));
        }
    }

    /**
     * The parts of a Cadenza step that run in Java on canonical arrays, timed alone on the same spec (medians of 10):
     * the loss and its gradient over the outputs, the flat gradient to canonical arrays, the weights to canonical
     * arrays, the optimizer (Adam), and the updated weights back into DL4J's parameter vector.
     */
    private static void javaSide(String name, ModelSpec spec, Batch batch, double stepSeconds) {
        try (EngineModel engine = new Dl4jBackend().create(spec, Initialization.initialize(spec, 7))) {
            EngineTrainer trainer = engine.trainer();
            CanonicalOptimizer optimizer = new CanonicalOptimizer(spec, TrainingConfig.of(Optimizer.adam(1e-3)));
            SeededRandom random = new SeededRandom(2);
            float[] outputs = new float[batch.size() * batch.steps() * spec.outputs()];
            for (int i = 0; i < outputs.length; i++) outputs[i] = (float) random.nextGaussian();
            float[] gradient = new float[outputs.length];
            List<double[]> times = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                long t0 = System.nanoTime();
                Losses.lossAndGradient(spec, outputs, batch, 1.0 / outputs.length, gradient);
                long t1 = System.nanoTime();
                float[][] g = trainer.gradients();
                long t2 = System.nanoTime();
                float[][] w = trainer.trainableWeights();
                long t3 = System.nanoTime();
                optimizer.step(w, g);
                long t4 = System.nanoTime();
                trainer.weightsUpdated();
                long t5 = System.nanoTime();
                if (i >= 2) times.add(new double[] {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4});
            }
            double[] m = new double[5];
            for (int k = 0; k < 5; k++) {
                int col = k;
                m[k] = median(times.stream().map(a -> a[col] / 1e9).toList());
            }
            double total = Arrays.stream(m).sum();
            System.out.printf(Locale.ROOT, "java-side %-7s %d parameters: loss gradient %.1f ms, gradients out %.1f ms, weights out %.1f ms, "
                    + "optimizer %.1f ms, weights back %.1f ms; total %.1f ms = %.1f%% of the median Cadenza step (%.0f ms)%n",
                    name, spec.parameterCount(), m[0] * 1e3, m[1] * 1e3, m[2] * 1e3, m[3] * 1e3, m[4] * 1e3,
                    total * 1e3, 100 * total / stepSeconds, stepSeconds * 1e3);
        }
    }

    private static void sample(Backend backend, Shape s) {
        ModelSpec spec = ModelSpec.of(Input.embedding(s.vocabulary(), s.embedding()), Layer.lstm(s.units()), Layer.dense(s.vocabulary()));
        try (SequenceModel model = backend.create(spec, 7L)) {
            SeededRandom random = new SeededRandom(3);
            sampleTokens(model, 100, random); // warm-up
            long t0 = System.nanoTime();
            sampleTokens(model, 500, random);
            double cadenza = 500 / ((System.nanoTime() - t0) / 1e9);
            MultiLayerNetwork raw = rawNetwork(s);
            rawSample(raw, s, 100, random);
            t0 = System.nanoTime();
            rawSample(raw, s, 500, random);
            double plain = 500 / ((System.nanoTime() - t0) / 1e9);
            System.out.printf(Locale.ROOT, "sample %-7s cadenza-dl4j %8.0f tokens/s   raw-dl4j rnnTimeStep %8.0f tokens/s   ratio %.3f%n",
                    s.name(), cadenza, plain, cadenza / plain);
            raw.close();
        }
    }

    private static void sampleTokens(SequenceModel model, int n, SeededRandom random) {
        ModelState state = model.newState(1);
        int token = 0;
        for (int i = 0; i < n; i++) token = draw(model.step(state, new int[] {token}), random);
    }

    private static void rawSample(MultiLayerNetwork raw, Shape s, int n, SeededRandom random) {
        raw.rnnClearPreviousState();
        int token = 0;
        for (int i = 0; i < n; i++) {
            INDArray p = raw.rnnTimeStep(Nd4j.createFromArray(new float[] {token}).reshape(1, 1));
            float[] probabilities = p.reshape(s.vocabulary()).toFloatVector();
            double u = random.nextDouble(), acc = 0;
            token = probabilities.length - 1;
            for (int c = 0; c < probabilities.length; c++)
                if ((acc += probabilities[c]) > u) {
                    token = c;
                    break;
                }
        }
    }

    /** Softmax and a categorical draw, as a sampler at temperature 1 does. */
    private static int draw(float[] logits, SeededRandom random) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        for (int c = 0; c < p.length; c++) sum += p[c] = Math.exp(logits[c] - max);
        double u = random.nextDouble() * sum, acc = 0;
        for (int c = 0; c < p.length; c++)
            if ((acc += p[c]) > u) return c;
        return p.length - 1;
    }

    /** What a DL4J user writes for the same model: embedding, LSTM (tanh), softmax output with MCXENT, Adam. */
    static MultiLayerNetwork rawNetwork(Shape s) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new Adam(1e-3)).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(s.vocabulary()).nOut(s.embedding()).hasBias(false)
                        .outputDataFormat(RNNFormat.NCW).build())
                .layer(new LSTM.Builder().nIn(s.embedding()).nOut(s.units()).activation(Activation.TANH)
                        .dataFormat(RNNFormat.NCW).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(s.units()).nOut(s.vocabulary())
                        .activation(Activation.SOFTMAX).dataFormat(RNNFormat.NCW).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Ids [B, T] and one-hot labels [B, V, T], built once as a data set iterator would hand them over. */
    static DataSet rawData(Batch batch, Shape s) {
        int b = batch.size(), t = batch.steps(), v = s.vocabulary();
        float[] ids = new float[b * t];
        float[] labels = new float[b * v * t];
        for (int r = 0; r < b; r++)
            for (int q = 0; q < t; q++) {
                ids[r * t + q] = batch.tokens()[r * t + q];
                labels[(r * v + batch.targets()[r * t + q]) * t + q] = 1f;
            }
        return new DataSet(Nd4j.createFromArray(ids).reshape(b, t), Nd4j.createFromArray(labels).reshape(b, v, t));
    }

    /** CPU time of the whole process (every native thread included), in nanoseconds. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }
}
