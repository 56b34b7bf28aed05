package dev.cadenza.dl4j;

import dev.cadenza.spi.EngineState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

/**
 * The memory of one generation on a DL4J model: per recurrent layer the state DL4J's {@code rnnGetPreviousState}
 * returns (h and c), per causal convolution the last {@code dilation * (k - 1) + 1} inputs. The network's layers keep
 * no state between steps, so any number of these can be advanced one after another.
 */
final class Dl4jState implements EngineState {
    private final Dl4jModel owner;
    private final int batchSize;
    /** DL4J layer index -> recurrent state ("prevAct", "prevMem"; "h" for the GRU), absent before the first step. */
    final Map<Integer, Map<String, INDArray>> recurrent;
    /** DL4J layer index -> [batch, channels, span] inputs of a causal convolution, oldest first. */
    final Map<Integer, INDArray> history;

    Dl4jState(Dl4jModel owner, int batchSize) {
        this(owner, batchSize, new HashMap<>(), new HashMap<>());
    }

    private Dl4jState(Dl4jModel owner, int batchSize, Map<Integer, Map<String, INDArray>> recurrent, Map<Integer, INDArray> history) {
        this.owner = owner;
        this.batchSize = batchSize;
        this.recurrent = recurrent;
        this.history = history;
    }

    int batchSize() {
        return batchSize;
    }

    /** Locked on the model, like its steps: ND4J arrays are not read while a step replaces them. */
    @Override
    public Dl4jState copy() {
        synchronized (owner) {
            Map<Integer, Map<String, INDArray>> r = new HashMap<>();
            recurrent.forEach((k, v) -> {
                Map<String, INDArray> m = new HashMap<>();
                v.forEach((name, a) -> m.put(name, a.dup()));
                r.put(k, m);
            });
            Map<Integer, INDArray> h = new HashMap<>();
            history.forEach((k, v) -> h.put(k, v.dup()));
            return new Dl4jState(owner, batchSize, r, h);
        }
    }

    @Override
    public void reorder(int[] sources) {
        synchronized (owner) {
            recurrent.values().forEach(m -> m.replaceAll((name, a) -> gather(a, sources)));
            history.replaceAll((k, a) -> gather(a, sources));
        }
    }

    private static INDArray gather(INDArray a, int[] rows) {
        INDArray out = Nd4j.create(a.dataType(), a.shape());
        for (int i = 0; i < rows.length; i++) out.slice(i).assign(a.slice(rows[i]));
        return out;
    }
}
