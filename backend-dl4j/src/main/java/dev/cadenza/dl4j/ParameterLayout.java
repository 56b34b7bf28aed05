package dev.cadenza.dl4j;

import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.ParameterSpec;
import dev.cadenza.model.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where each canonical tensor lives in a network's flat DL4J parameter vector, and the conversion both ways. The same
 * layout reads the flat gradient vector, which has the shape of the parameter vector.
 */
final class ParameterLayout {
    /**
     * A canonical tensor at {@code offset} of the flat vector, viewed as [rows, cols] in {@code order}; {@code source[i]}
     * is the flat index of the tensor's canonical element i (computed once: every training step moves the weights and
     * gradients through it).
     */
    private record Placement(NetworkTranslation.Bound bound, long offset, long rows, long cols, char order, int[] source) {
        Placement(NetworkTranslation.Bound bound, long offset, long rows, long cols, char order) {
            this(bound, offset, rows, cols, order, new int[bound.parameter().size()]);
            for (int i = 0; i < source.length; i++)
                source[i] = bound.binding() == NetworkTranslation.Binding.VERBATIM ? (int) offset + i
                        : index(this, (int) (i / cols), (int) (i % cols));
        }
    }

    private final ModelSpec spec;
    private final List<Placement> placements;
    private final long length;

    private ParameterLayout(ModelSpec spec, List<Placement> placements, long length) {
        this.spec = spec;
        this.placements = placements;
        this.length = length;
    }

    /** Reads the placement of every bound tensor from the network's parameter views. */
    static ParameterLayout of(ModelSpec spec, List<NetworkTranslation.Bound> bindings, Map<String, INDArray> paramTable,
                              INDArray flat) {
        List<Placement> placements = new ArrayList<>();
        long total = 0;
        for (INDArray v : paramTable.values()) total += v.length();
        if (total != flat.length())
            throw new IllegalStateException("DL4J parameter views cover " + total + " of " + flat.length() + " parameters");
        for (NetworkTranslation.Bound b : bindings) {
            INDArray view = paramTable.get(b.key());
            if (view == null)
                throw new IllegalStateException("DL4J network has no parameter " + b.key() + " for " + b.parameter().name()
                        + "; it has " + paramTable.keySet());
            if (view.length() != b.parameter().size())
                throw new IllegalStateException("DL4J parameter " + b.key() + " has " + view.length() + " values, "
                        + b.parameter().name() + " needs " + b.parameter().size());
            long offset = view.offset() - flat.offset();
            long[] shape = view.shape();
            long rows = shape.length == 2 && b.binding() != NetworkTranslation.Binding.VERBATIM ? shape[0] : 1;
            long cols = view.length() / rows;
            int[] canonical = b.parameter().shape();
            if (b.binding() != NetworkTranslation.Binding.VERBATIM && canonical.length == 2 && (canonical[0] != rows || canonical[1] != cols))
                throw new IllegalStateException("DL4J parameter " + b.key() + " is " + Arrays.toString(shape) + ", "
                        + b.parameter().name() + " is " + Arrays.toString(canonical));
            placements.add(new Placement(b, offset, rows, cols, view.ordering()));
        }
        return new ParameterLayout(spec, placements, flat.length());
    }

    long length() {
        return length;
    }

    /** Offset of the canonical tensor {@code name} in the flat vector (its first element). */
    long offset(String name) {
        for (Placement p : placements) if (p.bound().parameter().name().equals(name)) return p.offset();
        throw new IllegalArgumentException("no parameter " + name);
    }

    /** Canonical tensors of the flat DL4J vector {@code flat}; only the trainable ones if {@code trainableOnly}. */
    List<Tensor> toCanonical(float[] flat, boolean trainableOnly, String namePrefix) {
        List<Tensor> out = new ArrayList<>();
        for (Placement p : placements) {
            ParameterSpec ps = p.bound().parameter();
            if (trainableOnly && !ps.trainable()) continue;
            float[] data = new float[ps.size()];
            int[] source = p.source();
            for (int i = 0; i < data.length; i++) data[i] = flat[source[i]];
            out.add(new Tensor(namePrefix + ps.name(), ps.shape(), data));
        }
        return out;
    }

    /** The trainable tensors of {@code flat} as canonical arrays, by name. */
    java.util.Map<String, float[]> trainableArrays(float[] flat) {
        java.util.Map<String, float[]> out = new java.util.HashMap<>();
        for (Tensor t : toCanonical(flat, true, "")) out.put(t.name(), t.data());
        return out;
    }

    /** Writes canonical tensors (looked up by {@code namePrefix + name}) into the flat DL4J vector. */
    void toFlat(java.util.function.Function<String, Tensor> tensors, float[] flat, boolean trainableOnly, String namePrefix) {
        for (Placement p : placements) {
            ParameterSpec ps = p.bound().parameter();
            if (trainableOnly && !ps.trainable()) continue;
            Tensor t = tensors.apply(namePrefix + ps.name());
            if (!Arrays.equals(t.shape(), ps.shape()))
                throw new IllegalArgumentException("tensor " + t.name() + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(ps.shape()));
            float[] data = t.data();
            int[] source = p.source();
            for (int i = 0; i < data.length; i++) flat[source[i]] = data[i];
        }
    }

    private static int index(Placement p, int r, int c) {
        long col = c;
        if (p.bound().binding() == NetworkTranslation.Binding.LSTM_GATES) {
            long h = p.cols() / 4;
            col = NetworkTranslation.LSTM_BLOCK[(int) (c / h)] * h + c % h;
        }
        return (int) (p.order() == 'f' ? p.offset() + r + col * p.rows() : p.offset() + r * p.cols() + col);
    }
}
