package dev.cadenza.examples.recipes;

import dev.cadenza.model.SeededRandom;

/**
 * The synthetic time series of Géron's Hands-On ML (2nd edition, chapter 15, {@code generate_time_series}): per series,
 * two sines of random frequency and offset plus uniform noise over {@code steps} points of time in [0, 1]:
 * {@code 0.5 sin((t - o1)(10 f1 + 10)) + 0.2 sin((t - o2)(20 f2 + 20)) + 0.1 (u - 0.5)}, with f1, f2, o1, o2 and u
 * uniform in [0, 1). The random numbers are drawn in the notebook's order (all f1, all f2, all o1, all o2, then the
 * noise row by row) but from Cadenza's {@link SeededRandom}, not NumPy's generator, so the series are of the same
 * distribution, not the same numbers.
 */
public final class SyntheticSeries {
    private SyntheticSeries() {}

    /**
     * {@code count} series of {@code steps} values each, as float32 like the notebook's.
     *
     * @param count series, at least 1
     * @param steps values per series, at least 1
     * @param seed the seed; one seed gives the same series everywhere
     * @return {@code [count][steps]} values
     * @throws IllegalArgumentException when a size is not positive
     */
    public static float[][] generate(int count, int steps, long seed) {
        if (count <= 0 || steps <= 0) throw new IllegalArgumentException("series: count and steps must be > 0, were " + count + ", " + steps);
        SeededRandom random = new SeededRandom(seed);
        double[][] p = new double[4][count]; // freq1, freq2, offsets1, offsets2
        for (double[] row : p) for (int i = 0; i < count; i++) row[i] = random.nextDouble();
        float[][] series = new float[count][steps];
        for (int i = 0; i < count; i++) {
            for (int t = 0; t < steps; t++) {
                double time = steps == 1 ? 0 : (double) t / (steps - 1);
                double v = 0.5 * Math.sin((time - p[2][i]) * (p[0][i] * 10 + 10))
                        + 0.2 * Math.sin((time - p[3][i]) * (p[1][i] * 20 + 20))
                        + 0.1 * (random.nextDouble() - 0.5); // the noise comes after all four parameter arrays, row by row
                series[i][t] = (float) v;
            }
        }
        return series;
    }
}
