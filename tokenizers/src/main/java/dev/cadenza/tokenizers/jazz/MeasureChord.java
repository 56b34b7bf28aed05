package dev.cadenza.tokenizers.jazz;

import dev.cadenza.tokenizers.harmony.Chord;

import java.util.Arrays;

/**
 * A chord of one measure of the accompaniment: when it starts (steps of {@link GrammarValue#GRID} per quarter from the
 * measure's start), the pitches that sound it (the voicing, ascending; the grammar draws first notes from them) and the
 * chord they make.
 *
 * @param offset the chord's start, in steps from the measure's start, {@code >= 0}
 * @param voicing the sounding MIDI pitches, at least one; copied and sorted
 * @param chord the chord they make
 */
public record MeasureChord(int offset, int[] voicing, Chord chord) {
    /**
     * Checks the offset, copies and sorts the voicing.
     *
     * @param offset {@code >= 0}
     * @param voicing at least one pitch
     * @param chord the chord
     * @throws IllegalArgumentException when the offset is negative or there is no pitch
     */
    public MeasureChord {
        if (offset < 0) throw new IllegalArgumentException("measure chord: offset must be >= 0, was " + offset);
        if (voicing.length == 0) throw new IllegalArgumentException("measure chord: no pitches");
        voicing = voicing.clone();
        Arrays.sort(voicing);
    }

    /**
     * The chord of the given pitches at {@code offset}.
     *
     * @param offset the chord's start, in steps
     * @param pitches the sounding MIDI pitches, at least one
     * @return the chord, named from the pitches
     */
    public static MeasureChord of(int offset, int... pitches) {
        return new MeasureChord(offset, pitches, Chord.of(pitches));
    }

    /**
     * A chord from a symbol, voiced in close position from its bass upwards within C4..B5 (the root position for a
     * chord without a slash), as a chart typed by the user gives no voicing.
     *
     * @param offset the chord's start, in steps
     * @param chord the chord
     * @return the voiced chord
     */
    public static MeasureChord voiced(int offset, Chord chord) {
        int bass = 60 + chord.bass();
        int[] pcs = chord.pitchClassArray();
        int[] voicing = new int[pcs.length];
        for (int k = 0; k < pcs.length; k++) voicing[k] = bass + Math.floorMod(pcs[k] - chord.bass(), 12);
        return new MeasureChord(offset, voicing, chord);
    }

    /**
     * The sounding pitches.
     *
     * @return a copy, ascending
     */
    @Override
    public int[] voicing() {
        return voicing.clone();
    }

    /**
     * {@code "offset@p1.p2.p3"}, the form the tokenizer keeps a progression in.
     *
     * @return the text
     */
    public String text() {
        StringBuilder sb = new StringBuilder().append(offset).append('@');
        for (int i = 0; i < voicing.length; i++) sb.append(i == 0 ? "" : ".").append(voicing[i]);
        return sb.toString();
    }

    /**
     * Reads {@link #text()}.
     *
     * @param text e.g. {@code "0@55.59.62"}
     * @return the chord, named from the pitches
     * @throws IllegalArgumentException when the text is malformed
     */
    public static MeasureChord parse(String text) {
        int at = text.indexOf('@');
        try {
            if (at > 0) {
                String[] p = text.substring(at + 1).split("\\.");
                int[] pitches = new int[p.length];
                for (int i = 0; i < p.length; i++) pitches[i] = Integer.parseInt(p[i]);
                return of(Integer.parseInt(text.substring(0, at)), pitches);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("measure chord '" + text + "': " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("measure chord '" + text + "': expected OFFSET@PITCH.PITCH..., e.g. 0@55.59.62");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeasureChord m && m.offset == offset && Arrays.equals(m.voicing, voicing) && m.chord.equals(chord);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * offset + Arrays.hashCode(voicing)) + chord.hashCode();
    }

    @Override
    public String toString() {
        return text() + " " + chord.symbol();
    }
}
