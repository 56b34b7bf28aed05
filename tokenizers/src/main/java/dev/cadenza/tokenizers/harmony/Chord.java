package dev.cadenza.tokenizers.harmony;

import java.util.Arrays;

/**
 * A chord as a set of pitch classes with a root and a bass, named by a chord symbol in a common spelling
 * ({@code "G"}, {@code "D7"}, {@code "F#m"}, {@code "Bdim"}, {@code "D/F#"}), the one that MusicXML, abc2midi and
 * abcm2ps all read. Parse jukedeck's and common spellings with {@link ChordSymbol#parse}; name a set of sounding
 * pitches with {@link #of(int...)}.
 *
 * @param root the root's pitch class, 0 (C) .. 11 (B)
 * @param pitchClasses the sounding pitch classes as a 12-bit set (bit {@code pc} set when the class sounds); the bass
 *                     and the root are always in it
 * @param bass the lowest note's pitch class (the root unless a slash chord or an inversion)
 * @param symbol the chord symbol in the common spelling
 */
public record Chord(int root, int pitchClasses, int bass, String symbol) {
    /** Music21's quality of a chord's underlying triad, which the jazz grammar uses to choose a scale. */
    public enum Quality {
        /** A major third and a perfect fifth (or no fifth). */
        MAJOR,
        /** A minor third and a perfect fifth (or no fifth). */
        MINOR,
        /** A minor third and a diminished fifth. */
        DIMINISHED,
        /** A major third and an augmented fifth. */
        AUGMENTED,
        /** No third (power chords, sus chords) or a third with a fifth that does not fit it. */
        OTHER
    }

    private static final String[] SHARP = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    private static final String[] FLAT = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
    /** The spelling of a root that {@link #of} names: the flat names but F#, as lead sheets mostly write them. */
    private static final String[] USUAL = {"C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"};

    /** Chord-symbol suffixes by their intervals above the root (bit i = i semitones), tried in this order. */
    private static final Object[][] NAMES = {
            {"", mask(0, 4, 7)}, {"m", mask(0, 3, 7)}, {"7", mask(0, 4, 7, 10)}, {"m7", mask(0, 3, 7, 10)},
            {"maj7", mask(0, 4, 7, 11)}, {"dim", mask(0, 3, 6)}, {"dim7", mask(0, 3, 6, 9)}, {"m7b5", mask(0, 3, 6, 10)},
            {"aug", mask(0, 4, 8)}, {"aug7", mask(0, 4, 8, 10)}, {"6", mask(0, 4, 7, 9)}, {"m6", mask(0, 3, 7, 9)},
            {"sus4", mask(0, 5, 7)}, {"sus2", mask(0, 2, 7)}, {"7sus4", mask(0, 5, 7, 10)}, {"9", mask(0, 2, 4, 7, 10)},
            {"m9", mask(0, 2, 3, 7, 10)}, {"maj9", mask(0, 2, 4, 7, 11)}, {"7b9", mask(0, 1, 4, 7, 10)},
            {"7#9", mask(0, 3, 4, 7, 10)}, {"add9", mask(0, 2, 4, 7)}, {"mMaj7", mask(0, 3, 7, 11)},
            {"13", mask(0, 2, 4, 7, 9, 10)}, {"m11", mask(0, 2, 3, 5, 7, 10)}};

    /**
     * Checks the ranges and adds the root and bass to the set.
     *
     * @param root 0..11
     * @param pitchClasses a non-empty 12-bit set
     * @param bass 0..11
     * @param symbol not null
     * @throws IllegalArgumentException when a value is out of range
     */
    public Chord {
        if (root < 0 || root > 11) throw new IllegalArgumentException("chord root must be a pitch class 0..11, was " + root);
        if (bass < 0 || bass > 11) throw new IllegalArgumentException("chord bass must be a pitch class 0..11, was " + bass);
        if (pitchClasses <= 0 || pitchClasses >= 1 << 12)
            throw new IllegalArgumentException("chord pitch classes must be a non-empty 12-bit set, was " + pitchClasses);
        pitchClasses |= 1 << root | 1 << bass;
        java.util.Objects.requireNonNull(symbol, "symbol");
    }

    /**
     * Whether pitch class {@code pc} (any integer, taken modulo 12) sounds in the chord.
     *
     * @param pc a pitch class, taken modulo 12
     * @return true when it sounds
     */
    public boolean contains(int pc) {
        return (pitchClasses >> Math.floorMod(pc, 12) & 1) != 0;
    }

    /**
     * The sounding pitch classes in ascending order.
     *
     * @return a new array of 1 to 12 classes, 0..11
     */
    public int[] pitchClassArray() {
        int[] out = new int[Integer.bitCount(pitchClasses)];
        int k = 0;
        for (int pc = 0; pc < 12; pc++) if (contains(pc)) out[k++] = pc;
        return out;
    }

    /**
     * The same chord moved by {@code semitones}, named in the usual spelling of its new root.
     *
     * @param semitones any interval, up or down
     * @return the new chord
     */
    public Chord transpose(int semitones) {
        int r = Math.floorMod(root + semitones, 12), b = Math.floorMod(bass + semitones, 12);
        int set = 0;
        for (int pc : pitchClassArray()) set |= 1 << Math.floorMod(pc + semitones, 12);
        return new Chord(r, set, b, name(r, set, b));
    }

    /**
     * The quality of the chord's triad as music21 reads it: the third and fifth above the root (a missing fifth counts
     * as perfect): major 4 + 7, minor 3 + 7, diminished 3 + 6, augmented 4 + 8, anything else (no third, sus) other.
     *
     * @return the quality
     */
    public Quality quality() {
        int third = contains(root + 4) && !contains(root + 3) ? 4 : contains(root + 3) ? 3 : contains(root + 4) ? 4 : -1;
        if (third < 0) return Quality.OTHER;
        int fifth = contains(root + 7) ? 7 : contains(root + 6) && third == 3 ? 6 : contains(root + 8) && third == 4 ? 8
                : contains(root + 6) || contains(root + 8) ? -1 : 7;
        if (third == 4 && fifth == 7) return Quality.MAJOR;
        if (third == 3 && fifth == 7) return Quality.MINOR;
        if (third == 3 && fifth == 6) return Quality.DIMINISHED;
        if (third == 4 && fifth == 8) return Quality.AUGMENTED;
        return Quality.OTHER;
    }

    /**
     * The chord that the given MIDI pitches sound (at least one), named: the bass is the lowest pitch, the root the
     * pitch class over which the others stack best in thirds (a root with its third, fifth and seventh above wins; ties go
     * to the bass, then to the lowest pitch class), as music21's root finding does for common voicings.
     *
     * @param midiPitches the sounding MIDI pitches, 0..127, at least one
     * @return the named chord
     * @throws IllegalArgumentException when there is no pitch or one is out of range
     */
    public static Chord of(int... midiPitches) {
        if (midiPitches.length == 0) throw new IllegalArgumentException("a chord needs at least one pitch");
        int set = 0, lowest = Integer.MAX_VALUE;
        for (int p : midiPitches) {
            if (p < 0 || p > 127) throw new IllegalArgumentException("MIDI pitch must be 0..127, was " + p);
            set |= 1 << p % 12;
            lowest = Math.min(lowest, p);
        }
        int bass = lowest % 12;
        int root = root(set, bass);
        return new Chord(root, set, bass, name(root, set, bass));
    }

    /**
     * The chord of a set of pitch classes (a 12-bit set) over the given bass pitch class, named.
     *
     * @param pitchClasses a 12-bit set of the sounding classes
     * @param bass the bass pitch class, 0..11
     * @return the named chord
     */
    public static Chord ofPitchClasses(int pitchClasses, int bass) {
        int set = pitchClasses | 1 << bass;
        int root = root(set, bass);
        return new Chord(root, set, bass, name(root, set, bass));
    }

    private static int root(int set, int bass) {
        int best = -1, bestScore = Integer.MIN_VALUE;
        for (int k = 0; k < 12; k++) {
            int candidate = (bass + k) % 12; // the bass first, so that it wins ties
            if ((set >> candidate & 1) == 0) continue;
            int score = 0;
            for (int pc = 0; pc < 12; pc++) {
                if ((set >> pc & 1) == 0 || pc == candidate) continue;
                score += switch (Math.floorMod(pc - candidate, 12)) {
                    case 3, 4 -> 4;   // a third
                    case 7 -> 3;      // a perfect fifth
                    case 10, 11 -> 2; // a seventh
                    case 6, 8 -> 1;   // an altered fifth
                    case 2, 9 -> 0;   // ninth, sixth / thirteenth
                    default -> -2;    // a second or fourth above the root is unlikely
                };
            }
            if (score > bestScore) {
                bestScore = score;
                best = candidate;
            }
        }
        return best;
    }

    /** A chord symbol for a set of pitch classes: a known suffix, else the triad's and what is left named by degree. */
    static String name(int root, int set, int bass) {
        int intervals = 0;
        for (int pc = 0; pc < 12; pc++) if ((set >> pc & 1) != 0) intervals |= 1 << Math.floorMod(pc - root, 12);
        String suffix = null;
        for (Object[] n : NAMES) if ((int) n[1] == intervals) { suffix = (String) n[0]; break; }
        if (suffix == null) // voicings often leave out the fifth, or add the bass of a slash chord
            for (Object[] n : NAMES) if ((int) n[1] == (intervals | 1 << 7) || (int) n[1] == (intervals & ~(1 << Math.floorMod(bass - root, 12)) | 1)) {
                suffix = (String) n[0];
                break;
            }
        if (suffix == null) {
            // The closest name with fewer notes: the longest table entry contained in the set.
            int bestBits = 0;
            suffix = "";
            for (Object[] n : NAMES) {
                int m = (int) n[1];
                if ((intervals & m) == m && Integer.bitCount(m) > bestBits) {
                    bestBits = Integer.bitCount(m);
                    suffix = (String) n[0];
                }
            }
            if (bestBits == 0) suffix = (intervals & 1 << 3) != 0 ? "m" : "";
        }
        String text = USUAL[root] + suffix;
        return bass == root ? text : text + "/" + USUAL[bass];
    }

    /** The name of pitch class {@code pc} with a sharp ({@code flat = false}) or a flat. */
    static String pitchClassName(int pc, boolean flat) {
        return (flat ? FLAT : SHARP)[Math.floorMod(pc, 12)];
    }

    static int mask(int... intervals) {
        int m = 0;
        for (int i : intervals) m |= 1 << i;
        return m;
    }

    @Override
    public String toString() {
        return symbol + Arrays.toString(pitchClassArray());
    }
}
