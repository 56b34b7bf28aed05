package dev.cadenza.spi;

/**
 * The recurrent memory of one generation on an engine (hidden and cell states, convolution history): rows of
 * sequences that advance one step per {@link EngineModel#step} call. Held by the caller, so one model serves many
 * generations at once; the user sees it wrapped in a {@code dev.cadenza.ModelState}, which checks arguments.
 */
public interface EngineState {
    /**
     * An independent deep copy.
     *
     * @return a new state of the same rows and position
     */
    EngineState copy();

    /**
     * Row i becomes the old row {@code sources[i]} (each source within the rows, as many as rows: checked by the
     * caller).
     *
     * @param sources for each new row, the old row to copy
     */
    void reorder(int[] sources);
}
