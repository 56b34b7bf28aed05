package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ParameterSpec;

import java.util.List;
import java.util.Map;

/**
 * A 1D convolution over time on DJL's {@link Conv1d} (NCW). PyTorch has no causal mode, so the input is padded
 * explicitly: CAUSAL pads {@code dilation * (k - 1)} zeros on the left, SAME pads as TensorFlow does (with
 * stride 1: d(k-1) zeros, the smaller half on the left), VALID pads nothing. Weight [out, in, k] = canonical K[k, in, out] permuted (2, 1, 0).
 * Stepping keeps the last {@code dilation * (k - 1)} inputs as history.
 */
final class ConvLayer implements DjlLayer {
    private final Layer.Conv1D spec;
    private final Conv1d block;
    private final List<MappedParameter> parameters;
    private final int span;

    ConvLayer(Layer.Conv1D spec, int inputWidth, NDManager manager, String prefix, Map<String, ParameterSpec> canonical) {
        this.spec = spec;
        this.span = spec.dilation() * (spec.kernelSize() - 1) + 1;
        block = Conv1d.builder().setKernelShape(new Shape(spec.kernelSize())).setFilters(spec.filters())
                .optDilation(new Shape(spec.dilation())).optStride(new Shape(spec.stride())).build();
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputWidth, span));
        var p = block.getParameters();
        parameters = List.of(new MappedParameter(canonical.get(prefix + "kernel"), p.get("weight"), Layout.CONV),
                new MappedParameter(canonical.get(prefix + "bias"), p.get("bias"), Layout.IDENTITY));
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        long left;
        long right;
        switch (spec.padding()) {
            case CAUSAL -> {
                left = span - 1;
                right = 0;
            }
            case SAME -> {
                // TensorFlow's rule, as backend-pure: total max((out-1)*s + span - T, 0), the smaller half on the left.
                long steps = x.getShape().get(1);
                long out = (steps + spec.stride() - 1) / spec.stride();
                long total = Math.max((out - 1) * spec.stride() + span - steps, 0);
                left = total / 2;
                right = total - left;
            }
            default -> {
                left = 0;
                right = 0;
            }
        }
        NDArray ncw = x.transpose(0, 2, 1);
        if (left + right > 0) ncw = ncw.pad(new Shape(left, right), 0);
        NDArray y = block.forward(store, new NDList(ncw), training).singletonOrThrow();
        return Activations.apply(spec.activation(), y.transpose(0, 2, 1));
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training, NDArray[] memory, NDManager keep) {
        return carry(store, x, training, memory, keep);
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        return carry(store, x, false, memory, keep);
    }

    /** The causal convolution of (B, T, C) continuing the inputs kept in {@code memory} (zeros at the start). */
    private NDArray carry(ParameterStore store, NDArray x, boolean training, NDArray[] memory, NDManager keep) {
        if (spec.padding() != Layer.Padding.CAUSAL || spec.stride() != 1)
            throw new IllegalStateException(spec.describe() + " looks ahead in time; only causal stride-1 convolutions carry state");
        NDArray window = x;
        if (span > 1) {
            NDArray history = memory[0] != null ? memory[0]
                    : x.getManager().zeros(new Shape(x.getShape().get(0), span - 1, x.getShape().get(2)));
            window = history.concat(x, 1);
            long length = window.getShape().get(1);
            NDArray kept = window.get(new NDIndex(":, {}:, :", length - (span - 1)));
            DjlLayer.remember(memory, 0, training ? kept.stopGradient() : kept, keep);
        }
        NDArray y = block.forward(store, new NDList(window.transpose(0, 2, 1)), training).singletonOrThrow();
        return Activations.apply(spec.activation(), y.transpose(0, 2, 1));
    }

    @Override
    public int memorySize() {
        return 1;
    }

    @Override
    public List<MappedParameter> parameters() {
        return parameters;
    }
}
