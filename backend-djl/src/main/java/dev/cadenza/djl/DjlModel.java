package dev.cadenza.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import dev.cadenza.model.Batch;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Weights;
import dev.cadenza.spi.EngineModel;
import dev.cadenza.spi.EngineState;
import dev.cadenza.spi.EngineTrainer;

import java.util.function.Supplier;

/**
 * One model on DJL's PyTorch engine: a {@link DjlNetwork} on its own native manager. Inference, generation and
 * training ({@link DjlTrainer}) run natively, on the GPU when there is one. Every call frees its temporaries with an
 * {@link NDScope}; inference runs with PyTorch's grad mode off, so it records no graph even on a thread that has it on.
 * Steps on distinct states may run concurrently: each state has its own parameter store and memory, and a step
 * reads the shared parameters only.
 */
final class DjlModel implements EngineModel {
    private final ModelSpec spec;
    private final NDManager manager;
    private final DjlNetwork network;
    private final ParameterStore store;

    DjlModel(ModelSpec spec, Weights weights, NDManager manager) {
        this.spec = spec;
        this.manager = manager;
        try {
            this.network = new DjlNetwork(spec, manager);
            network.load(weights);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.store = new ParameterStore(manager, false);
    }

    ModelSpec spec() {
        return spec;
    }

    NDManager manager() {
        return manager;
    }

    DjlNetwork network() {
        return network;
    }

    ParameterStore store() {
        return store;
    }

    @Override
    public Weights weights() {
        return network.weights();
    }

    @Override
    public void loadWeights(Weights weights) {
        network.load(weights);
    }

    @Override
    public float[] forward(Batch batch) {
        return inference(() -> {
            try (NDManager scope = manager.newSubManager()) {
                return network.forward(store, network.input(store, scope, batch, false), false).toFloatArray();
            }
        });
    }

    @Override
    public EngineState newState(int batchSize) {
        return new DjlState(this, batchSize);
    }

    @Override
    public float[] step(EngineState state, Batch one) {
        return forward(one, state);
    }

    /** The whole batch in one native pass per layer from the state, rather than one pass per step. */
    @Override
    public float[] forward(Batch batch, EngineState state) {
        DjlState s = (DjlState) state; // made by newState above; the caller checks ownership
        return inference(() -> {
            try (NDManager scope = manager.newSubManager()) {
                return network.steps(s.store(), network.input(s.store(), scope, batch, false), s.memory(), s.manager()).toFloatArray();
            }
        });
    }

    /** Runs {@code work} with grad mode off and frees every array it creates but does not keep. */
    private static <T> T inference(Supplier<T> work) {
        try (NDScope temporaries = new NDScope(); ThreadGradientCollector noGraph = new ThreadGradientCollector(false)) {
            temporaries.suppressNotUsedWarning();
            return work.get();
        }
    }

    @Override
    public EngineTrainer trainer() {
        return new DjlTrainer(this);
    }

    @Override
    public void close() {
        manager.close(); // with every state's and trainer's sub-manager
    }
}
