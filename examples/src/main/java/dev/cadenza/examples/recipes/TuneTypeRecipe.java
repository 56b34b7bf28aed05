package dev.cadenza.examples.recipes;

import dev.cadenza.formats.MusicFiles;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sequence to vector (seed 000 section 6, seed 001 exercise 1): the tune type of an irish.abc tune (reel, jig,
 * hornpipe, polka, ... from its {@code Z: id:dc-TYPE-N} field) from the first {@value #LENGTH} characters of its body,
 * with a bidirectional LSTM whose last steps feed a Dense classifier. The header (meter, key, title) is removed, so
 * the network must hear the type in the notes. Split 80/10/10 by the seed; the report compares test accuracy with
 * always answering the most common type.
 */
public final class TuneTypeRecipe implements Recipe {
    static final int LENGTH = 160;
    private static final Pattern TYPE = Pattern.compile("(?m)^Z:\\s*id:dc-([a-z]+)-\\d+");

    @Override
    public String name() {
        return "tune-type";
    }

    @Override
    public String description() {
        return "sequence to vector: the dance type (reel, jig, hornpipe, ...) of an Irish tune from its notes, bidirectional LSTM";
    }

    /** The body of a tune (lines after its header), or null. */
    /** The tune's type: irish.abc's "Z: id:dc-TYPE-N" field, else the standard R: (rhythm) field, in lower case; null for neither. */
    static String typeOf(String tune) {
        Matcher m = TYPE.matcher(tune);
        if (m.find()) return m.group(1);
        for (String line : tune.split("\n"))
            if (line.startsWith("R:") && !line.substring(2).isBlank()) return line.substring(2).trim().toLowerCase(java.util.Locale.ROOT);
        return null;
    }

    static String body(String tune) {
        StringBuilder sb = new StringBuilder();
        boolean inBody = false;
        for (String line : tune.split("\n")) {
            if (inBody) sb.append(line).append('\n');
            else if (line.startsWith("K:")) inBody = true;
        }
        return sb.toString();
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        Recipe.checkPreset(preset);
        List<String> all = context.userCorpus() != null
                ? AbcCharTokenizer.splitTunes(String.join("\n\n", context.report(MusicFiles.abcTunes(context.userCorpus()))))
                : AbcCharTokenizer.splitTunes(context.corpus().irishAbc());
        List<String> tunes = new ArrayList<>();
        for (String tune : all) {
            if (typeOf(tune) != null) tunes.add(tune);
            else context.out().println("  skipped (no R: rhythm field, nothing to classify): " + tune.lines().limit(2).toList());
        }
        if (tunes.size() < 20) throw new IllegalArgumentException("tune-type needs at least 20 tunes with a type (R: field), found " + tunes.size());
        AbcCharTokenizer tokenizer = AbcCharTokenizer.fit(tunes, AbcCharTokenizer.Order.FREQUENCY);
        TreeMap<String, Integer> types = new TreeMap<>();
        List<String> labels = new ArrayList<>();
        List<int[]> inputs = new ArrayList<>();
        int pad = tokenizer.vocabulary().id(" ");
        for (String tune : tunes) {
            String type = typeOf(tune);
            labels.add(type);
            types.putIfAbsent(type, 0);
            int[] ids = tokenizer.encode(body(tune));
            int[] x = new int[LENGTH];
            // Left-pad short bodies so that the forward direction's last step is always real music.
            int n = Math.min(LENGTH, ids.length);
            java.util.Arrays.fill(x, 0, LENGTH - n, pad);
            System.arraycopy(ids, 0, x, LENGTH - n, n);
            inputs.add(x);
        }
        int k = 0;
        for (String t : types.keySet()) types.put(t, k++);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tunes.size(); i++) order.add(i);
        Collections.shuffle(order, new java.util.Random(new SeededRandom(context.seed()).nextLong()));
        int nTest = tunes.size() / 10, nValid = tunes.size() / 10;
        List<List<int[]>> x = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Integer>> y = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < order.size(); i++) {
            int split = i < nTest ? 2 : i < nTest + nValid ? 1 : 0;
            x.get(split).add(inputs.get(order.get(i)));
            y.get(split).add(types.get(labels.get(order.get(i))));
        }
        context.out().printf("tune types %s; majority-class baseline on the test split: %.4f%n", types.keySet(), majority(y.get(0), y.get(2)));
        return new PreparedData(tokenizer, Dataset.labelled(x.get(0), ints(y.get(0)), 32), Dataset.labelled(x.get(1), ints(y.get(1)), 64),
                Dataset.labelled(x.get(2), ints(y.get(2)), 64), List.of(), List.of(), new ArrayList<>(types.keySet()));
    }

    /** Accuracy on {@code test} of always answering the most common class of {@code train}. */
    static double majority(List<Integer> train, List<Integer> test) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (int c : train) counts.merge(c, 1, Integer::sum);
        int best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return test.stream().filter(c -> c == best).count() / (double) test.size();
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        int v = data.tokenizer().vocabulary().size();
        int units = SEED.equals(preset) ? 128 : 64;
        return ModelSpec.of(Input.embedding(v, 32), Layer.bidirectional(new Layer.Lstm(units, false)), Layer.dense(data.labels().size()));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(3e-3)).withTopK(2), SEED.equals(preset) ? 30 : 15);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options) {
        throw new IllegalArgumentException("tune-type is a classifier: it predicts a tune's type and generates no music; "
                + "its test accuracy is in result.json after `cadenza train tune-type`");
    }
}
