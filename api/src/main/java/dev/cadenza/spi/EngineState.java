package dev.cadenza.spi;

/**
 * The recurrent memory of one generation on an engine (hidden and cell states, convolution history): rows of
 * sequences that advance one step per {@link EngineModel#step} call. Held by the caller, so one model serves many
 * generations at once; the user sees it wrapped in a {@code dev.cadenza.ModelState}, which checks arguments.
 */
public interface EngineState {
    /** An independent deep copy. */
    EngineState copy();

    /** Row i becomes the old row {@code sources[i]} (each source within the rows, as many as rows: checked by the caller). */
    void reorder(int[] sources);
}
