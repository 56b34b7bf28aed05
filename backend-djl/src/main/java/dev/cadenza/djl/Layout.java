package dev.cadenza.djl;

/**
 * How one canonical tensor is stored in a DJL parameter. Each is a pure permutation of elements, so element-wise
 * optimizer updates give the same result in either layout; only loading and saving convert.
 */
enum Layout {
    /** Same shape and order (embedding, biases, BatchNorm vectors). */
    IDENTITY,
    /** Canonical [a, b] is DJL [b, a]: Dense kernel W[in,out] to Linear weight [out,in], recurrent kernels to i2h/h2h. */
    TRANSPOSE,
    /** Canonical Conv1D kernel [k, in, out] is DJL Conv1d weight [out, in, k] (K.permute(2, 1, 0)). */
    CONV;

    /** DJL-order data from canonical data of {@code shape} (the canonical shape). */
    float[] toDjl(float[] canonical, int[] shape) {
        return switch (this) {
            case IDENTITY -> canonical.clone();
            case TRANSPOSE -> transpose(canonical, shape[0], shape[1]);
            case CONV -> {
                int k = shape[0], in = shape[1], out = shape[2];
                float[] d = new float[canonical.length];
                for (int j = 0; j < k; j++)
                    for (int i = 0; i < in; i++)
                        for (int o = 0; o < out; o++) d[(o * in + i) * k + j] = canonical[(j * in + i) * out + o];
                yield d;
            }
        };
    }

    /** Canonical-order data from DJL-order data; {@code shape} is the canonical shape. */
    float[] toCanonical(float[] djl, int[] shape) {
        return switch (this) {
            case IDENTITY -> djl.clone();
            case TRANSPOSE -> transpose(djl, shape[1], shape[0]);
            case CONV -> {
                int k = shape[0], in = shape[1], out = shape[2];
                float[] c = new float[djl.length];
                for (int j = 0; j < k; j++)
                    for (int i = 0; i < in; i++)
                        for (int o = 0; o < out; o++) c[(j * in + i) * out + o] = djl[(o * in + i) * k + j];
                yield c;
            }
        };
    }

    /** The transpose of a row-major [rows, cols] matrix. */
    static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
        return t;
    }
}
