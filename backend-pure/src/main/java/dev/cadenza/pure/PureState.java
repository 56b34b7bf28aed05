package dev.cadenza.pure;

import dev.cadenza.spi.EngineState;

/** Generation memory of one {@link PureModel}: per-layer hidden/cell states and convolution rings, plus the position. */
final class PureState implements EngineState {
    final Network owner;
    final StepState input;
    final StepState[] layers;
    private final int batch;
    private long position;

    PureState(Network owner, int batch) {
        this.owner = owner;
        this.batch = batch;
        this.input = owner.input.newState(batch);
        this.layers = new StepState[owner.layers.size()];
        for (int i = 0; i < layers.length; i++) layers[i] = owner.layers.get(i).newState(batch);
    }

    private PureState(PureState from) {
        this.owner = from.owner;
        this.batch = from.batch;
        this.position = from.position;
        this.input = from.input.copy();
        this.layers = new StepState[from.layers.length];
        for (int i = 0; i < layers.length; i++) layers[i] = from.layers[i].copy();
    }

    int batchSize() {
        return batch;
    }

    long position() {
        return position;
    }

    void advance() {
        position++;
    }

    @Override
    public EngineState copy() {
        return new PureState(this);
    }

    @Override
    public void reorder(int[] sources) {
        for (StepState l : layers) l.reorder(sources);
    }
}
