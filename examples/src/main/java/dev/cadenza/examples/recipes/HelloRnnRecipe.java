package dev.cadenza.examples.recipes;

import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.train.Dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed's "hello world" character RNN (seed 000, section 2): the characters of "hello world", windows of 4.
 * Seed preset: SimpleRNN(32) on one float feature id / vocabulary size, last step -> Dense, Adam, 20 epochs, batch 32,
 * exactly as the seed (it barely learns in 20 epochs of 7 windows). Default preset: an embedding, a target at every
 * step, 150 epochs, which learns the text. Generation: primer "hell", then greedy characters with the state kept
 * (the seed re-runs a sliding window instead). Text only: its pieces hold no notes.
 */
public final class HelloRnnRecipe implements Recipe {
    static final String TEXT = "hello world";
    static final int WINDOW = 4;

    @Override
    public String name() {
        return "hello-rnn";
    }

    @Override
    public String description() {
        return "seed 000: the \"hello world\" character RNN (SimpleRNN), the smallest end-to-end run";
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) {
        Recipe.checkPreset(preset);
        AbcCharTokenizer tokenizer = AbcCharTokenizer.fit(List.of(TEXT), AbcCharTokenizer.Order.FREQUENCY);
        int[] ids = tokenizer.encode(TEXT);
        Dataset windows = Dataset.windows(List.of(ids), WINDOW, 1, 32);
        Dataset train = SEED.equals(preset) ? windows.lastStepTargets().asScaledFeatures(tokenizer.vocabulary().size()) : windows;
        return new PreparedData(tokenizer, train, null, null, List.of(ids), List.of());
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        int v = data.tokenizer().vocabulary().size();
        return SEED.equals(preset)
                ? ModelSpec.of(Input.features(1), new Layer.SimpleRnn(32, false), Layer.dense(v))
                : ModelSpec.of(Input.embedding(v, 8), Layer.simpleRnn(32), Layer.dense(v));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        return SEED.equals(preset) ? new TrainingPlan(TrainingConfig.of(Optimizer.adam(1e-3)), 20)
                : new TrainingPlan(TrainingConfig.of(Optimizer.adam(1e-2)), 150);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws java.io.IOException {
        AbcCharTokenizer chars = (AbcCharTokenizer) tokenizer;
        String primer = options.primerFile() != null ? chars.decodeText(Decoding.primerFile(options.primerFile(), chars))
                : options.primer() != null ? options.primer() : TEXT.substring(0, WINDOW);
        List<Piece> pieces = new ArrayList<>();
        for (int[] g : Decoding.tokens(context, model, chars, chars.encode(primer), 50, options)) {
            String text = primer + tokenizer.decodeText(g);
            context.out().println(text);
            pieces.add(new Piece(String.format("hello-%02d", pieces.size() + 1), Score.of("", 480, 120, null, List.of()), g, text));
        }
        return pieces;
    }
}
