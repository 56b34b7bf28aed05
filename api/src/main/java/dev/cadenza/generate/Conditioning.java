package dev.cadenza.generate;

/**
 * The conditioning vector of each step of a generation, given by the caller (for instance the chord chart of the piece
 * being generated, as 12 pitch classes and the bass): asked once per row and step, for the primer's steps as well as
 * the generated ones, in order.
 */
@FunctionalInterface
public interface Conditioning {
    /**
     * Writes the vector of step {@code position} (0 = the primer's first token) of row {@code row} into
     * {@code out[offset, offset + width)}; {@code history} holds the tokens fed so far, the one at this step last.
     *
     * @param row the row of the batch of samples
     * @param position the step, 0-based from the primer's first token
     * @param history the tokens fed so far, this step's last; the caller's copy
     * @param out the batch's conditioning array
     * @param offset where this row's vector starts; {@code width} floats from there are written
     */
    void write(int row, int position, int[] history, float[] out, int offset);
}
