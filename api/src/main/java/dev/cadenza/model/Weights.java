package dev.cadenza.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All tensors of a model in the canonical layout, in the order of {@link ModelSpec#parameters()}. */
public final class Weights {
    private final Map<String, Tensor> tensors;

    private Weights(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Checks that {@code tensors} are exactly the parameters of {@code spec}, with the right shapes, and orders them
     * canonically. The message names the first missing, unexpected or misshapen tensor.
     *
     * @param spec the spec whose {@link ModelSpec#parameters()} the tensors must match
     * @param tensors one tensor per parameter, in any order; held without copying their data
     * @return the weights, ordered as the spec's parameters
     * @throws IllegalArgumentException when a tensor is given twice, missing, not in the spec or misshapen
     */
    public static Weights of(ModelSpec spec, List<Tensor> tensors) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (byName.put(t.name(), t) != null) throw new IllegalArgumentException("weights: tensor " + t.name() + " given twice");
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (ParameterSpec p : spec.parameters()) {
            Tensor t = byName.remove(p.name());
            if (t == null) throw new IllegalArgumentException("weights: missing tensor " + p.name() + " " + Arrays.toString(p.shape()));
            if (!Arrays.equals(t.shape(), p.shape()))
                throw new IllegalArgumentException("weights: tensor " + p.name() + " has shape " + Arrays.toString(t.shape())
                        + ", the spec needs " + Arrays.toString(p.shape()));
            ordered.put(p.name(), t);
        }
        if (!byName.isEmpty()) throw new IllegalArgumentException("weights: tensors not in the spec: " + byName.keySet());
        return new Weights(ordered);
    }

    /**
     * One tensor by name.
     *
     * @param name a parameter name, e.g. {@code layers.0.kernel}
     * @return the tensor itself, not a copy
     * @throws IllegalArgumentException when no tensor has that name
     */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) throw new IllegalArgumentException("weights: no tensor named " + name + "; have " + tensors.keySet());
        return t;
    }

    /**
     * The tensors in the canonical order.
     *
     * @return a new list of the tensors themselves (their data is not copied)
     */
    public List<Tensor> tensors() {
        return new ArrayList<>(tensors.values());
    }

    /**
     * The tensor names in the canonical order.
     *
     * @return a new list
     */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    /**
     * A deep copy.
     *
     * @return new weights with copies of every tensor's data
     */
    public Weights copy() {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        tensors.forEach((k, v) -> copy.put(k, v.copy()));
        return new Weights(copy);
    }

    /**
     * Largest |a - b| over all tensors; the two must have the same names and shapes.
     *
     * @param other weights with the same tensor names and sizes (another backend's result, say)
     * @return the largest absolute difference, 0 for equal weights
     * @throws IllegalArgumentException when a tensor is missing from {@code other} or differs in size
     */
    public double maxAbsDifference(Weights other) {
        double max = 0;
        for (Tensor t : tensors.values()) {
            float[] a = t.data();
            float[] b = other.get(t.name()).data();
            if (a.length != b.length) throw new IllegalArgumentException("weights: " + t.name() + " differs in size");
            for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Weights w && w.tensors.equals(tensors);
    }

    @Override
    public int hashCode() {
        return tensors.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "Weights" + tensors.values();
    }
}
