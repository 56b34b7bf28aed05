package dev.cadenza.samplers;

import dev.cadenza.generate.Generator;
import dev.cadenza.model.SeededRandom;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beam search on bigram-table test doubles whose best sequences are known. */
class BeamSearchTest {
    static final float LOG0 = -30f;

    static float[] logs(double... p) {
        float[] l = new float[p.length];
        for (int i = 0; i < p.length; i++) l[i] = p[i] == 0 ? LOG0 : (float) Math.log(p[i]);
        return l;
    }

    /** 0 = start, 1 = A, 2 = B, 3 = end, 4..6 = fillers. Greedy takes A (0.6) but every continuation of A is 0.25 at best. */
    static dev.cadenza.SequenceModel trap() {
        float[][] table = {
                logs(0, 0.6, 0.4, 0, 0, 0, 0),
                logs(0, 0, 0, 0.25, 0.25, 0.25, 0.25),
                logs(0, 0, 0, 0.9, 0.1, 0, 0),
                logs(0, 0, 0, 1, 0, 0, 0),
                logs(0, 0, 0, 1, 0, 0, 0),
                logs(0, 0, 0, 1, 0, 0, 0),
                logs(0, 0, 0, 1, 0, 0, 0)};
        return ContextTableModelDouble.bigram(table);
    }

    @Test
    void findsTheKnownBestSequenceThatGreedyMisses() {
        List<BeamSearch.Hypothesis> best = BeamSearch.of(trap()).width(2).length(5).stopToken(3).search(0);
        assertArrayEquals(new int[] {2, 3}, best.get(0).tokens()); // B end: 0.4 * 0.9 = 0.36 > 0.6 * 0.25 = 0.15
        assertEquals(Math.log(0.36), best.get(0).logProbability(), 1e-5);
        List<BeamSearch.Hypothesis> greedy = BeamSearch.of(trap()).width(1).length(5).stopToken(3).search(0);
        assertArrayEquals(new int[] {1, 3}, greedy.get(0).tokens()); // A then the first of the four 0.25 ties
        assertEquals(Math.log(0.15), greedy.get(0).logProbability(), 1e-5);
    }

    @Test
    void anExhaustiveBeamFindsTheBruteForceBest() {
        for (long seed = 1; seed <= 20; seed++) {
            SeededRandom r = new SeededRandom(seed);
            int v = 4, length = 4;
            float[][] table = new float[v][v];
            for (float[] row : table) for (int j = 0; j < v; j++) row[j] = (float) (r.nextGaussian() * 2);
            dev.cadenza.SequenceModel model = ContextTableModelDouble.bigram(table);
            // Width v^(length-1) keeps every prefix, so the search is exhaustive.
            BeamSearch.Hypothesis found = BeamSearch.of(model).width(64).length(length).search(0).get(0);
            double bestLogP = Double.NEGATIVE_INFINITY;
            int[] best = null;
            for (int code = 0; code < 256; code++) {
                int[] seq = {code & 3, (code >> 2) & 3, (code >> 4) & 3, (code >> 6) & 3};
                double lp = 0;
                int prev = 0;
                for (int t : seq) {
                    lp += Softmax.probabilities(table[prev]) [t] > 0 ? Math.log(Softmax.probabilities(table[prev])[t]) : -1e9;
                    prev = t;
                }
                if (lp > bestLogP) {
                    bestLogP = lp;
                    best = seq;
                }
            }
            assertArrayEquals(best, found.tokens(), "seed " + seed);
            assertEquals(bestLogP, found.logProbability(), 1e-4, "seed " + seed);
        }
    }

    @Test
    void widthOneEqualsGreedyGeneration() {
        for (long seed = 1; seed <= 20; seed++) {
            SeededRandom r = new SeededRandom(seed);
            int v = 6;
            float[][] table = new float[v][v];
            for (float[] row : table) for (int j = 0; j < v; j++) row[j] = (float) (r.nextGaussian() * 2);
            int stop = seed % 2 == 0 ? 5 : -1;
            int[] greedy = Generator.of(ContextTableModelDouble.bigram(table)).sampler(Samplers.greedy())
                    .primer(0).length(12).stopToken(stop).generate();
            int[] beam = BeamSearch.of(ContextTableModelDouble.bigram(table)).width(1).length(12).stopToken(stop)
                    .search(0).get(0).tokens();
            assertArrayEquals(greedy, beam, "seed " + seed);
        }
    }

    @Test
    void returnsUpToWidthHypothesesBestFirstWithNormalisedScores() {
        BeamSearch search = BeamSearch.of(trap()).width(3).length(5).stopToken(3).alpha(0.7);
        List<BeamSearch.Hypothesis> all = search.search(0);
        assertEquals(3, all.size());
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).score() >= all.get(i).score());
        for (BeamSearch.Hypothesis h : all)
            assertEquals(h.logProbability() / search.lengthPenalty(h.tokens().length), h.score(), 1e-12);
        assertEquals(Math.pow(7.0 / 6.0, 0.7), search.lengthPenalty(2), 1e-12);
    }

    @Test
    void lengthNormalisationPrefersTheLongerSequenceWhenAlphaIsLarge() {
        // From start: end now (0.5) or a run of 4 fillers (each 0.9) then end: 0.5*0.9^3*... has lower log-probability
        // but four more tokens.
        float[][] table = {
                logs(0, 0.5, 0.5, 0),    // start: 1 = long path, 2 = end
                logs(0, 0.9, 0.1, 0),    // 1 -> 1 or end
                logs(0, 0, 1, 0),
                logs(0, 0, 1, 0)};
        List<BeamSearch.Hypothesis> plain = BeamSearch.of(ContextTableModelDouble.bigram(table)).width(2).length(4).stopToken(2).search(0);
        assertArrayEquals(new int[] {2}, plain.get(0).tokens());
        List<BeamSearch.Hypothesis> normalised = BeamSearch.of(ContextTableModelDouble.bigram(table)).width(2).length(4).stopToken(2).alpha(3).search(0);
        assertTrue(normalised.get(0).tokens().length > 1, normalised.toString());
    }

    @Test
    void aGrammarRestrictsEveryBeam() {
        // Only even tokens allowed after the primer: a stateless grammar written as a cursor.
        TokenGrammar even = new TokenGrammar() {
            public String name() {
                return "even";
            }

            public Cursor start(dev.cadenza.token.Vocabulary v) {
                return new Cursor() {
                    public boolean allows(int token) {
                        return token % 2 == 0;
                    }

                    public void accept(int token) {}

                    public Cursor copy() {
                        return this;
                    }
                };
            }
        };
        dev.cadenza.token.Vocabulary vocabulary = dev.cadenza.token.Vocabulary.of(List.of("s", "A", "B", "e", "x", "y", "z"));
        for (BeamSearch.Hypothesis h : BeamSearch.of(trap()).width(3).length(4).grammar(even, vocabulary).search(0))
            for (int t : h.tokens()) assertEquals(0, t % 2, h.toString());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.of(trap()).width(0));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.of(trap()).alpha(-1));
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.of(trap()).search());
        assertThrows(IllegalArgumentException.class, () -> BeamSearch.of(trap()).search(9));
    }
}
