package dev.cadenza.pure;

import dev.cadenza.model.Activation;
import dev.cadenza.pure.simd.Kernels;

/** Element-wise activations of Dense and Conv1D layers and their derivatives, written in terms of the output. */
final class Activations {
    private Activations() {}

    static void apply(Kernels k, Activation a, float[] y, int off, int len) {
        switch (a) {
            case LINEAR -> { }
            case RELU -> {
                for (int i = off; i < off + len; i++) if (y[i] < 0f) y[i] = 0f;
            }
            case TANH -> k.tanh(y, off, len);
            case SIGMOID -> k.sigmoid(y, off, len);
        }
    }

    /** d[i] = dy[i] * act'(pre-activation), where y holds the activation's output. */
    static void derivative(Activation a, float[] y, float[] dy, float[] d, int len) {
        switch (a) {
            case LINEAR -> System.arraycopy(dy, 0, d, 0, len);
            case RELU -> {
                for (int i = 0; i < len; i++) d[i] = y[i] > 0f ? dy[i] : 0f;
            }
            case TANH -> {
                for (int i = 0; i < len; i++) d[i] = dy[i] * (1f - y[i] * y[i]);
            }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) d[i] = dy[i] * y[i] * (1f - y[i]);
            }
        }
    }

    /** sums[j] += rows of m ([rows, width]) summed, in row order. */
    static void addColumnSums(Kernels k, float[] m, int rows, int width, float[] sums) {
        for (int r = 0; r < rows; r++) k.axpy(1f, m, r * width, sums, 0, width);
    }

    /** Adds bias to every row of m. */
    static void addBias(Kernels k, float[] m, int off, int rows, int width, float[] bias) {
        for (int r = 0; r < rows; r++) k.axpy(1f, bias, 0, m, off + r * width, width);
    }
}
