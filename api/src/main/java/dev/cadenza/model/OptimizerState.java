package dev.cadenza.model;

import java.util.List;

/**
 * The optimizer's memory, portable between backends: the step count, the slot tensors (named
 * {@code <slot>/<parameter>}, e.g. {@code m/layers.0.kernel}, {@code v/...}, {@code velocity/...}) and the training
 * random stream. Saved in checkpoints so that training resumes exactly.
 *
 * @param step optimizer steps taken, {@code >= 0}
 * @param slots the slot tensors, named {@code <slot>/<parameter>}; the list is copied
 * @param randomState the training random stream's four words, or null when none was saved; copied in and out
 */
public record OptimizerState(long step, List<Tensor> slots, long[] randomState) {
    /**
     * Copies the slot list and the random state.
     *
     * @param step optimizer steps taken
     * @param slots the slot tensors
     * @param randomState the random stream's state, or null
     */
    public OptimizerState {
        slots = List.copyOf(slots);
        randomState = randomState == null ? null : randomState.clone();
    }

    /**
     * The training random stream's state, for {@link SeededRandom#fromState(long[])}.
     *
     * @return a copy, or null when none was saved
     */
    @Override
    public long[] randomState() {
        return randomState == null ? null : randomState.clone();
    }
}
