package dev.cadenza.model;

import java.util.random.RandomGenerator;

/**
 * xoshiro256** with a state that can be read and restored, so that a checkpoint carries the random stream
 * (dropout masks, batch order, sampling) and resumed work continues the same stream. Not thread-safe.
 */
public final class SeededRandom implements RandomGenerator {
    private long s0, s1, s2, s3;

    /**
     * A stream from a seed; the same seed gives the same stream on every machine and JDK.
     *
     * @param seed any value, 0 included
     */
    public SeededRandom(long seed) {
        // SplitMix64 expands the seed, as the xoshiro authors recommend.
        long x = seed;
        s0 = mix(x += 0x9E3779B97F4A7C15L);
        s1 = mix(x += 0x9E3779B97F4A7C15L);
        s2 = mix(x += 0x9E3779B97F4A7C15L);
        s3 = mix(x + 0x9E3779B97F4A7C15L);
    }

    private SeededRandom(long[] state) {
        restore(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A stream that continues exactly where the one whose {@link #state()} was saved stood.
     *
     * @param state four words from {@link #state()}, not all zero
     * @return a new stream
     * @throws IllegalArgumentException when there are not four words or all are zero
     */
    public static SeededRandom fromState(long[] state) {
        return new SeededRandom(state);
    }

    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /**
     * The four state words.
     *
     * @return a copy of the state, for {@link #fromState(long[])} or {@link #restore(long[])}
     */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /**
     * Continues from a saved state, replacing this stream's own.
     *
     * @param state four words from {@link #state()}, not all zero
     * @throws IllegalArgumentException when there are not four words or all are zero
     */
    public void restore(long[] state) {
        if (state.length != 4) throw new IllegalArgumentException("random state needs 4 longs, got " + state.length);
        if ((state[0] | state[1] | state[2] | state[3]) == 0) throw new IllegalArgumentException("random state must not be all zero");
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /**
     * An independent stream derived from this one's next output (for per-layer or per-thread streams).
     *
     * @return a new stream; this one advances by one output
     */
    public SeededRandom split() {
        return new SeededRandom(nextLong());
    }

    /** Standard normal by Box-Muller in double precision (RandomGenerator's default uses a different algorithm per JDK). */
    @Override
    public double nextGaussian() {
        double u1 = (nextLong() >>> 11) * 0x1.0p-53;
        double u2 = (nextLong() >>> 11) * 0x1.0p-53;
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
