package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.generate.SamplingContext;
import dev.cadenza.model.SeededRandom;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each sampler's statistics on fixed logits, with fixed seeds. */
class SamplerStatisticsTest {
    // Token 3 is the best, then 7, 0, 6, 1, 2, 5, 4.
    static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 3.0f, -1.0f, 0.0f, 1.5f, 2.5f};
    static final int DRAWS = 100_000;

    static SamplingContext context(SeededRandom random, int... history) {
        return new SamplingContext(history, 0, 0, random, null);
    }

    static int[] counts(Sampler sampler, float[] logits, long seed, int draws, int... history) {
        SeededRandom random = new SeededRandom(seed);
        int[] counts = new int[logits.length];
        for (int i = 0; i < draws; i++) counts[sampler.next(logits.clone(), context(random, history))]++;
        return counts;
    }

    static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp((logits[i] - max) / temperature);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return p;
    }

    /** Pearson's statistic over the categories of positive expected probability; a count where p = 0 fails at once. */
    static double chiSquare(int[] counts, double[] p) {
        long n = Arrays.stream(counts).asLongStream().sum();
        double chi = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                assertEquals(0, counts[i], "token " + i + " has probability 0 but was drawn");
                continue;
            }
            double e = n * p[i];
            chi += (counts[i] - e) * (counts[i] - e) / e;
        }
        return chi;
    }

    /**
     * The 0.999 quantile of chi-square with {@code df} degrees of freedom (Wilson-Hilferty; 24.5 for df 7 against
     * the exact 24.32): a correct sampler stays below it in 999 of 1000 seeds, and these seeds are fixed.
     */
    static double bound(int df) {
        double z = 3.090, a = 2.0 / (9 * df);
        return df * Math.pow(1 - a + z * Math.sqrt(a), 3);
    }

    static int positive(double[] p) {
        int k = 0;
        for (double v : p) if (v > 0) k++;
        return k;
    }

    @Test
    void greedyPicksTheLargestLogitAndTheLowestIdOnTies() {
        assertEquals(3, Samplers.greedy().next(LOGITS.clone(), context(new SeededRandom(1))));
        assertEquals(1, Samplers.greedy().next(new float[] {0, 5, 5, -1}, context(new SeededRandom(1))));
    }

    @Test
    void temperatureZeroEqualsGreedyOnRandomLogits() {
        SeededRandom r = new SeededRandom(7);
        Sampler t0 = Samplers.temperatureSampler(0);
        Sampler viaProvider = new TemperatureSamplerProvider().create(dev.cadenza.spi.Options.parse("temperature=0"));
        for (int trial = 0; trial < 1000; trial++) {
            float[] logits = new float[50];
            for (int i = 0; i < logits.length; i++) logits[i] = (float) (r.nextGaussian() * 3);
            int greedy = Samplers.greedy().next(logits.clone(), context(r));
            assertEquals(greedy, t0.next(logits.clone(), context(r)));
            assertEquals(greedy, viaProvider.next(logits.clone(), context(r)));
        }
    }

    @Test
    void temperatureOneMatchesSoftmaxWithinChiSquareBound() {
        int[] counts = counts(Samplers.temperatureSampler(1.0), LOGITS, 42, DRAWS);
        double chi = chiSquare(counts, softmax(LOGITS, 1.0));
        assertTrue(chi < bound(7), "chi-square " + chi + " over bound " + bound(7) + " for counts " + Arrays.toString(counts));
    }

    @Test
    void otherTemperaturesMatchTheirSoftmaxAndTheTestCanTellThemApart() {
        for (double t : new double[] {0.5, 2.0}) {
            int[] counts = counts(Samplers.temperatureSampler(t), LOGITS, 43, DRAWS);
            assertTrue(chiSquare(counts, softmax(LOGITS, t)) < bound(7), "temperature " + t);
            // The same counts are far outside the bound against the temperature-1 distribution: the test has power.
            assertTrue(chiSquare(counts, softmax(LOGITS, 1.0)) > 10 * bound(7), "temperature " + t + " vs 1");
        }
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        float[] huge = {1e30f, 1e30f - 1e24f, -1e30f};
        double[] p = Softmax.probabilities(huge);
        assertEquals(1.0, p[0], 1e-12);
        assertEquals(0.0, p[2]);
        float[] shifted = new float[LOGITS.length];
        for (int i = 0; i < shifted.length; i++) shifted[i] = LOGITS[i] + 1000f;
        assertArrayEquals(softmax(LOGITS, 1), Softmax.probabilities(shifted), 1e-4);
        assertThrows(IllegalStateException.class, () -> Softmax.probabilities(new float[] {0, Float.NaN}));
    }

    @Test
    void topKNeverPicksOutsideTheKBestAndKeepsTheirRelativeOdds() {
        int[] counts = counts(Samplers.sample(Samplers.topK(3)), LOGITS, 44, DRAWS);
        Set<Integer> best3 = Set.of(3, 7, 0);
        for (int t = 0; t < counts.length; t++)
            if (!best3.contains(t)) assertEquals(0, counts[t], "token " + t + " is outside the 3 best");
        float[] kept = LOGITS.clone();
        for (int t = 0; t < kept.length; t++) if (!best3.contains(t)) kept[t] = Float.NEGATIVE_INFINITY;
        assertTrue(chiSquare(counts, softmax(kept, 1)) < bound(2));
    }

    @Test
    void topKKeepsExactlyKOnTies() {
        float[] ties = {1, 1, 1, 1, 0};
        new TopKProcessor(2).process(ties, context(new SeededRandom(1)));
        assertArrayEquals(new float[] {1, 1, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, ties);
    }

    @Test
    void topPNeverPicksOutsideTheNucleus() {
        double[] p = softmax(LOGITS, 1);
        // Sorted: 3 (0.40), 7 (0.24), 0 (0.15), 6 (0.09), ...: 0.40 + 0.24 + 0.15 = 0.79 < 0.8, so 6 is the last in.
        Integer[] order = {3, 7, 0, 6, 1, 2, 5, 4};
        double cumulative = 0;
        Set<Integer> nucleus = new TreeSet<>();
        for (int t : order) {
            if (cumulative >= 0.8) break;
            nucleus.add(t);
            cumulative += p[t];
        }
        assertEquals(Set.of(3, 7, 0, 6), nucleus);
        int[] counts = counts(Samplers.sample(Samplers.topP(0.8)), LOGITS, 45, DRAWS);
        for (int t = 0; t < counts.length; t++)
            if (nucleus.contains(t)) assertTrue(counts[t] > 0, "token " + t + " of the nucleus never drawn");
            else assertEquals(0, counts[t], "token " + t + " is outside the nucleus");
        float[] kept = LOGITS.clone();
        for (int t = 0; t < kept.length; t++) if (!nucleus.contains(t)) kept[t] = Float.NEGATIVE_INFINITY;
        assertTrue(chiSquare(counts, softmax(kept, 1)) < bound(3));
    }

    @Test
    void topPOfATinyPKeepsTheBestToken() {
        int[] counts = counts(Samplers.sample(Samplers.topP(0.01)), LOGITS, 46, 1000);
        assertEquals(1000, counts[3]);
    }

    @Test
    void repetitionPenaltyLowersRepeatedTokensWithinTheWindowOnly() {
        float[] l = LOGITS.clone();
        // History: token 3 (positive logit) and 4 (negative) recently; token 7 only before the window of 3.
        new RepetitionPenaltyProcessor(1.5, 3).process(l, context(new SeededRandom(1), 7, 1, 3, 4, 3));
        assertEquals(3.0f / 1.5f, l[3], 1e-6);  // divided once, though it occurs twice
        assertEquals(-1.0f * 1.5f, l[4], 1e-6); // a negative logit is multiplied, so it falls too
        assertEquals(LOGITS[7], l[7]);          // outside the window
        assertEquals(LOGITS[1], l[1]);          // outside the window
        int[] plain = counts(Samplers.categorical(), LOGITS, 47, 20_000, 3, 4);
        int[] penalised = counts(Samplers.sample(Samplers.repetitionPenalty(1.5, 3)), LOGITS, 47, 20_000, 3, 4);
        assertTrue(penalised[3] < plain[3] * 0.8, plain[3] + " -> " + penalised[3]);
        assertTrue(penalised[4] < plain[4], plain[4] + " -> " + penalised[4]);
    }

    @Test
    void compositionRunsItsStagesInTheGivenOrder() {
        List<String> calls = new ArrayList<>();
        LogitProcessor a = (l, c) -> calls.add("a");
        LogitProcessor b = (l, c) -> calls.add("b");
        Sampler chain = Samplers.chain(List.of(a, b), (l, c) -> {
            calls.add("pick");
            return 0;
        });
        chain.next(LOGITS.clone(), context(new SeededRandom(1)));
        assertEquals(List.of("a", "b", "pick"), calls);
    }

    @Test
    void orderMattersTemperatureBeforeTopPWidensTheNucleus() {
        // Top-p then temperature: the nucleus is taken on the sharp distribution (4 tokens), flattening afterwards
        // cannot bring tokens back. Temperature 3 first flattens the distribution, so the 0.8 nucleus holds more.
        float[] topPFirst = LOGITS.clone();
        new TopPProcessor(0.8).process(topPFirst, null);
        new TemperatureProcessor(3).process(topPFirst, null);
        float[] temperatureFirst = LOGITS.clone();
        new TemperatureProcessor(3).process(temperatureFirst, null);
        new TopPProcessor(0.8).process(temperatureFirst, null);
        assertEquals(4, finite(topPFirst));
        assertEquals(6, finite(temperatureFirst));
        int[] counts = counts(Samplers.sample(Samplers.temperature(3), Samplers.topP(0.8)), LOGITS, 48, DRAWS);
        assertTrue(chiSquare(counts, softmax(temperatureFirst, 1)) < bound(5));
    }

    static int finite(float[] l) {
        int n = 0;
        for (float v : l) if (v != Float.NEGATIVE_INFINITY) n++;
        return n;
    }

    @Test
    void constrainedNeverPicksAMaskedToken() {
        TokenMask even = (t, c) -> t % 2 == 0;
        int[] counts = counts(Samplers.constrained("even tokens", even), LOGITS, 49, DRAWS);
        for (int t = 1; t < counts.length; t += 2) assertEquals(0, counts[t], "masked token " + t);
        float[] kept = LOGITS.clone();
        for (int t = 1; t < kept.length; t += 2) kept[t] = Float.NEGATIVE_INFINITY;
        assertTrue(chiSquare(counts, softmax(kept, 1)) < bound(3));
        // Greedy behind the same mask takes the best even token, 0, not the best token, 3.
        assertEquals(0, Samplers.chain(List.of(Samplers.mask("even", even)), Samplers.greedy()).next(LOGITS.clone(), context(new SeededRandom(1))));
    }

    @Test
    void aMaskThatAllowsNothingFailsNamingItself() {
        Sampler none = Samplers.constrained("no token at all", (t, c) -> false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.next(LOGITS.clone(), context(new SeededRandom(1), 5, 6)));
        assertTrue(e.getMessage().contains("no token at all"), e.getMessage());
        assertTrue(e.getMessage().contains("allows none"), e.getMessage());
    }

    @Test
    void theSameSeedGivesTheSameDraws() {
        Sampler s = Samplers.sample(Samplers.temperature(0.8), Samplers.topK(5));
        assertArrayEquals(counts(s, LOGITS, 50, 500), counts(s, LOGITS, 50, 500));
        assertFalse(Arrays.equals(counts(s, LOGITS, 50, 500), counts(s, LOGITS, 51, 500)));
        assertNotEquals(0, counts(s, LOGITS, 50, 500)[7]);
    }
}
