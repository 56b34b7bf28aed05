package dev.cadenza.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named float32 array with a row-major shape: the unit of the canonical weight layout.
 *
 * @param name the parameter name, not null
 * @param shape the dimensions, row-major; copied in and out
 * @param data the values, {@code product(shape)} of them; held without copying
 */
public record Tensor(String name, int[] shape, float[] data) {
    /**
     * Checks that the data fill the shape, and copies the shape.
     *
     * @param name not null
     * @param shape non-negative dimensions
     * @param data exactly {@code product(shape)} floats
     * @throws IllegalArgumentException when a dimension is negative or the data do not fill the shape
     */
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

    /**
     * A tensor of zeros.
     *
     * @param name the parameter name
     * @param shape the dimensions
     * @return a new tensor with its own array
     */
    public static Tensor zeros(String name, int... shape) {
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        return new Tensor(name, shape, new float[n]);
    }

    /**
     * The dimensions.
     *
     * @return a copy
     */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /**
     * The backing array itself (not a copy): tensors are handed between engines without copying.
     *
     * @return the array the tensor holds
     */
    @Override
    public float[] data() {
        return data;
    }

    /**
     * The number of floats.
     *
     * @return the data's length
     */
    public int size() {
        return data.length;
    }

    /**
     * A deep copy.
     *
     * @return a new tensor with a copy of the data
     */
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
