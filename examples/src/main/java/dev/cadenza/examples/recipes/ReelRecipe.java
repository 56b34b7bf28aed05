package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.formats.MusicFiles;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.Loss;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A binary classifier (seed 000, section 1: a recurrent layer, then Dense(1) with a sigmoid and binary cross-entropy):
 * is an irish.abc tune a reel? From the first {@value TuneTypeRecipe#LENGTH} characters of its body, the header removed
 * (as {@link TuneTypeRecipe} does), so the meter line cannot give it away. Split 80/10/10 by the seed; {@link #assess}
 * compares the test accuracy with always answering the training split's majority.
 * <p>
 * Presets: {@code seed}: the seed's network, SimpleRNN(32) from its last step -> Dense(1), fed as the seed feeds it, one
 * float per step (the character id over the vocabulary size), Adam, 10 epochs, batch 32; {@code default}: an embedding,
 * a bidirectional LSTM(64) from its last steps -> Dense(1), Adam(3e-3), 15 epochs.
 */
public final class ReelRecipe implements Recipe {
    static final String POSITIVE = "reel";

    @Override
    public String name() {
        return "reel";
    }

    @Override
    public String description() {
        return "binary classifier: is an Irish tune a reel? (sigmoid head with one label, beside the majority-class baseline)";
    }

    @Override
    public boolean generates() {
        return false;
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        requirePreset(preset);
        List<String> all = context.userCorpus() != null
                ? AbcCharTokenizer.splitTunes(String.join("\n\n", context.report(MusicFiles.abcTunes(context.userCorpus()))))
                : AbcCharTokenizer.splitTunes(context.corpus().irishAbc());
        List<String> tunes = new ArrayList<>();
        for (String tune : all) if (TuneTypeRecipe.typeOf(tune) != null) tunes.add(tune);
        if (tunes.size() < 20) throw new IllegalArgumentException("reel needs at least 20 tunes with a type (Z: id:dc-TYPE-N or R: field), found " + tunes.size());
        AbcCharTokenizer tokenizer = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.FREQUENCY);
        int v = tokenizer.vocabulary().size(), pad = tokenizer.vocabulary().id(" "), n = TuneTypeRecipe.LENGTH;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tunes.size(); i++) order.add(i);
        Collections.shuffle(order, new java.util.Random(new SeededRandom(context.seed()).nextLong()));
        int nTest = tunes.size() / 10, nValid = tunes.size() / 10;
        List<List<Batch>> splits = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[][] reels = new int[3][2]; // per split: reels, tunes
        for (int i = 0; i < order.size(); i++) {
            String tune = tunes.get(order.get(i));
            int split = i < nTest ? 2 : i < nTest + nValid ? 1 : 0;
            int[] ids = tokenizer.encode(TuneTypeRecipe.body(tune));
            int[] x = new int[n];
            int k = Math.min(n, ids.length); // left-padded, so that the last steps are music
            java.util.Arrays.fill(x, 0, n - k, pad);
            System.arraycopy(ids, 0, x, n - k, k);
            float[] label = {POSITIVE.equals(TuneTypeRecipe.typeOf(tune)) ? 1 : 0};
            reels[split][0] += (int) label[0];
            reels[split][1]++;
            Batch.Builder b = Batch.builder(1, n).targetValues(label, 1);
            if (SEED.equals(preset)) {
                float[] f = new float[n];
                for (int t = 0; t < n; t++) f[t] = (float) x[t] / v;
                b.features(f, 1);
            } else {
                b.tokens(x);
            }
            splits.get(split).add(b.build());
        }
        context.out().printf("reels: %d of %d training tunes, %d of %d validation, %d of %d test%n", reels[0][0], reels[0][1],
                reels[1][0], reels[1][1], reels[2][0], reels[2][1]);
        return new PreparedData(tokenizer, Dataset.examples(splits.get(0), 32), Dataset.examples(splits.get(1), 64),
                Dataset.examples(splits.get(2), 64), List.of(), List.of(), List.of("not a reel", POSITIVE));
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        requirePreset(preset);
        ModelSpec spec = SEED.equals(preset)
                ? ModelSpec.of(Input.features(1), new Layer.SimpleRnn(32, false), Layer.dense(1))
                : ModelSpec.of(Input.embedding(data.tokenizer().vocabulary().size(), 32), Layer.bidirectional(new Layer.Lstm(64, false)),
                Layer.dense(1));
        return spec.withLoss(Loss.SIGMOID_CROSS_ENTROPY);
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        requirePreset(preset);
        return SEED.equals(preset) ? new TrainingPlan(TrainingConfig.of(Optimizer.adam(1e-3)), 10)
                : new TrainingPlan(TrainingConfig.of(Optimizer.adam(3e-3)), 15);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options) {
        throw new IllegalArgumentException("reel is a classifier: it answers whether a tune is a reel and generates no music; "
                + "`cadenza evaluate` reports its test accuracy beside the majority-class baseline");
    }

    /** Test accuracy (the label accuracy of the one label) beside always answering the training split's majority. */
    @Override
    public Map<String, Object> assess(RecipeContext context, String preset, PreparedData data, SequenceModel model, Path folder) {
        double trainReels = 0, testReels = 0;
        for (Batch b : data.train().epoch(null)) for (float y : b.targetValues()) trainReels += y;
        for (Batch b : data.test().epoch(null)) for (float y : b.targetValues()) testReels += y;
        int nTrain = data.train().windowCount(), nTest = data.test().windowCount();
        boolean majorityIsReel = trainReels * 2 > nTrain;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("testAccuracy", dev.cadenza.train.Trainer.evaluate(model, data.test(), 1).labelAccuracy());
        out.put("majorityClass", majorityIsReel ? POSITIVE : "not a reel");
        out.put("majorityBaselineTestAccuracy", (majorityIsReel ? testReels : nTest - testReels) / nTest);
        out.put("testTunes", nTest);
        return out;
    }
}
