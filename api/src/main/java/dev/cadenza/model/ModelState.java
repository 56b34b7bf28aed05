package dev.cadenza.model;

/**
 * The recurrent memory of one generation (hidden and cell states, convolution history), held by the caller so that
 * one model serves many generations at once. Created by {@link SequenceModel#newState(int)}.
 */
public interface ModelState {
    /** Rows (parallel sequences) in this state. */
    int batchSize();

    /** Steps consumed so far. */
    long position();

    /** An independent deep copy. */
    ModelState copy();

    /** Keeps rows {@code sources[i]} as new row i (beam search reorders its beams this way). Same batch size. */
    void reorder(int[] sources);
}
