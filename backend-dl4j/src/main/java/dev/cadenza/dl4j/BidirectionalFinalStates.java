package dev.cadenza.dl4j;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The final states of a bidirectional layer that keeps only its last step, as the canonical layer defines them: the
 * forward direction after the last step and the backward direction after the whole reversed sequence, i.e. at time 0.
 * It sits as the input preprocessor of the layer after a DL4J {@code Bidirectional(CONCAT)} that returns sequences
 * ([batch, 2H, T]) and hands on [batch, 2H] (concatenated) or [batch, H] (summed); DL4J's own {@code LastTimeStep}
 * would take the backward direction at the last step, after one step of it.
 */
final class BidirectionalFinalStates implements InputPreProcessor {
    private static final long serialVersionUID = 1L;

    private final int units;
    private final boolean sum;
    /** Steps of the last input, for the backward pass. */
    private long steps;

    BidirectionalFinalStates(int units, boolean sum) {
        this.units = units;
        this.sum = sum;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        steps = input.size(2);
        INDArray forward = input.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units), NDArrayIndex.point(steps - 1));
        INDArray backward = input.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2L * units), NDArrayIndex.point(0));
        INDArray out = workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), input.size(0), sum ? units : 2L * units);
        if (sum) {
            out.assign(forward).addi(backward);
        } else {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units)).assign(forward);
            out.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2L * units)).assign(backward);
        }
        return out;
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        INDArray eps = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, output.dataType(), output.size(0), 2L * units, steps);
        INDArray forward = sum ? output : output.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units));
        INDArray backward = sum ? output : output.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2L * units));
        eps.get(NDArrayIndex.all(), NDArrayIndex.interval(0, units), NDArrayIndex.point(steps - 1)).assign(forward);
        eps.get(NDArrayIndex.all(), NDArrayIndex.interval(units, 2L * units), NDArrayIndex.point(0)).assign(backward);
        return eps;
    }

    @Override
    public InputPreProcessor clone() {
        return new BidirectionalFinalStates(units, sum);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        return InputType.feedForward(sum ? units : 2L * units);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        return new Pair<>(null, currentMaskState); // Cadenza hands DL4J no masks: the losses above weigh the outputs
    }
}
