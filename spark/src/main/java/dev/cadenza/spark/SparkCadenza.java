package dev.cadenza.spark;

import dev.cadenza.SequenceModel;
import dev.cadenza.TrainingSession;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.model.Batch;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.train.CheckpointWriter;
import dev.cadenza.train.Dataset;
import dev.cadenza.train.TrainingListener;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The command line for {@code spark-submit}: {@code prepare}, {@code train}, {@code generate}, {@code measure} and
 * {@code demo-corpus}, each with {@code --name value} options (README.md, "Scaling out", has the commands). The master
 * comes from spark-submit ({@code --master}), or {@code local[*]} when run without it. This is the one class of the
 * module that writes to standard output: it is a command line.
 */
public final class SparkCadenza {
    private SparkCadenza() {}

    /**
     * Runs one command; {@code --help} prints the commands and their options.
     *
     * @param args the command and its {@code --name value} options
     * @throws Exception when the command fails; the message names what went wrong
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println(usage());
            return;
        }
        String command = args[0];
        Options o = parse(Arrays.copyOfRange(args, 1, args.length));
        switch (command) {
            case "demo-corpus" -> demoCorpus(o.readBy("demo-corpus", Set.of("output", "files", "seed")));
            case "verify-pieces" -> verifyPieces(o.readBy("verify-pieces", Set.of("checkpoint", "manifest")));
            case "prepare" -> withSpark(spark -> prepare(spark, o.readBy("prepare", Set.of("input", "output", "tokenizer", "options", "midi", "partitions"))));
            case "train" -> withSpark(spark -> train(spark, o.readBy("train", Set.of("shards", "checkpoints", "epochs", "steps", "stride", "batch",
                    "partitions", "backend", "embedding", "hidden", "lr", "seed", "every", "resume"))));
            case "generate" -> withSpark(spark -> generate(spark, o.readBy("generate", Set.of("checkpoint", "output", "pieces", "seed", "length",
                    "sampler", "sampler-options", "formats", "primer", "backend", "partitions", "per-batch"))));
            case "measure" -> withSpark(spark -> measure(spark, o.readBy("measure", Set.of("batches", "repeats", "warmup", "partitions",
                    "backend", "hidden", "embedding", "vocabulary", "steps", "seed"))));
            default -> throw new IllegalArgumentException("unknown command '" + command + "'\n" + usage());
        }
    }

    static String usage() {
        return String.join("\n",
                "usage: spark-submit ... --class dev.cadenza.spark.SparkCadenza cadenza-spark.jar COMMAND [--option value ...]",
                "  demo-corpus --output DIR [--files 24] [--seed 1]             synthetic MIDI melodies, for a corpus-free demo",
                "  prepare  --input PATH --output DIR --tokenizer NAME [--options k=v,...] [--midi tolerant|strict] [--partitions N]",
                "  train    --shards DIR --checkpoints DIR [--epochs 2] [--steps 32] [--stride 16] [--batch 32] [--partitions 2]",
                "           [--backend pure] [--embedding 32] [--hidden 64] [--lr 0.002] [--seed 1] [--every 0] [--resume true]",
                "  generate --checkpoint FILE --output DIR [--pieces 8] [--seed 1] [--length 200] [--sampler top-p]",
                "           [--sampler-options p=0.9] [--formats midi] [--primer 'TOKEN TOKEN'] [--backend pure] [--partitions N] [--per-batch 16]",
                "  verify-pieces --checkpoint FILE --manifest FILE       regenerates each listed piece alone on this machine (no Spark) and compares",
                "  measure  [--batches 8,32,128] [--repeats 7] [--warmup 2] [--partitions 2] [--hidden 128] [--steps 32]");
    }

    private static Options parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
                throw new IllegalArgumentException("expected --name value pairs, found '" + args[i] + "'" + (i + 1 >= args.length ? " without a value" : ""));
            if (m.put(args[i].substring(2), args[i + 1]) != null) throw new IllegalArgumentException("option " + args[i] + " is given twice");
        }
        return Options.of(m);
    }

    private interface SparkWork {
        void run(SparkSession spark) throws Exception;
    }

    private static void withSpark(SparkWork work) throws Exception {
        SparkSession.Builder b = SparkSession.builder().appName("cadenza");
        if (System.getProperty("spark.master") == null) b.master("local[*]");
        SparkSession spark = b.getOrCreate();
        try {
            work.run(spark);
        } finally {
            spark.stop();
        }
    }

    private static String required(Options o, String key) {
        String v = o.text(key, null);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("--" + key + " is required\n" + usage());
        return v;
    }

    static void demoCorpus(Options o) throws IOException {
        Path out = Path.of(required(o, "output"));
        int files = o.integer("files", 24, 1, 100_000);
        SeededRandom r = new SeededRandom(o.integer("seed", 1));
        Files.createDirectories(out);
        for (int f = 0; f < files; f++) {
            List<Note> notes = new ArrayList<>();
            int pitch = 60 + r.nextInt(12);
            long at = 0;
            for (int i = 0; i < 120 + r.nextInt(120); i++) {
                pitch = Math.max(48, Math.min(84, pitch + r.nextInt(7) - 3));
                long length = 120L * (1 + r.nextInt(4));
                notes.add(new Note(pitch, 80, at, length));
                if (r.nextInt(5) == 0) notes.add(new Note(pitch - 12, 70, at, length)); // an octave below now and then
                at += length;
            }
            MidiWriter.write(Score.of("demo " + f, 480, 120, null, List.of(Part.of("Piano", 0, notes))),
                    out.resolve(String.format(Locale.ROOT, "demo-%03d.mid", f)));
        }
        System.out.println("wrote " + files + " MIDI files to " + out.toAbsolutePath());
    }

    /**
     * Regenerates every piece of a manifest alone, on this machine, with the single-machine {@link dev.cadenza.generate.Generator}
     * and the piece's seed, and checks its tokens: the proof that a cluster's pieces are the ones one machine makes.
     */
    @SuppressWarnings("unchecked")
    static void verifyPieces(Options o) throws IOException {
        Path file = Path.of(required(o, "checkpoint"));
        String sha = BatchGeneration.sha256(Files.readAllBytes(file));
        var loaded = ExecutorModels.cadenza().load(file, ExecutorModels.backend("pure"));
        int same = 0;
        List<String> lines = Files.readAllLines(Path.of(required(o, "manifest")));
        for (String line : lines) {
            Map<String, Object> m = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(line);
            if (!("sha256:" + sha).equals(m.get("checkpoint")))
                throw new IllegalArgumentException("piece " + m.get("piece") + " comes from " + m.get("checkpoint") + ", not from " + file);
            Map<String, String> samplerOptions = new LinkedHashMap<>();
            ((Map<String, Object>) m.get("samplerOptions")).forEach((k, v) -> samplerOptions.put(k, String.valueOf(v)));
            int[] primer = ((List<Number>) m.get("primer")).stream().mapToInt(Number::intValue).toArray();
            var g = dev.cadenza.generate.Generator.of(loaded.model()).tokenizer(loaded.tokenizer())
                    .sampler(ExecutorModels.cadenza().sampler((String) m.get("sampler"), Options.of(samplerOptions)))
                    .primer(primer).length(((Number) m.get("length")).intValue()).seed(((Number) m.get("seed")).longValue());
            if (loaded.model().spec().input() instanceof Input.Features)
                g.features(dev.cadenza.generate.Generator.TokenFeatures.scaled(loaded.tokenizer().vocabulary().size()));
            int[] alone = g.generate();
            int[] listed = ((List<Number>) m.get("tokenIds")).stream().mapToInt(Number::intValue).toArray();
            if (!Arrays.equals(alone, listed))
                throw new IllegalStateException("piece " + m.get("piece") + " (seed " + m.get("seed") + ") differs from the one generated alone here");
            same++;
        }
        System.out.println(same + " of " + lines.size() + " pieces are the ones the single-machine Generator makes alone with their seeds");
    }

    static void prepare(SparkSession spark, Options o) throws IOException {
        String midi = o.choice("midi", "tolerant", Set.of("tolerant", "strict"));
        long t0 = System.nanoTime();
        CorpusPreparation.Result r = CorpusPreparation.on(spark).input(required(o, "input")).output(required(o, "output"))
                .tokenizer(required(o, "tokenizer"), Options.parse(o.text("options", "")))
                .midiMode(midi.equals("strict") ? MidiReader.Mode.STRICT : MidiReader.Mode.TOLERANT)
                .partitions(o.integer("partitions", 0, 0, 1_000_000)).run();
        System.out.printf(Locale.ROOT, "prepared %s: %d files, %d items, %d tokens, vocabulary of %d (%s) in %.1f s%n", r.output(), r.files(),
                r.items(), r.tokens(), r.tokenizer().vocabulary().size(), r.tokenizer().name(), (System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "problems: %d errors, %d tunes skipped, %d files read with repairs (%s)%n", r.count(FileProblem.ERROR),
                r.count(FileProblem.SKIPPED), r.count(FileProblem.WARNING), CorpusPreparation.PROBLEMS);
        r.problems().stream().filter(p -> !p.severity().equals(FileProblem.WARNING)).limit(20).forEach(p -> System.out.println("  " + p));
    }

    static void train(SparkSession spark, Options o) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TokenShards shards = TokenShards.open(spark, required(o, "shards"));
        Path checkpoints = Files.createDirectories(Path.of(required(o, "checkpoints")));
        int steps = o.integer("steps", 32, 1, 100_000), stride = o.integer("stride", 16, 1, 100_000);
        int batch = o.integer("batch", 32, 1, 1_000_000), partitions = o.integer("partitions", 2, 1, 100_000);
        int epochs = o.integer("epochs", 2, 1, 100_000), every = o.integer("every", 0, 0, Integer.MAX_VALUE);
        String backend = o.text("backend", "pure");
        Path last = checkpoints.resolve(CheckpointWriter.LAST);
        boolean resume = o.flag("resume", false) && Files.exists(last);
        SequenceModel driver;
        TrainingConfig config;
        Checkpoint saved = null;
        if (resume) {
            saved = Checkpoint.read(last);
            driver = ExecutorModels.backend("pure").create(saved.spec(), saved.weights());
            config = saved.trainingConfig();
        } else {
            int v = shards.tokenizerState().vocabulary().size();
            ModelSpec spec = ModelSpec.of(Input.embedding(v, o.integer("embedding", 32, 1, 4096)), Layer.lstm(o.integer("hidden", 64, 1, 8192)),
                    Layer.dense(v));
            config = TrainingConfig.of(Optimizer.adam(o.number("lr", 2e-3))).withClipping(GradientClipping.globalNorm(1)).withSeed(o.integer("seed", 1));
            driver = ExecutorModels.backend("pure").create(spec, config.seed());
        }
        try (TrainingWindows windows = TrainingWindows.of(shards.sequences(), steps, stride, partitions)) {
            SparkTrainer trainer = new SparkTrainer(sc, driver, config, backend);
            if (saved != null) CheckpointWriter.resume(trainer, saved);
            trainer.listener(new CheckpointWriter(trainer, checkpoints, every, shards.tokenizerState(),
                    Map.of("trainer", "spark", "spark.partitions", Integer.toString(partitions), "spark.backend", backend)));
            int batches = (windows.windowCount() + batch - 1) / batch;
            System.out.printf(Locale.ROOT, "%s %d windows of %d steps in %d partitions, batch %d (%d steps per epoch), %d parameters, executors on %s%n",
                    resume ? "resuming from " + last + " at step " + saved.optimizer().step() + ":" : "training:", windows.windowCount(), steps,
                    partitions, batch, batches, driver.spec().parameterCount(), backend);
            long[] start = {System.nanoTime()};
            trainer.listener(new TrainingListener() {
                @Override
                public void onStep(int epoch, StepResult r, int stepsPerEpoch) {
                    if (r.step() % Math.max(1, stepsPerEpoch / 4) == 0)
                        System.out.printf(Locale.ROOT, "epoch %d step %d loss %.4f (%.0f ms/step)%n", epoch, r.step(), r.loss(),
                                (System.nanoTime() - start[0]) / 1e6 / r.step());
                }

                @Override
                public void onEpochEnd(int epoch, double trainingLoss, dev.cadenza.model.Evaluation validation) {
                    System.out.printf(Locale.ROOT, "epoch %d done: training loss %.4f; checkpoint %s%n", epoch, trainingLoss, last);
                }
            });
            trainer.fit(windows, batch, null, epochs);
        }
    }

    static void generate(SparkSession spark, Options o) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String file = required(o, "checkpoint");
        BatchGeneration g = BatchGeneration.on(sc).checkpoint(file).output(required(o, "output")).pieces(o.integer("pieces", 8, 1, 10_000_000))
                .seed(o.integer("seed", 1)).length(o.integer("length", 200, 1, 1_000_000))
                .sampler(o.text("sampler", "top-p"), Options.parse(o.text("sampler-options", "")))
                .formats(List.of(o.text("formats", "midi").split(","))).backend(o.text("backend", "pure"))
                .partitions(o.integer("partitions", 0, 0, 1_000_000)).piecesPerBatch(o.integer("per-batch", 16, 1, 100_000));
        String primer = o.text("primer", "");
        if (!primer.isBlank()) {
            var vocabulary = Checkpoint.read(Path.of(file)).tokenizer().vocabulary();
            g.primer(Arrays.stream(primer.trim().split("\\s+")).mapToInt(vocabulary::id).toArray());
        }
        long t0 = System.nanoTime();
        BatchGeneration.Result r = g.run();
        long failed = r.pieces().stream().filter(p -> p.error() != null).count();
        System.out.printf(Locale.ROOT, "generated %d pieces (%d without files) from sha256:%s in %.1f s; manifest %s%n", r.pieces().size(), failed,
                r.checkpointSha256(), (System.nanoTime() - t0) / 1e9, r.manifest());
    }

    /**
     * Per-step time of the Spark path against the single-process step at the same global batch, for several batch
     * sizes: medians and ranges over repeats, with the load average before and after (other work on the machine
     * shows there), plus the single-process gradient time of one partition's share, for the paper model.
     */
    static void measure(SparkSession spark, Options o) throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int v = o.integer("vocabulary", 64, 2, 100_000), steps = o.integer("steps", 32, 1, 10_000), partitions = o.integer("partitions", 2, 1, 10_000);
        int repeats = o.integer("repeats", 7, 1, 1000), warmup = o.integer("warmup", 2, 0, 1000);
        String backend = o.text("backend", "pure");
        int[] batches = Arrays.stream(o.text("batches", "8,32,128").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        ModelSpec spec = ModelSpec.of(Input.embedding(v, o.integer("embedding", 32, 1, 4096)), Layer.lstm(o.integer("hidden", 128, 1, 8192)), Layer.dense(v));
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(1e-3)).withSeed(1);
        SeededRandom r = new SeededRandom(o.integer("seed", 1));
        int maxBatch = Arrays.stream(batches).max().orElse(8);
        List<int[]> sequences = new ArrayList<>();
        for (int s = 0; s < maxBatch; s++) {
            int[] seq = new int[steps + 1];
            for (int i = 0; i < seq.length; i++) seq[i] = r.nextInt(v);
            sequences.add(seq);
        }
        System.out.printf(Locale.ROOT, "master %s, %d partitions, executors on %s; model %d parameters (%.1f KB of float32); windows of %d steps%n",
                sc.master(), partitions, backend, spec.parameterCount(), spec.parameterCount() * 4 / 1024.0, steps);
        System.out.println("load average before: " + loadAverage());
        SequenceModel single = ExecutorModels.backend(backend).create(spec, 1);
        TrainingSession session = single.train(config);
        SequenceModel driver = ExecutorModels.backend("pure").create(spec, 1);
        SparkTrainer trainer = new SparkTrainer(sc, driver, config, backend);
        System.out.println("| batch | single-process step ms (median, min-max) | Spark step ms (median, min-max) | overhead ms | Spark / single "
                + "| gradient of one share (B/" + partitions + ") ms |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        for (int b : batches) {
            // b windows in equal ranges of ids over the partitions, so each holds its share of the global batch
            try (TrainingWindows windows = TrainingWindows.of(sc, sequences.subList(0, b), steps, steps, partitions)) {
                int[] ids = new int[b];
                for (int i = 0; i < b; i++) ids[i] = i;
                Batch global = Dataset.of(sequences.subList(0, b), b, false).epoch(null).get(0);
                int part = Math.max(1, b / partitions);
                Batch share = Dataset.of(sequences.subList(0, part), part, false).epoch(null).get(0);
                double[] one = time(repeats, warmup, () -> session.step(global));
                double[] spread = time(repeats, warmup, () -> trainer.step(windows, ids));
                double[] grad = time(repeats, warmup, () -> session.gradients(share));
                System.out.printf(Locale.ROOT, "| %d | %.1f (%.1f-%.1f) | %.1f (%.1f-%.1f) | %.1f | %.2f | %.1f |%n", b, one[0], one[1], one[2],
                        spread[0], spread[1], spread[2], spread[0] - one[0], spread[0] / one[0], grad[0]);
            }
        }
        System.out.println("load average after: " + loadAverage());
    }

    /** Median, min and max milliseconds of {@code repeats} runs after {@code warmup} unmeasured ones. */
    private static double[] time(int repeats, int warmup, Runnable work) {
        for (int i = 0; i < warmup; i++) work.run();
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[repeats / 2], ms[0], ms[repeats - 1]};
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
