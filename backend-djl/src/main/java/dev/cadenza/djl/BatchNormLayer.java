package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ParameterSpec;

import java.util.List;
import java.util.Map;

/**
 * Batch normalisation over the feature axis: axis 2 of (B, T, C), axis 1 of (B, C). DJL's momentum has Cadenza's
 * meaning (running = m * running + (1 - m) * batch, unbiased batch variance, updated in the training forward), so
 * it is passed unchanged.
 */
final class BatchNormLayer implements DjlLayer {
    private final BatchNorm block;
    private final boolean sequence;
    private final List<MappedParameter> parameters;

    BatchNormLayer(Layer.BatchNorm spec, int width, boolean sequence, NDManager manager, String prefix, Map<String, ParameterSpec> canonical) {
        this.sequence = sequence;
        block = BatchNorm.builder().optAxis(sequence ? 2 : 1).optEpsilon((float) spec.epsilon())
                .optMomentum((float) spec.momentum()).build();
        block.initialize(manager, DataType.FLOAT32, sequence ? new Shape(1, 1, width) : new Shape(1, width));
        var p = block.getParameters();
        parameters = List.of(new MappedParameter(canonical.get(prefix + "gamma"), p.get("gamma"), Layout.IDENTITY),
                new MappedParameter(canonical.get(prefix + "beta"), p.get("beta"), Layout.IDENTITY),
                new MappedParameter(canonical.get(prefix + "running_mean"), p.get("runningMean"), Layout.IDENTITY),
                new MappedParameter(canonical.get(prefix + "running_variance"), p.get("runningVar"), Layout.IDENTITY));
    }

    @Override
    public NDArray forward(ParameterStore store, NDArray x, boolean training) {
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public NDArray step(ParameterStore store, NDArray x, NDArray[] memory, NDManager keep) {
        if (sequence) return block.forward(store, new NDList(x), false).singletonOrThrow();
        // After a last-step layer the block normalises axis 1 of (B, C); steps arrive as (B, T, C).
        Shape shape = x.getShape();
        return block.forward(store, new NDList(x.reshape(-1, shape.get(2))), false).singletonOrThrow().reshape(shape);
    }

    @Override
    public List<MappedParameter> parameters() {
        return parameters;
    }
}
