package dev.cadenza.samplers;

import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Beam search over a {@link SequenceModel}: the {@code width} most likely continuations are kept as the rows of one
 * model state (re-ordered with {@link ModelState#reorder(int[])} as beams are chosen), and the best finished or
 * full-length sequences are returned, scored by log-probability divided by the GNMT length penalty
 * {@code ((5 + n) / 6)^alpha} (alpha 0 ranks by plain log-probability; larger alpha favours longer sequences).
 * Deterministic: no random numbers are drawn. Ties go to the earlier beam, then the lower token id, so width 1 is
 * greedy decoding.
 */
public final class BeamSearch {
    /**
     * One result: the generated tokens (the primer not included), their total log-probability and the normalised score.
     *
     * @param tokens the generated tokens, the primer not included; copied in and out
     * @param logProbability the sum of the tokens' natural-log probabilities, {@code <= 0}
     * @param score {@code logProbability} divided by the length penalty; hypotheses are ranked by it
     */
    public record Hypothesis(int[] tokens, double logProbability, double score) {
        /**
         * Copies the tokens.
         *
         * @param tokens the generated tokens
         * @param logProbability their total log-probability
         * @param score the length-normalised score
         */
        public Hypothesis {
            tokens = tokens.clone();
        }

        /**
         * The generated tokens.
         *
         * @return a copy
         */
        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        @Override
        public String toString() {
            return "Hypothesis" + Arrays.toString(tokens) + " logP=" + logProbability + " score=" + score;
        }
    }

    private final SequenceModel model;
    private int width = 4;
    private double alpha = 0;
    private int length = 100;
    private int stopToken = -1;
    private TokenGrammar grammar;
    private Vocabulary vocabulary;

    private BeamSearch(SequenceModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /**
     * A beam search on {@code model}, with the defaults: width 4, alpha 0, 100 tokens, no stop token, no grammar.
     *
     * @param model a softmax model with a causal spec
     * @return a new search to configure
     */
    public static BeamSearch of(SequenceModel model) {
        return new BeamSearch(model);
    }

    /**
     * Beams kept at each step (the model state's batch size), {@code >= 1}.
     *
     * @param w the width; 1 is greedy decoding
     * @return this search
     * @throws IllegalArgumentException when {@code w} is below 1
     */
    public BeamSearch width(int w) {
        if (w < 1) throw new IllegalArgumentException("beam width must be >= 1, was " + w);
        this.width = w;
        return this;
    }

    /**
     * The length-normalisation exponent, {@code >= 0}.
     *
     * @param a alpha; 0 ranks by plain log-probability, 0.6 to 1 is usual for favouring longer sequences
     * @return this search
     * @throws IllegalArgumentException when {@code a} is negative, infinite or NaN
     */
    public BeamSearch alpha(double a) {
        if (!(a >= 0) || Double.isInfinite(a)) throw new IllegalArgumentException("length normalisation alpha must be >= 0 and finite, was " + a);
        this.alpha = a;
        return this;
    }

    /**
     * Tokens to generate after the primer (at most).
     *
     * @param n the most tokens per hypothesis, at least 1
     * @return this search
     * @throws IllegalArgumentException when {@code n} is below 1
     */
    public BeamSearch length(int n) {
        if (n < 1) throw new IllegalArgumentException("length must be > 0, was " + n);
        this.length = n;
        return this;
    }

    /**
     * A token that finishes a hypothesis (kept as its last token); -1 for none.
     *
     * @param token a vocabulary id, or -1
     * @return this search
     */
    public BeamSearch stopToken(int token) {
        this.stopToken = token;
        return this;
    }

    /**
     * Restricts every beam to the sequences {@code g} allows (each beam carries its own cursor); needs
     * {@link #vocabulary}.
     *
     * @param g the grammar
     * @param v the vocabulary the grammar reads token strings from; its size must be the model's output width
     * @return this search
     * @throws IllegalArgumentException when the vocabulary's size is not the model's output width
     */
    public BeamSearch grammar(TokenGrammar g, Vocabulary v) {
        if (v.size() != model.spec().outputs())
            throw new IllegalArgumentException("vocabulary has " + v.size() + " tokens but the model predicts "
                    + model.spec().outputs() + " classes");
        this.grammar = Objects.requireNonNull(g, "grammar");
        this.vocabulary = v;
        return this;
    }

    /**
     * The GNMT length penalty of {@code n} generated tokens.
     *
     * @param n the number of generated tokens
     * @return {@code ((5 + n) / 6)^alpha}; 1 when alpha is 0
     */
    public double lengthPenalty(int n) {
        return alpha == 0 ? 1.0 : Math.pow((5.0 + n) / 6.0, alpha);
    }

    private record Candidate(int beam, int token, double logProbability) {}

    private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble((Candidate c) -> -c.logProbability)
            .thenComparingInt(Candidate::beam).thenComparingInt(Candidate::token);

    /**
     * The best hypotheses after {@code primer} (at least one token), best first; at most {@code width} of them.
     *
     * @param primer the tokens fed before the search, at least one, each within the model's outputs
     * @return the hypotheses, best score first
     * @throws IllegalArgumentException when the primer is empty or holds a token outside the outputs
     */
    public List<Hypothesis> search(int... primer) {
        if (primer.length == 0) throw new IllegalArgumentException("no primer: give at least one start token");
        int classes = model.spec().outputs();
        for (int i = 0; i < primer.length; i++)
            if (primer[i] < 0 || primer[i] >= classes)
                throw new IllegalArgumentException("primer token " + primer[i] + " at position " + i + " is outside 0.." + (classes - 1));
        ModelState state = model.newState(width);
        int[] feed = new int[width];
        float[] logits = null;
        for (int p : primer) {
            Arrays.fill(feed, p);
            logits = model.step(state, feed);
        }
        TokenGrammar.Cursor[] cursors = null;
        if (grammar != null) {
            TokenGrammar.Cursor c = grammar.start(vocabulary);
            for (int p : primer) c.accept(p);
            cursors = new TokenGrammar.Cursor[width];
            for (int b = 0; b < width; b++) cursors[b] = c.copy();
        }
        // Only beam 0 is live at first: the rows are identical and would otherwise fill the beam with copies.
        int live = 1;
        int[][] tokens = new int[width][0];
        double[] logP = new double[width];
        List<Hypothesis> finished = new ArrayList<>();
        double[] logSoftmax = new double[classes];
        float[] row = new float[classes];
        for (int step = 0; step < length && live > 0; step++) {
            List<Candidate> candidates = new ArrayList<>();
            for (int b = 0; b < live; b++) {
                System.arraycopy(logits, b * classes, row, 0, classes);
                if (cursors != null)
                    for (int t = 0; t < classes; t++) if (!cursors[b].allows(t)) row[t] = Float.NEGATIVE_INFINITY;
                double sum = Softmax.weights(row, logSoftmax);
                double max = row[Softmax.argmax(row)];
                double logSum = Math.log(sum);
                for (int t = 0; t < classes; t++)
                    if (row[t] != Float.NEGATIVE_INFINITY)
                        candidates.add(new Candidate(b, t, logP[b] + (row[t] - max) - logSum));
            }
            candidates.sort(BEST_FIRST);
            int[] sources = new int[width];
            int[] chosen = new int[width];
            double[] nextLogP = new double[width];
            int next = 0;
            for (Candidate c : candidates) {
                if (next == width) break;
                int[] seq = Arrays.copyOf(tokens[c.beam], tokens[c.beam].length + 1);
                seq[seq.length - 1] = c.token;
                if (c.token == stopToken) {
                    // A finished hypothesis leaves the beam; only the best `width` of them can be returned.
                    if (finished.size() < width || c.logProbability / lengthPenalty(seq.length) > worst(finished)) {
                        finished.add(new Hypothesis(seq, c.logProbability, c.logProbability / lengthPenalty(seq.length)));
                        finished.sort(Comparator.comparingDouble(h -> -h.score()));
                        if (finished.size() > width) finished.remove(finished.size() - 1);
                    }
                    continue;
                }
                sources[next] = c.beam;
                chosen[next] = c.token;
                nextLogP[next] = c.logProbability;
                next++;
            }
            int[][] nextTokens = new int[width][];
            TokenGrammar.Cursor[] nextCursors = cursors == null ? null : new TokenGrammar.Cursor[width];
            for (int b = 0; b < width; b++) {
                if (b >= next && next > 0) { // padding rows (fewer candidates than beams): copies of beam 0, never read
                    sources[b] = sources[0];
                    chosen[b] = chosen[0];
                }
                int src = sources[b];
                nextTokens[b] = Arrays.copyOf(tokens[src], tokens[src].length + 1);
                nextTokens[b][nextTokens[b].length - 1] = chosen[b];
                if (nextCursors != null && b < next) {
                    nextCursors[b] = cursors[src].copy();
                    nextCursors[b].accept(chosen[b]);
                }
            }
            tokens = nextTokens;
            logP = nextLogP;
            cursors = nextCursors;
            live = next;
            // Stop early when no live beam can beat the finished ones: with alpha 0 log-probabilities only fall.
            if (finished.size() >= width && (live == 0 || (alpha == 0 && logP[0] <= worst(finished)))) break;
            if (live > 0 && step + 1 < length) {
                state.reorder(sources);
                logits = model.step(state, chosen);
            }
        }
        List<Hypothesis> all = new ArrayList<>(finished);
        for (int b = 0; b < live; b++)
            all.add(new Hypothesis(tokens[b], logP[b], logP[b] / lengthPenalty(tokens[b].length)));
        all.sort(Comparator.comparingDouble((Hypothesis h) -> -h.score()));
        return List.copyOf(all.subList(0, Math.min(width, all.size())));
    }

    private static double worst(List<Hypothesis> finished) {
        return finished.get(finished.size() - 1).score();
    }
}
