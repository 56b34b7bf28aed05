package dev.cadenza.tokenizers.harmony;

import dev.cadenza.music.KeySignature;

/**
 * Scales as 12-bit pitch-class sets: the major and Dorian scales, the diatonic set of a key signature, and the scale
 * that fits a chord as the jazz grammar derives it. Stateless.
 */
public final class Scales {
    private static final int MAJOR = Chord.mask(0, 2, 4, 5, 7, 9, 11);
    private static final int DORIAN = Chord.mask(0, 2, 3, 5, 7, 9, 10);

    private Scales() {}

    /**
     * The major scale on {@code tonic}.
     *
     * @param tonic the tonic's pitch class, 0..11
     * @return the 12-bit set
     */
    public static int major(int tonic) {
        return rotate(MAJOR, tonic);
    }

    /**
     * The Dorian scale on {@code tonic} (music21's choice for chords that are not major).
     *
     * @param tonic the tonic's pitch class, 0..11
     * @return the 12-bit set
     */
    public static int dorian(int tonic) {
        return rotate(DORIAN, tonic);
    }

    /**
     * Whether pitch class {@code pc} is in the major scale on {@code tonic}.
     *
     * @param tonic the tonic's pitch class, 0..11
     * @param pc a pitch class, taken modulo 12
     * @return true when it is in the scale
     */
    public static boolean inMajor(int tonic, int pc) {
        return (major(tonic) >> Math.floorMod(pc, 12) & 1) != 0;
    }

    /**
     * The seven pitch classes a key signature leaves natural or alters (its major scale, whatever the mode).
     *
     * @param key the key signature
     * @return the 12-bit set of its major scale
     */
    public static int ofKey(KeySignature key) {
        return major(Math.floorMod(key.fifths() * 7, 12));
    }

    /**
     * The sharps (positive) or flats (negative) of the major key on {@code tonic}: F, Bb, Eb, Ab, Db with flats; F#
     * with six sharps.
     *
     * @param tonic the tonic's pitch class, taken modulo 12
     * @return -5..6
     */
    public static int fifthsOfMajor(int tonic) {
        int fifths = Math.floorMod(tonic * 7, 12); // C 0, G 1, D 2, ... F 11
        return fifths > 6 ? fifths - 12 : fifths;
    }

    /**
     * The scale a jazz melody note over {@code chord} is measured against, as deepjazz derives it with music21: a major
     * scale when the chord's triad is major, else a Dorian scale; of those, the one on the tonic that holds most of the
     * chord's pitch classes (ties: the chord's root first, then the tonics above it in order).
     *
     * @param chord the chord
     * @return the 12-bit set of the scale
     */
    public static int fitting(Chord chord) {
        boolean major = chord.quality() == Chord.Quality.MAJOR;
        int best = 0, bestCount = -1;
        for (int k = 0; k < 12; k++) {
            int tonic = (chord.root() + k) % 12;
            int scale = major ? major(tonic) : dorian(tonic);
            int count = Integer.bitCount(scale & chord.pitchClasses());
            if (count > bestCount) {
                bestCount = count;
                best = scale;
            }
        }
        return best;
    }

    private static int rotate(int set, int by) {
        int r = Math.floorMod(by, 12);
        return ((set << r) | (set >>> (12 - r))) & 0xFFF;
    }
}
