package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.formats.MusicFiles;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.samplers.AbcGrammar;
import dev.cadenza.samplers.Samplers;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.train.Dataset;
import dev.cadenza.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Trains a character model on an ABC tune book and writes a new tune: java ReadmeExample tunes.abc out/ */
public final class ReadmeExample {
    /**
     * Trains on the tune book {@code args[0]}; writes tune.abc, tune.mid and tunes.cadenza into {@code args[1]}.
     *
     * @param args the ABC tune book and the output folder
     * @throws Exception when a file cannot be read or written
     */
    public static void main(String[] args) throws Exception {
        Path book = Path.of(args[0]), out = Files.createDirectories(Path.of(args[1]));
        Cadenza cadenza = Cadenza.discover();                 // the engines and plug-ins on the class path
        List<String> tunes = MusicFiles.abcTunes(book).values();                      // one ABC tune per string
        Tokenizer<String> abc = cadenza.tokenizer("abc-char", String.class).fit(tunes, Options.none());
        int[] text = abc.encode(AbcCharTokenizer.joinTunes(tunes));
        int v = abc.vocabulary().size();

        ModelSpec spec = ModelSpec.of(Input.embedding(v, 32), Layer.lstm(256), Layer.dense(v));
        try (SequenceModel model = cadenza.backend().create(spec, 42)) {       // seeded: the same on every engine
            TrainingConfig config = TrainingConfig.of(Optimizer.adam(4e-3)).withClipping(GradientClipping.globalNorm(5));
            new Trainer(model, config).fit(Dataset.windows(List.of(text), 64, 16, 16), null, 12);

            int[] primer = abc.encode("X:1\nT:");
            int[] tune = Generator.of(model).tokenizer(abc).primer(primer).length(900).seed(7)  // the grammar ends a tune by 800
                    .sampler(Samplers.sample(Samplers.grammar(new AbcGrammar()), Samplers.temperature(0.8)))   // valid ABC only
                    .generate();
            String written = abc.decodeText(primer) + abc.decodeText(tune);
            Files.writeString(out.resolve("tune.abc"), written);
            Score score = abc.decodeScore(abc.encode(AbcCharTokenizer.completeTunes(written).get(0)));
            cadenza.renderer("midi").render(score, out.resolve("tune.mid"));

            Checkpoint.of(spec, model.weights()).withTokenizer(TokenizerState.of(abc)).write(out.resolve("tunes.cadenza"));
        }
    }
}
