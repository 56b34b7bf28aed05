package dev.cadenza.model;

import java.util.Arrays;
import java.util.Objects;

/** A named float32 array with a row-major shape: the unit of the canonical weight layout. */
public record Tensor(String name, int[] shape, float[] data) {
    public Tensor {
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        int n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("tensor " + name + ": negative dimension in " + Arrays.toString(shape));
            n = Math.multiplyExact(n, d);
        }
        if (data.length != n)
            throw new IllegalArgumentException("tensor " + name + ": shape " + Arrays.toString(shape) + " needs " + n
                    + " floats, got " + data.length);
    }

    public static Tensor zeros(String name, int... shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return new Tensor(name, shape, new float[n]);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The backing array itself (not a copy): tensors are handed between engines without copying. */
    @Override
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    public Tensor copy() {
        return new Tensor(name, shape, data.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.name.equals(name) && Arrays.equals(t.shape, shape) && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
