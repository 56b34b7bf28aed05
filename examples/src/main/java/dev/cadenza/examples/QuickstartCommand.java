package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.generate.Generator;
import dev.cadenza.generate.Sampler;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.Backend;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.train.Dataset;
import dev.cadenza.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The main job: train a small character-level LSTM on ABC tunes (the demo corpus or a book on disk), generate new
 * tunes, and write the first one that parses as MIDI, beside its ABC text and the checkpoint.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Train a small model on ABC tunes and write a generated tune as MIDI (about a minute).",
                "Writes quickstart.cadenza (the model), generated.abc and generated.mid into --out."})
public final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--corpus", paramLabel = "FILE", description = "ABC tune book to learn from (default: the 12 demo tunes).")
    Path corpus;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOption backend;

    @Option(names = "--epochs", defaultValue = "30", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation, batch order and sampling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", defaultValue = "0.8", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Override
    public Integer call() throws Exception {
        Cadenza cadenza = Cadenza.discover();
        List<String> tunes = AbcCharTokenizer.splitTunes(DemoCorpus.text(corpus));
        if (tunes.isEmpty()) throw new IllegalArgumentException("no tunes (X: lines) in " + (corpus == null ? "the demo corpus" : corpus));
        Tokenizer<String> tokenizer = cadenza.tokenizer("abc-char", String.class).fit(tunes, Options.none());
        int[] text = tokenizer.encode(String.join("\n\n", tunes) + "\n\n");
        int vocab = tokenizer.vocabulary().size();
        System.out.printf("%d tunes, %,d characters, %d distinct%n", tunes.size(), text.length, vocab);

        ModelSpec spec = ModelSpec.of(Input.embedding(vocab, 32), Layer.lstm(256), Layer.dense(vocab));
        Backend engine = backend.open(cadenza);
        Dataset data = Dataset.windows(List.of(text), 64, 16, 16);
        TrainingConfig config = TrainingConfig.of(Optimizer.adam(4e-3)).withClipping(GradientClipping.globalNorm(5)).withSeed(seed);
        Files.createDirectories(out);
        try (SequenceModel model = engine.create(spec, seed)) {
            System.out.printf("backend %s, %,d parameters, %d windows of 64 characters%n", engine.name(), spec.parameterCount(), data.windowCount());
            try (ConsoleProgress progress = new ConsoleProgress(System.out, epochs)) {
                new Trainer(model, config).listener(progress).fit(data, null, epochs);
            }
            Path checkpoint = out.resolve("quickstart.cadenza");
            Checkpoint.of(spec, model.weights()).withTokenizer(TokenizerState.of(tokenizer)).withTraining(config, null).write(checkpoint);

            // The ABC grammar constraint keeps every generated tune syntactically valid.
            Sampler sampler = cadenza.sampler("abc-grammar", Options.of(Map.of("temperature", Double.toString(temperature))));
            int[] primer = tokenizer.encode("X:1\nT:");
            List<int[]> samples = Generator.of(model).vocabulary(tokenizer.vocabulary()).sampler(sampler)
                    .primer(primer).length(700).seed(seed).generate(4);
            List<String> generated = new ArrayList<>();
            int cut = 0;
            for (int[] s : samples) {
                String sample = "X:1\nT:" + tokenizer.decodeText(s);
                List<String> complete = AbcCharTokenizer.completeTunes(sample);
                cut += AbcCharTokenizer.splitTunes(sample).size() - complete.size();
                generated.addAll(complete);
            }
            Score first = null;
            int parsed = 0;
            StringBuilder abc = new StringBuilder();
            for (String tune : generated) {
                try {
                    Score score = tokenizer.decodeScore(tokenizer.encode(tune));
                    if (score.noteCount() == 0) continue;
                    parsed++;
                    abc.append(tune).append("\n\n");
                    if (first == null) first = score;
                } catch (IllegalArgumentException e) {
                    System.out.println("generated tune does not parse: " + e.getMessage());
                }
            }
            System.out.printf("%d of %d complete generated tunes parse as ABC (%d cut off by the length budget not counted)%n",
                    parsed, generated.size(), cut);
            if (first == null) {
                System.out.println("no generated tune parsed: train longer (--epochs) or lower --temperature");
                return 2;
            }
            Files.writeString(out.resolve("generated.abc"), abc, StandardCharsets.US_ASCII);
            Path midi = out.resolve("generated.mid");
            cadenza.renderer("midi").render(first, midi);
            System.out.printf("wrote %s (%d notes, %.1f s), %s and %s%n", midi, first.noteCount(),
                    first.seconds(first.end()), out.resolve("generated.abc"), checkpoint);
        }
        return 0;
    }
}
