package dev.cadenza.model;

import java.util.List;

/**
 * The optimizer's memory, portable between backends: the step count, the slot tensors (named
 * {@code <slot>/<parameter>}, e.g. {@code m/layers.0.kernel}, {@code v/...}, {@code velocity/...}) and the training
 * random stream. Saved in checkpoints so that training resumes exactly.
 */
public record OptimizerState(long step, List<Tensor> slots, long[] randomState) {
    public OptimizerState {
        slots = List.copyOf(slots);
        randomState = randomState == null ? null : randomState.clone();
    }

    @Override
    public long[] randomState() {
        return randomState == null ? null : randomState.clone();
    }
}
