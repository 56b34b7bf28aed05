package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.cadenza.model.ModelState;

import java.lang.ref.Cleaner;
import java.nio.FloatBuffer;

/**
 * Generation state of the native DJL path: per layer, the recurrent state or the convolution history as
 * NDArrays on their own manager, freed when the state is no longer reachable.
 */
final class DjlGenerationState implements ModelState {
    private static final Cleaner CLEANER = Cleaner.create();

    private final DjlSequenceModel owner;
    private final NDManager manager;
    private final NDArray[][] memory;
    private final int batchSize;
    private long position;

    DjlGenerationState(DjlSequenceModel owner, int batchSize) {
        this(owner, owner.manager().newSubManager(), owner.network().newMemory(), batchSize, 0);
    }

    private DjlGenerationState(DjlSequenceModel owner, NDManager manager, NDArray[][] memory, int batchSize, long position) {
        this.owner = owner;
        this.manager = manager;
        this.memory = memory;
        this.batchSize = batchSize;
        this.position = position;
        CLEANER.register(this, manager::close);
    }

    DjlSequenceModel owner() {
        return owner;
    }

    NDManager manager() {
        return manager;
    }

    NDArray[][] memory() {
        return memory;
    }

    void advance() {
        position++;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public synchronized ModelState copy() {
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
        return new DjlGenerationState(owner, copyManager, copy, batchSize, position);
    }

    /** Every array has the batch as its only non-unit leading axis, so rows are contiguous blocks of size / B. */
    @Override
    public synchronized void reorder(int[] sources) {
        if (sources.length != batchSize)
            throw new IllegalArgumentException("reorder: " + sources.length + " sources for " + batchSize + " rows");
        for (int s : sources)
            if (s < 0 || s >= batchSize) throw new IllegalArgumentException("reorder: source row " + s + " outside [0, " + batchSize + ")");
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
