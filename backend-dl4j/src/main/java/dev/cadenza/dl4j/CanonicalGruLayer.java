package dev.cadenza.dl4j;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical reset-after GRU (gates r, z, n; n = tanh(x Wxn + bxn + r (h Whn + bhn)); h' = (1 - z) n + z h),
 * optionally bidirectional, as a DL4J SameDiff layer unrolled over a fixed number of steps. DL4J has no GRU layer, and
 * its SameDiff gru op is another variant. Parameters are the canonical tensors: {@code Wx [in, 3H]}, {@code Wh [H, 3H]},
 * {@code bx [3H]}, {@code bh [3H]}, prefixed "f"/"b" per direction when bidirectional.
 * <p>
 * DL4J 1.0.0-M2.1 returns twice the true gradients through every SameDiff layer; the output is therefore
 * {@code 0.5 y + 0.5 stop_gradient(y)}, equal to y forwards and with half the gradient backwards.
 */
final class CanonicalGruLayer extends SameDiffLayer {
    private static final long serialVersionUID = 1L;

    private int in;
    private int units;
    private int steps;
    private boolean returnSequences;
    /** 0: one forward direction; 1: bidirectional concat; 2: bidirectional sum. */
    private int bidirectional;

    /** For DL4J's configuration cloning. */
    CanonicalGruLayer() {}

    CanonicalGruLayer(int in, int units, int steps, boolean returnSequences, int bidirectional) {
        this.in = in;
        this.units = units;
        this.steps = steps;
        this.returnSequences = returnSequences;
        this.bidirectional = bidirectional;
    }

    int units() {
        return units;
    }

    boolean bidirectional() {
        return bidirectional != 0;
    }

    private List<String> directions() {
        return bidirectional == 0 ? List.of("") : List.of("f", "b");
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        for (String d : directions()) {
            params.addWeightParam(d + "Wx", in, 3L * units);
            params.addWeightParam(d + "Wh", units, 3L * units);
            params.addBiasParam(d + "bx", 1, 3L * units); // [1, 3H]: broadcasts over the batch rows
            params.addBiasParam(d + "bh", 1, 3L * units);
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.values().forEach(p -> p.assign(0)); // Cadenza loads the canonical weights right after
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        int width = bidirectional == 1 ? 2 * units : units;
        return returnSequences ? InputType.recurrent(width, steps) : InputType.feedForward(width);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // nIn is fixed at construction from the spec.
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        // input: [B, in, T] (NCW)
        List<SDVariable[]> outputs = new ArrayList<>();
        for (String d : directions()) outputs.add(direction(sd, input, params, d, d.equals("b")));
        SDVariable y;
        if (bidirectional == 0) {
            y = join(sd, outputs.get(0));
        } else if (!returnSequences) {
            y = bidirectional == 1 ? sd.concat(1, last(outputs.get(0), false), last(outputs.get(1), true))
                    : last(outputs.get(0), false).add(last(outputs.get(1), true));
        } else {
            SDVariable f = sd.stack(2, outputs.get(0)), b = sd.stack(2, outputs.get(1));
            y = bidirectional == 1 ? sd.concat(1, f, b) : f.add(b);
        }
        SDVariable frozen = new StopGradient(sd, y).outputVariable();
        return y.mul(0.5).add(frozen.mul(0.5));
    }

    private SDVariable join(SameDiff sd, SDVariable[] hs) {
        return returnSequences ? sd.stack(2, hs) : hs[hs.length - 1];
    }

    /** Final state: the forward direction's last step, the backward direction's first (it ran from the end). */
    private static SDVariable last(SDVariable[] hs, boolean backward) {
        return backward ? hs[0] : hs[hs.length - 1];
    }

    /** Hidden states h_t for t = 0..T-1 in time order; the backward direction walks from T-1 down to 0. */
    private SDVariable[] direction(SameDiff sd, SDVariable input, Map<String, SDVariable> p, String d, boolean backward) {
        SDVariable wx = p.get(d + "Wx"), wh = p.get(d + "Wh"), bx = p.get(d + "bx"), bh = p.get(d + "bh");
        SDVariable[] hs = new SDVariable[steps];
        SDVariable h = null;
        // Biases enter as ones[B, 1] x b[1, 3H]: SameDiff's backward of a broadcasting add followed by a slice fails
        // or loses the reduction in M2.1, while every add below is between equal shapes.
        SDVariable ones = sd.onesLike(input.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.point(0)));
        SDVariable biasX = ones.mmul(bx), biasH = ones.mmul(bh);
        for (int i = 0; i < steps; i++) {
            int t = backward ? steps - 1 - i : i;
            SDVariable x = input.get(SDIndex.all(), SDIndex.all(), SDIndex.point(t));
            SDVariable gx = x.mmul(wx).add(biasX);
            SDVariable gh = h == null ? biasH : h.mmul(wh).add(biasH); // h0 = 0: the recurrent product is just bh
            SDVariable r = sd.nn().sigmoid(gate(gx, 0).add(gate(gh, 0)));
            SDVariable z = sd.nn().sigmoid(gate(gx, 1).add(gate(gh, 1)));
            SDVariable n = sd.math().tanh(gate(gx, 2).add(r.mul(gate(gh, 2))));
            h = h == null ? z.rsub(1.0).mul(n) : n.add(z.mul(h.sub(n)));
            hs[t] = h;
        }
        return hs;
    }

    private SDVariable gate(SDVariable v, int g) {
        return v.get(SDIndex.all(), SDIndex.interval(g * units, (g + 1) * units));
    }
}
