package dev.cadenza.tokenizers.notechord;

import java.util.StringJoiner;

/**
 * The normal order of a set of pitch classes, as the note/chord tokens spell chords (e.g. {@code "4.7.11"}).
 * <p>
 * Definition, for the distinct pitch classes {@code p_0 < p_1 < ... < p_{n-1}} (0 = C ... 11 = B) of the notes:
 * <ol>
 * <li>the candidates are the n rotations {@code r = (p_i, p_{i+1}, ..., p_{i-1})} of the ascending list;</li>
 * <li>the winner has the smallest span {@code (r_{n-1} - r_0) mod 12}, the most compact ordering;</li>
 * <li>on a tie, the smallest interval from the first to the second-to-last class {@code (r_{n-2} - r_0) mod 12}
 *     decides, then first to third-to-last, and so on (the intervals are packed to the left, compared from the
 *     right, Rahn's rule);</li>
 * <li>if rotations still tie (sets that map onto themselves by transposition, such as {@code {0,4,8}} or
 *     {@code {0,3,6,9}}), the one that starts on the smallest pitch class wins.</li>
 * </ol>
 * This is what music21's {@code Chord.normalOrder} returns for the examples of its documentation (C-E-G [0,4,7],
 * D-F#-A [2,6,9], B-flat-D-F [10,2,5], G#-A-D-G [7,8,9,2], E#-A-C# [1,5,9], B-G-D-E-flat [11,2,3,7]) and the
 * textbook ("Puget Sound") definition that music21 adopted after its issue #1663. Older music21 releases, which the
 * Classical-Piano-Composer seed ran on, looked sets up in Forte's tables and returned another rotation for some
 * inversionally related sets (for {@code {2,3,7,11}} they gave [7,11,2,3]); vocabularies built with them differ in
 * those rare tokens. A single pitch class is its own normal order.
 */
public final class NormalOrder {
    private NormalOrder() {}

    /**
     * The normal order of the pitch classes of {@code pitches} (MIDI numbers or pitch classes; duplicates allowed).
     *
     * @param pitches MIDI numbers or pitch classes, at least one
     * @return the pitch classes in normal order
     * @throws IllegalArgumentException when there is no pitch
     */
    public static int[] of(int... pitches) {
        boolean[] present = new boolean[12];
        for (int p : pitches) present[Math.floorMod(p, 12)] = true;
        int n = 0;
        int[] pcs = new int[12];
        for (int pc = 0; pc < 12; pc++) if (present[pc]) pcs[n++] = pc;
        if (n == 0) throw new IllegalArgumentException("normal order of an empty set of pitches");
        int best = 0;
        for (int start = 1; start < n; start++) if (packedTighter(pcs, n, start, best)) best = start;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = pcs[(best + i) % n];
        return order;
    }

    /** Whether the rotation at {@code a} is strictly more compact than the one at {@code b} (ties keep {@code b}). */
    private static boolean packedTighter(int[] pcs, int n, int a, int b) {
        for (int k = n - 1; k >= 1; k--) {
            int da = Math.floorMod(pcs[(a + k) % n] - pcs[a], 12);
            int db = Math.floorMod(pcs[(b + k) % n] - pcs[b], 12);
            if (da != db) return da < db;
        }
        return false; // identical interval structure: keep the earlier rotation, which starts on a smaller class
    }

    /**
     * The chord token: the normal order joined by '.', e.g. {@code "4.7.11"} for E minor.
     *
     * @param pitches MIDI numbers or pitch classes, at least one
     * @return the token
     * @throws IllegalArgumentException when there is no pitch
     */
    public static String token(int... pitches) {
        StringJoiner j = new StringJoiner(".");
        for (int pc : of(pitches)) j.add(Integer.toString(pc));
        return j.toString();
    }

    /**
     * The pitch classes of a chord token ("4.7.11" -> [4, 7, 11]); each must be 0..11.
     *
     * @param token a chord token such as {@code "4.7.11"}
     * @return the pitch classes, in the token's order
     * @throws IllegalArgumentException when a part is not a number in 0..11
     */
    public static int[] parse(String token) {
        String[] parts = token.split("\\.", -1);
        int[] pcs = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                pcs[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("chord token '" + token + "' must be pitch classes 0..11 joined by '.'", e);
            }
            if (pcs[i] < 0 || pcs[i] > 11)
                throw new IllegalArgumentException("chord token '" + token + "' has pitch class " + pcs[i] + ", expected 0..11");
        }
        return pcs;
    }
}
