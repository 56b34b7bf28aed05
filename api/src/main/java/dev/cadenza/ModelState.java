package dev.cadenza;

import dev.cadenza.spi.EngineState;

import java.util.Objects;

/**
 * The recurrent memory of one generation (hidden and cell states, convolution history) of {@code batchSize} rows,
 * held by the caller so that one model serves many generations at once. Made by {@link SequenceModel#newState(int)};
 * used by one thread at a time.
 */
public final class ModelState {
    private final SequenceModel owner;
    private final EngineState state;
    private final int batchSize;
    private long position;

    ModelState(SequenceModel owner, EngineState state, int batchSize) {
        this.owner = owner;
        this.state = Objects.requireNonNull(state, "engine state");
        this.batchSize = batchSize;
    }

    /**
     * Rows (parallel sequences) in this state.
     *
     * @return the row count, at least 1
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Steps consumed so far.
     *
     * @return the number of steps fed since {@link SequenceModel#newState(int)}, 0 for a fresh state
     */
    public long position() {
        return position;
    }

    /**
     * An independent deep copy at the same position.
     *
     * Lets a generation branch (try a continuation, then go back).
     * @return a new state of the same model; stepping either one does not change the other
     */
    public ModelState copy() {
        ModelState c = new ModelState(owner, state.copy(), batchSize);
        c.position = position;
        return c;
    }

    /**
     * Keeps rows {@code sources[i]} as new row i (beam search reorders its beams this way); the batch size stays.
     *
     * @param sources for each new row, the old row to copy; rows may repeat and may be dropped
     * @throws IllegalArgumentException when there are not {@code batchSize} sources or one is outside
     *     {@code [0, batchSize)}
     */
    public void reorder(int[] sources) {
        if (sources.length != batchSize)
            throw new IllegalArgumentException("reorder: " + sources.length + " sources for a state of " + batchSize + " rows");
        for (int s : sources)
            if (s < 0 || s >= batchSize) throw new IllegalArgumentException("reorder: source row " + s + " is outside [0, " + batchSize + ")");
        state.reorder(sources.clone());
    }

    SequenceModel owner() {
        return owner;
    }

    EngineState engineState() {
        return state;
    }

    void advance(int steps) {
        position += steps;
    }
}
