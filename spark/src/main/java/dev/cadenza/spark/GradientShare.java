package dev.cadenza.spark;

import dev.cadenza.model.Gradients;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.Tensor;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical gradients of one partition's share of a global batch (or of several consecutive partitions' shares,
 * summed), flattened into one array in the order of the spec's trainable parameters, as they travel between executors
 * and the driver.
 *
 * @param first       the lowest partition index summed in, which orders shares when they are added
 * @param lossSum     the summed (not averaged) loss of the rows
 * @param predictions the predictions that loss sums over
 * @param values      the gradients of {@code lossSum}, every trainable tensor after the other
 */
record GradientShare(int first, double lossSum, double predictions, float[] values) implements Serializable {
    private static final long serialVersionUID = 1L;

    static GradientShare of(int partition, Gradients g) {
        int n = 0;
        for (Tensor t : g.tensors()) n += t.size();
        float[] flat = new float[n];
        int at = 0;
        for (Tensor t : g.tensors()) {
            System.arraycopy(t.data(), 0, flat, at, t.size());
            at += t.size();
        }
        return new GradientShare(partition, g.lossSum(), g.predictions(), flat);
    }

    /**
     * This share plus a later one, with the arithmetic of {@link Gradients#plus} (one float addition per element, this
     * share's value first), so that a sum of shares is bit for bit the fold of their {@code Gradients} in the same order.
     */
    GradientShare plus(GradientShare later) {
        if (later.values.length != values.length)
            throw new IllegalArgumentException("gradient shares of " + values.length + " and " + later.values.length + " values cannot be added");
        float[] z = new float[values.length];
        for (int j = 0; j < z.length; j++) z[j] = values[j] + later.values[j];
        return new GradientShare(Math.min(first, later.first), lossSum + later.lossSum, predictions + later.predictions, z);
    }

    /** As canonical {@link Gradients} of {@code spec}'s trainable tensors. */
    Gradients toGradients(ModelSpec spec) {
        List<Tensor> tensors = new ArrayList<>();
        int at = 0;
        for (ParameterSpec p : spec.parameters()) {
            if (!p.trainable()) continue;
            float[] d = new float[p.size()];
            System.arraycopy(values, at, d, 0, d.length);
            at += d.length;
            tensors.add(new Tensor(p.name(), p.shape(), d));
        }
        if (at != values.length)
            throw new IllegalArgumentException("gradient share of " + values.length + " values for " + at + " trainable weights");
        return new Gradients(tensors, lossSum, predictions);
    }
}
