package dev.cadenza.model;

import java.util.Arrays;

/**
 * One tensor of the canonical weight layout: its name (e.g. {@code layers.1.recurrent_kernel}), its shape
 * (row-major), its role and whether the optimizer updates it (BatchNorm running statistics are not trained).
 *
 * @param name the tensor's name, unique within the spec, e.g. {@code layers.0.kernel}
 * @param shape the dimensions, row-major; copied in and out
 * @param role what the tensor is
 * @param trainable whether the optimizer updates it
 */
public record ParameterSpec(String name, int[] shape, Role role, boolean trainable) {
    /** What a tensor is; fixes how it is initialised and how backends map it. */
    public enum Role {
        /** The token embedding table {@code [vocabulary, dimension]}; initialised uniform in [-0.05, 0.05]. */
        EMBEDDING,
        /** An input kernel ({@code [in, out]}, or {@code [k, in, out]} for Conv1D); Glorot uniform. */
        KERNEL,
        /** A recurrent layer's hidden-to-hidden kernel {@code [units, gates * units]}; orthogonal per gate. */
        RECURRENT_KERNEL,
        /** A bias; zero, except the LSTM forget gate's, which starts at 1. */
        BIAS,
        /** The GRU's bias of the input projection, {@code x Wx + b}; zero. */
        INPUT_BIAS,
        /** The GRU's bias of the recurrent projection, {@code h Wh + b}, which the reset gate scales; zero. */
        RECURRENT_BIAS,
        /** BatchNorm's learned scale; one. */
        GAMMA,
        /** BatchNorm's learned shift; zero. */
        BETA,
        /** BatchNorm's running mean, updated in training, not by the optimizer; zero. */
        RUNNING_MEAN,
        /** BatchNorm's running variance, updated in training, not by the optimizer; one. */
        RUNNING_VARIANCE
    }

    /**
     * Copies the shape, so the record is immutable.
     *
     * @param name the tensor's name
     * @param shape the dimensions; copied
     * @param role what the tensor is
     * @param trainable whether the optimizer updates it
     */
    public ParameterSpec {
        shape = shape.clone();
    }

    /**
     * The dimensions, e.g. {@code [in, gates * units]} for a recurrent layer's kernel.
     *
     * @return a copy
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Number of floats.
     *
     * @return the product of the dimensions
     * @throws ArithmeticException when it exceeds the int range
     */
    public int size() {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape)
                && p.role == role && p.trainable == trainable;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
