package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.cadenza.spi.EngineState;

import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;

/**
 * The memory of one generation on a {@link DjlModel}: per layer the recurrent state or the convolution history as
 * NDArrays on the state's own sub-manager, freed when the state is no longer reachable (or with the model). Each
 * state has its own parameter store, so steps on distinct states share nothing mutable.
 */
final class DjlState implements EngineState {
    /** Frees the native memory of states and trainers that are no longer reachable. */
    static final Cleaner CLEANER = Cleaner.create();

    private final DjlModel owner;
    private final NDManager manager;
    private final NDArray[][] memory;
    private final ParameterStore store;
    private final int batchSize;

    DjlState(DjlModel owner, int batchSize) {
        this(owner, owner.manager().newSubManager(), owner.network().newMemory(), batchSize);
    }

    private DjlState(DjlModel owner, NDManager manager, NDArray[][] memory, int batchSize) {
        this.owner = owner;
        this.manager = manager;
        this.memory = memory;
        this.batchSize = batchSize;
        this.store = new ParameterStore(owner.manager(), false);
        CLEANER.register(this, manager::close);
    }

    NDManager manager() {
        return manager;
    }

    NDArray[][] memory() {
        return memory;
    }

    ParameterStore store() {
        return store;
    }

    @Override
    public DjlState copy() {
        NDManager copyManager = owner.manager().newSubManager();
        NDArray[][] copy = new NDArray[memory.length][];
        for (int i = 0; i < memory.length; i++) {
            copy[i] = new NDArray[memory[i].length];
            for (int j = 0; j < memory[i].length; j++) {
                if (memory[i][j] == null) continue;
                copy[i][j] = memory[i][j].duplicate();
                copy[i][j].attach(copyManager);
            }
        }
        return new DjlState(owner, copyManager, copy, batchSize);
    }

    /** Every array has the batch as its only non-unit leading axis ((1, B, H) states, (B, span, C) histories), so rows are contiguous blocks of size / B. */
    @Override
    public void reorder(int[] sources) {
        for (NDArray[] layer : memory) {
            for (NDArray a : layer) {
                if (a == null) continue;
                float[] data = a.toFloatArray();
                int row = data.length / batchSize;
                float[] moved = new float[data.length];
                for (int r = 0; r < batchSize; r++) System.arraycopy(data, sources[r] * row, moved, r * row, row);
                a.set(FloatBuffer.wrap(moved));
            }
        }
    }
}
