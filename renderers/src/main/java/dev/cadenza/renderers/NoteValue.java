package dev.cadenza.renderers;

import java.util.ArrayList;
import java.util.List;

/**
 * One written note value: its exact length in divisions, its MusicXML type ("quarter"), dots, and whether it is a
 * triplet (3 in the time of 2).
 * <p>
 * {@link #spell} turns any length into tied written values: the exact single value (up to two dots) if there is one,
 * else a triplet of a plain value, else the largest value that fits followed by the spelling of the rest. A remainder
 * shorter than the shortest value a whole number of divisions can express (128th at most) keeps its exact duration
 * and takes the type nearest to it: the sound stays exact and only the picture is approximate.
 */
record NoteValue(long duration, String type, int dots, boolean triplet) {
    private static final String[] TYPES = {"breve", "whole", "half", "quarter", "eighth", "16th", "32nd", "64th", "128th"};
    private static final int[] QUARTER_LOG2 = {3, 2, 1, 0, -1, -2, -3, -4, -5};

    /** The tied values that write {@code duration} divisions, where a quarter note is {@code divisions} long. */
    static List<NoteValue> spell(long duration, long divisions) {
        if (duration <= 0) throw new IllegalArgumentException("duration must be > 0, was " + duration);
        List<NoteValue> out = new ArrayList<>();
        long left = duration;
        while (left > 0) {
            NoteValue v = single(left, divisions);
            if (v == null) v = triplet(left, divisions);
            if (v == null) v = largestBelow(left, divisions);
            if (v == null) v = new NoteValue(left, nearest(left, divisions), 0, false);
            out.add(v);
            left -= v.duration;
        }
        return out;
    }

    /** Length of type {@code t} with {@code dots} dots in divisions, or -1 when it is not a whole number. */
    private static long length(int t, int dots, long divisions) {
        // quarter * 2^e * (2 - 2^-dots), kept exact by working in 2^(5+2) = 128ths of a quarter.
        long num = divisions * (1L << (QUARTER_LOG2[t] + 5)) * ((1L << (dots + 1)) - 1);
        long den = (1L << 5) * (1L << dots);
        return num % den == 0 ? num / den : -1;
    }

    private static NoteValue single(long d, long divisions) {
        for (int t = 0; t < TYPES.length; t++)
            for (int dots = 0; dots <= 2; dots++)
                if (length(t, dots, divisions) == d) return new NoteValue(d, TYPES[t], dots, false);
        return null;
    }

    private static NoteValue triplet(long d, long divisions) {
        if ((d * 3) % 2 != 0) return null;
        long plain = d * 3 / 2;
        for (int t = 0; t < TYPES.length; t++)
            if (length(t, 0, divisions) == plain) return new NoteValue(d, TYPES[t], 0, true);
        return null;
    }

    private static NoteValue largestBelow(long d, long divisions) {
        NoteValue best = null;
        for (int t = 0; t < TYPES.length; t++)
            for (int dots = 0; dots <= 2; dots++) {
                long len = length(t, dots, divisions);
                if (len > 0 && len < d && (best == null || len > best.duration)) best = new NoteValue(len, TYPES[t], dots, false);
            }
        return best;
    }

    private static String nearest(long d, long divisions) {
        double quarters = d / (double) divisions;
        int best = 0;
        for (int t = 1; t < TYPES.length; t++)
            if (Math.abs(Math.log(quarters) / Math.log(2) - QUARTER_LOG2[t])
                    < Math.abs(Math.log(quarters) / Math.log(2) - QUARTER_LOG2[best])) best = t;
        return TYPES[best];
    }
}
