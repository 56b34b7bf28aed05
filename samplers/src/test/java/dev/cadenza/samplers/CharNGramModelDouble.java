package dev.cadenza.samplers;

import dev.cadenza.token.Vocabulary;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * TEST DOUBLE: a character n-gram language model estimated by counting a text (Witten-Bell interpolation down to an
 * add-one unigram), served as a {@link ContextTableModelDouble} so that the real {@link dev.cadenza.generate.Generator}
 * and the samplers run on it as on a trained network. It stands in for a trained abc-char model in tests.
 */
final class CharNGramModelDouble {
    private final Vocabulary vocabulary;
    private final int order;
    private final Map<String, int[]> counts = new HashMap<>(); // context -> counts per token, then total, then types
    private final Map<String, float[]> logitCache = new java.util.concurrent.ConcurrentHashMap<>(); // generators may share it
    private final String text;

    CharNGramModelDouble(String text, int order) {
        this.text = text;
        this.order = order;
        TreeSet<String> chars = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) chars.add(String.valueOf(text.charAt(i)));
        this.vocabulary = Vocabulary.of(java.util.List.copyOf(chars));
        int v = vocabulary.size();
        for (int i = 0; i < text.length(); i++) {
            int token = vocabulary.id(String.valueOf(text.charAt(i)));
            for (int k = 0; k < order && k <= i; k++) {
                int[] c = counts.computeIfAbsent(text.substring(i - k, i), x -> new int[v + 2]);
                if (c[token]++ == 0) c[v + 1]++;
                c[v]++;
            }
        }
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    dev.cadenza.SequenceModel model() {
        return new ContextTableModelDouble(vocabulary.size(), order, this::logits).model();
    }

    private float[] logits(int[] context) {
        StringBuilder sb = new StringBuilder();
        for (int t : context) if (t >= 0) sb.append(vocabulary.token(t));
        return logitCache.computeIfAbsent(sb.toString(), this::estimate);
    }

    private float[] estimate(String context) {
        int v = vocabulary.size();
        double[] p = new double[v];
        int[] unigram = counts.get("");
        for (int t = 0; t < v; t++) p[t] = (unigram[t] + 1.0) / (unigram[v] + v);
        for (int k = 1; k <= context.length(); k++) {
            int[] c = counts.get(context.substring(context.length() - k));
            if (c == null) break; // a longer context is unseen too
            double total = c[v], types = c[v + 1];
            double lambda = total / (total + types);
            for (int t = 0; t < v; t++) p[t] = lambda * (c[t] / total) + (1 - lambda) * p[t];
        }
        float[] logits = new float[v];
        for (int t = 0; t < v; t++) logits[t] = (float) Math.log(p[t]);
        return logits;
    }
}
