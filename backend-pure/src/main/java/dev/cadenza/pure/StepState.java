package dev.cadenza.pure;

/**
 * The generation state of one layer: {@code memory} arrays that carry information from step to step (hidden and cell
 * states, convolution history), each holding {@code batch} equal rows, and {@code scratch} arrays that only hold
 * intermediate results within a step. Copies and reorders touch the memory; scratch is fresh in a copy.
 */
final class StepState {
    final int batch;
    final float[][] memory;
    final float[][] scratch;

    StepState(int batch, float[][] memory, float[][] scratch) {
        this.batch = batch;
        this.memory = memory;
        this.scratch = scratch;
    }

    static StepState scratchOnly(int batch, int... sizes) {
        float[][] s = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) s[i] = new float[sizes[i]];
        return new StepState(batch, new float[0][], s);
    }

    StepState copy() {
        float[][] m = new float[memory.length][];
        for (int i = 0; i < m.length; i++) m[i] = memory[i].clone();
        float[][] s = new float[scratch.length][];
        for (int i = 0; i < s.length; i++) s[i] = new float[scratch[i].length];
        return new StepState(batch, m, s);
    }

    /** Row i becomes the old row {@code sources[i]} in every memory array. */
    void reorder(int[] sources) {
        for (int k = 0; k < memory.length; k++) {
            float[] old = memory[k].clone();
            int width = old.length / batch;
            for (int i = 0; i < batch; i++) System.arraycopy(old, sources[i] * width, memory[k], i * width, width);
        }
    }
}
