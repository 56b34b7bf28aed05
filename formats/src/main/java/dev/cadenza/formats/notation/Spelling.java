package dev.cadenza.formats.notation;

import dev.cadenza.music.KeySignature;

/**
 * How a pitch is written in a key: its letter, its alteration and its octave. The notes of the key are spelled as the
 * key spells them; the others by the line of fifths around the key, as musicians do: in C major F sharp, C sharp,
 * G sharp, E flat and B flat; in A minor also D sharp and the raised sixth and seventh (F sharp, G sharp); in D minor
 * C sharp rather than D flat.
 *
 * @param letter 0..6 for C, D, E, F, G, A, B
 * @param alter semitones from the natural letter, -2..2
 * @param octave scientific octave of the letter (C4 is middle C), which for B sharp or C flat is not the pitch's
 */
public record Spelling(int letter, int alter, int octave) {
    private static final int[] NATURAL = {0, 2, 4, 5, 7, 9, 11};
    /** Letters along the line of fifths from F: F C G D A E B. */
    private static final int[] FIFTHS_LETTERS = {3, 0, 4, 1, 5, 2, 6};

    /**
     * The spelling of MIDI pitch {@code midi} in {@code key}.
     *
     * @param midi a MIDI pitch
     * @param key the key the pitch is written in
     * @return the spelling
     */
    public static Spelling of(int midi, KeySignature key) {
        int pc = Math.floorMod(midi, 12);
        // A window of 12 consecutive positions on the line of fifths (C = 0, G = 1, F = -1) holds each pitch class once:
        // from 3 flats below the signature to 8 sharps above it in major keys and modes, one step sharper in minor.
        int low = key.fifths() - (key.minor() ? 2 : 3);
        for (int pos = low; pos < low + 12; pos++) {
            if (Math.floorMod(pos * 7, 12) != pc) continue;
            int letter = FIFTHS_LETTERS[Math.floorMod(pos + 1, 7)];
            int alter = Math.floorDiv(pos + 1, 7);
            int natural = midi - alter;
            return new Spelling(letter, alter, Math.floorDiv(natural, 12) - 1);
        }
        throw new AssertionError("no spelling for pitch class " + pc);
    }

    /**
     * The alteration each letter C..B has in the key signature of {@code fifths} sharps (negative: flats).
     *
     * @param fifths sharps (positive) or flats (negative), -7..7
     * @return a new array of seven alterations, C first: 1 for a sharp, -1 for a flat, 0 for a natural
     */
    public static int[] signature(int fifths) {
        int[] alter = new int[7];
        for (int f = 0; f < Math.abs(fifths); f++)
            alter[FIFTHS_LETTERS[fifths > 0 ? f : 6 - f]] = fifths > 0 ? 1 : -1; // sharps F C G ..., flats B E A ...
        return alter;
    }

    /**
     * The letter's name: "C" .. "B".
     *
     * @return the letter as a string
     */
    public String step() {
        return String.valueOf("CDEFGAB".charAt(letter));
    }

    /**
     * The MIDI pitch this spelling sounds.
     *
     * @return the MIDI pitch
     */
    public int midi() {
        return (octave + 1) * 12 + NATURAL[letter] + alter;
    }
}
