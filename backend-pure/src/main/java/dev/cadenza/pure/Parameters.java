package dev.cadenza.pure;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's tensors in the canonical layout of {@link ModelSpec#parameters()}, each one flat array that the layers
 * hold for their whole life (loading weights copies into it), plus a gradient array per trainable tensor.
 */
final class Parameters {
    private final List<ParameterSpec> specs;
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, float[]> gradients = new LinkedHashMap<>();

    Parameters(ModelSpec spec) {
        this.specs = spec.parameters();
        for (ParameterSpec p : specs) {
            values.put(p.name(), new float[p.size()]);
            if (p.trainable()) gradients.put(p.name(), new float[p.size()]);
        }
    }

    float[] value(String name) {
        float[] v = values.get(name);
        if (v == null) throw new IllegalStateException("no parameter " + name);
        return v;
    }

    float[] gradient(String name) {
        float[] g = gradients.get(name);
        if (g == null) throw new IllegalStateException("no trainable parameter " + name);
        return g;
    }

    List<ParameterSpec> specs() {
        return specs;
    }

    /** Names of the trainable tensors, in canonical order. */
    List<String> trainable() {
        return new ArrayList<>(gradients.keySet());
    }

    void zeroGradients() {
        for (float[] g : gradients.values()) java.util.Arrays.fill(g, 0f);
    }

    void load(ModelSpec spec, Weights weights) {
        Weights checked = Weights.of(spec, weights.tensors());
        for (Tensor t : checked.tensors()) System.arraycopy(t.data(), 0, values.get(t.name()), 0, t.size());
    }

    Weights export(ModelSpec spec) {
        List<Tensor> tensors = new ArrayList<>();
        for (ParameterSpec p : specs) tensors.add(new Tensor(p.name(), p.shape(), values.get(p.name()).clone()));
        return Weights.of(spec, tensors);
    }
}
