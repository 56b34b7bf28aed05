package dev.cadenza.examples.recipes;

import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.Activation;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.chorale.ChoraleArpeggioTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * S3 (Géron, Hands-On ML ch. 15, exercise 10): JSB chorales arpeggiated into 47 tokens, windows of 32 chords + 1
 * shifted by 16, Embedding(47, 5) -> four causal dilated Conv1D + BatchNorm -> LSTM(256) -> Dense(47), Nadam(1e-3),
 * batch 32, 20 epochs. The notebook reaches test accuracy 0.8164. Generation: the first 8 chords of test chorale 2,
 * then 56 chords note by note with temperature sampling.
 */
public final class BachChoralesRecipe implements Recipe {
    static final int PRIMER_CHORDS = 8, GENERATED_CHORDS = 56;

    @Override
    public String name() {
        return "bach-chorales";
    }

    @Override
    public String description() {
        return "S3: Bach chorales as arpeggiated 4-voice chords, dilated causal convolutions + LSTM (Geron ch. 15)";
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        Recipe.checkPreset(preset);
        List<int[][]> train = ChoraleCsv.readAll(context.corpus().jsbChoraleFiles("train"));
        ChoraleArpeggioTokenizer tokenizer = (ChoraleArpeggioTokenizer) context.cadenza().tokenizer(ChoraleArpeggioTokenizer.NAME)
                .fit(train, Map.of());
        List<int[][]> valid = ChoraleCsv.readAll(context.corpus().jsbChoraleFiles("valid"));
        List<int[][]> test = ChoraleCsv.readAll(context.corpus().jsbChoraleFiles("test"));
        List<int[]> corpusTokens = new ArrayList<>();
        List<Score> scores = new ArrayList<>();
        for (int[][] c : train) {
            corpusTokens.add(tokenizer.encode(c));
            scores.add(ChoraleArpeggioTokenizer.toScore(c, 100));
        }
        return new PreparedData(tokenizer, Dataset.of(tokenizer.windows(train), 32, false),
                Dataset.of(tokenizer.windows(valid), 32, false), Dataset.of(tokenizer.windows(test), 32, false), corpusTokens, scores);
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        int v = data.tokenizer().vocabulary().size();
        return ModelSpec.of(Input.embedding(v, 5),
                Layer.Conv1D.causal(32, 2, 1, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(48, 2, 2, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(64, 2, 4, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(96, 2, 8, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.lstm(256), Layer.dense(v));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        // Keras' Nadam(learning_rate=1e-3) with its defaults; the default preset trains the same network for fewer epochs.
        return new TrainingPlan(TrainingConfig.of(Optimizer.nadam(1e-3)), SEED.equals(preset) ? 20 : 8);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException {
        ChoraleArpeggioTokenizer chorales = (ChoraleArpeggioTokenizer) tokenizer;
        int[] primer;
        if (options.primer() != null) {
            primer = Arrays.stream(options.primer().trim().split("[\\s,]+")).mapToInt(Integer::parseInt).toArray();
        } else {
            int[][] testChorale = ChoraleCsv.read(context.corpus().jsbChoraleFiles("test").get(2));
            primer = chorales.encode(Arrays.copyOf(testChorale, PRIMER_CHORDS));
        }
        int length = options.length() > 0 ? options.length() : GENERATED_CHORDS * 4;
        List<int[]> generated = Generator.of(model).vocabulary(tokenizer.vocabulary())
                .sampler(context.cadenza().sampler(options.sampler(), options.samplerOptions()))
                .primer(primer).length(length).samples(options.pieces()).seed(options.seed()).generate();
        List<Piece> pieces = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            int[] all = concat(primer, generated.get(i));
            if (all.length % 4 != 0) all = Arrays.copyOf(all, all.length - all.length % 4);
            pieces.add(new Piece(String.format("chorale-%02d", i + 1), chorales.decodeScore(all), generated.get(i), chorales.decodeText(all)));
        }
        return pieces;
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
