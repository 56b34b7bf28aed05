package dev.cadenza.examples.recipes;

import dev.cadenza.formats.MusicFiles;
import dev.cadenza.model.GradientClipping;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * S1 (MIT 6.S191 lab 1): irish.abc as characters, Embedding -> LSTM -> Dense over the joined tune text.
 * Seed preset: Embedding(83, 256) -> LSTM(1024) -> Dense(83), Adam(5e-3), batch 32, sequences of 100, about 5000
 * iterations. 5% of the tunes (chosen by the seed) are held out to report the validation loss per character.
 * Generation starts from "X:" and keeps the LSTM state; each generated tune is parsed, and only tunes that parse
 * become pieces (use the sampler "abc-grammar" to keep every tune valid).
 */
public final class IrishAbcRecipe implements Recipe {
    static final int SEQUENCE = 100;

    @Override
    public String name() {
        return "irish-abc";
    }

    @Override
    public String description() {
        return "S1: Irish folk tunes as ABC characters, Embedding + LSTM (MIT 6.S191 lab 1)";
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        Recipe.checkPreset(preset);
        List<String> tunes = context.userCorpus() != null
                ? AbcCharTokenizer.splitTunes(String.join("\n\n", context.report(MusicFiles.abcTunes(context.userCorpus()))))
                : AbcCharTokenizer.splitTunes(context.corpus().irishAbc());
        AbcCharTokenizer tokenizer = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.FREQUENCY);
        List<String> train = new ArrayList<>(), validation = new ArrayList<>();
        SeededRandom random = new SeededRandom(context.seed());
        for (String t : tunes) (random.nextDouble() < 0.05 ? validation : train).add(t);
        List<int[]> corpusTokens = new ArrayList<>();
        List<Score> scores = new ArrayList<>();
        for (String t : train) {
            corpusTokens.add(tokenizer.encode(t));
            if (scores.size() < 300) scores.add(tokenizer.decodeScore(tokenizer.encode(t)));
        }
        int[] trainText = tokenizer.encode(AbcCharTokenizer.joinTunes(train));
        int[] validationText = tokenizer.encode(AbcCharTokenizer.joinTunes(validation));
        return new PreparedData(tokenizer, Dataset.windows(List.of(trainText), SEQUENCE, SEQUENCE / 2, 32),
                Dataset.windows(List.of(validationText), SEQUENCE, SEQUENCE, 32), null, corpusTokens, scores);
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        int v = data.tokenizer().vocabulary().size();
        return SEED.equals(preset)
                ? ModelSpec.of(Input.embedding(v, 256), Layer.lstm(1024), Layer.dense(v))
                : ModelSpec.of(Input.embedding(v, 64), Layer.lstm(512), Layer.dense(v));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        if (SEED.equals(preset)) {
            // The lab's 5000 iterations of 32 random windows, as epochs over windows taken every 50 characters.
            int epochs = Math.max(1, Math.round(5000f / data.train().batchesPerEpoch()));
            return new TrainingPlan(TrainingConfig.of(Optimizer.adam(5e-3)), epochs);
        }
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(3e-3)).withClipping(GradientClipping.globalNorm(5)), 6);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException {
        AbcCharTokenizer abc = (AbcCharTokenizer) tokenizer;
        String primerText = options.primerFile() != null ? abc.decodeText(Decoding.primerFile(options.primerFile(), abc))
                : options.primer() != null ? options.primer() : "X:";
        List<int[]> generated = Decoding.tokens(context, model, abc, abc.encode(primerText), 1000, options);
        List<Piece> pieces = new ArrayList<>();
        int tunes = 0, parsed = 0, cut = 0;
        for (int[] g : generated) {
            String text = primerText + abc.decodeText(g);
            // A tune cut off by the length budget was not written badly: it is reported apart and not counted.
            List<String> complete = AbcCharTokenizer.completeTunes(text);
            cut += AbcCharTokenizer.splitTunes(text).size() - complete.size();
            for (String tune : complete) {
                tunes++;
                try {
                    Score score = abc.decodeScore(abc.encode(tune));
                    if (score.noteCount() == 0) continue;
                    parsed++;
                    pieces.add(new Piece(String.format("tune-%02d", pieces.size() + 1), score, abc.encode(tune), tune));
                } catch (IllegalArgumentException notAbc) {
                    context.out().println("does not parse: " + notAbc.getMessage());
                }
            }
        }
        context.out().printf("%d of %d complete generated tunes parse as ABC (%.0f%%); %d tunes cut off by the length budget not counted%n",
                parsed, tunes, tunes == 0 ? 0.0 : 100.0 * parsed / tunes, cut);
        return pieces;
    }
}
