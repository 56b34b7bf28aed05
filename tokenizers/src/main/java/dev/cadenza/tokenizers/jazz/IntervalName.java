package dev.cadenza.tokenizers.jazz;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Directed interval names as music21 writes them and deepjazz's grammar values carry them: quality and generic
 * number, a '-' before the number when the interval goes down ({@code "m3"}, {@code "M-2"}, {@code "P-4"},
 * {@code "P1"}). Cadenza's pitches are MIDI numbers without spelling, so a number of semitones gets one name
 * ({@link #of}): minor and major seconds, thirds, sixths and sevenths, perfect unisons, fourths, fifths and octaves,
 * and the tritone as a diminished fifth. {@link #semitones} reads any music21 name, augmented and diminished ones too.
 */
public final class IntervalName {
    private static final String[] WITHIN_OCTAVE = {"P1", "m2", "M2", "m3", "M3", "P4", "d5", "P5", "m6", "M6", "m7", "M7"};
    private static final int[] MAJOR_OR_PERFECT = {0, 2, 4, 5, 7, 9, 11};
    private static final Pattern NAME = Pattern.compile("(P|M|m|A+|d+)(-?)([1-9][0-9]*)");

    private IntervalName() {}

    /**
     * The name of an interval of {@code semitones} (negative: down).
     *
     * @param semitones any interval
     * @return its name, e.g. {@code "m3"}, {@code "M-2"}
     */
    public static String of(int semitones) {
        int n = Math.abs(semitones);
        String within = WITHIN_OCTAVE[n % 12];
        int generic = Integer.parseInt(within.substring(1)) + 7 * (n / 12);
        return within.charAt(0) + (semitones < 0 ? "-" : "") + generic;
    }

    /**
     * The semitones of a music21 interval name.
     *
     * @throws IllegalArgumentException for a name that is not quality, optional '-', generic number
     * @param name a music21 interval name
     * @return the semitones, negative when the interval goes down
     */
    public static int semitones(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) throw new IllegalArgumentException("interval '" + name + "': expected a quality (P, M, m, A, d), '-' when down, and a number, e.g. M-2");
        String quality = m.group(1);
        int generic = Integer.parseInt(m.group(3));
        int step = (generic - 1) % 7;
        boolean perfectKind = step == 0 || step == 3 || step == 4;
        int base = MAJOR_OR_PERFECT[step] + 12 * ((generic - 1) / 7);
        int offset;
        if (quality.equals("P")) {
            if (!perfectKind) throw new IllegalArgumentException("interval '" + name + "': a " + generic + " is major or minor, not perfect");
            offset = 0;
        } else if (quality.equals("M") || quality.equals("m")) {
            if (perfectKind) throw new IllegalArgumentException("interval '" + name + "': a " + generic + " is perfect, not major or minor");
            offset = quality.equals("M") ? 0 : -1;
        } else if (quality.charAt(0) == 'A') {
            offset = quality.length();
        } else {
            offset = -quality.length() - (perfectKind ? 0 : 1);
        }
        int semitones = base + offset;
        return m.group(2).isEmpty() ? semitones : -semitones;
    }
}
