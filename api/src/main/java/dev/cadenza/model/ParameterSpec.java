package dev.cadenza.model;

import java.util.Arrays;

/**
 * One tensor of the canonical weight layout: its name (e.g. {@code layers.1.recurrent_kernel}), its shape
 * (row-major), its role and whether the optimizer updates it (BatchNorm running statistics are not trained).
 */
public record ParameterSpec(String name, int[] shape, Role role, boolean trainable) {
    /** What a tensor is; fixes how it is initialised and how backends map it. */
    public enum Role {
        EMBEDDING, KERNEL, RECURRENT_KERNEL, BIAS, INPUT_BIAS, RECURRENT_BIAS, GAMMA, BETA, RUNNING_MEAN, RUNNING_VARIANCE
    }

    public ParameterSpec {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of floats. */
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
