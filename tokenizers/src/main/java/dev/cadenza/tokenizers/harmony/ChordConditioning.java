package dev.cadenza.tokenizers.harmony;

/**
 * The conditioning vector of one step for a model that improvises over chords: the chord's 12 pitch classes
 * (multi-hot, C first), then its bass as 12 more values (one-hot), {@value #WIDTH} floats; all zeros where no chord
 * sounds. The bass is one-hot rather than an index, so that the network reads it like the pitch classes, with no
 * false order between C and B; with the pitch classes it tells an inversion or a slash chord from the root position.
 */
public final class ChordConditioning {
    /** Floats per step: 12 pitch classes and 12 for the bass. */
    public static final int WIDTH = 24;

    private ChordConditioning() {}

    /**
     * Writes the vector of {@code chord} (null: no chord) into {@code out[offset, offset + WIDTH)}.
     *
     * @param chord the chord sounding at the step, or null
     * @param out the batch's conditioning array
     * @param offset where this step's vector starts
     */
    public static void write(Chord chord, float[] out, int offset) {
        java.util.Arrays.fill(out, offset, offset + WIDTH, 0f);
        if (chord == null) return;
        for (int pc = 0; pc < 12; pc++) if (chord.contains(pc)) out[offset + pc] = 1f;
        out[offset + 12 + chord.bass()] = 1f;
    }
}
