package dev.cadenza.model;

/**
 * Optimizer configuration. Every backend implements exactly these update rules (see FORMAT.md), so one step from
 * the same weights and batch gives the same weights everywhere. Weight decay, when set in {@link TrainingConfig},
 * is L2 added to the gradient (g += decay * w) before the update.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.RmsProp, Optimizer.Adam, Optimizer.Nadam {
    double learningRate();

    /**
     * Names of the per-parameter slots this optimizer keeps, as saved in checkpoints ({@code <slot>/<parameter>}):
     * {@code velocity} (SGD), {@code s} (RMSprop), {@code m} and {@code v} (Adam, Nadam).
     */
    default java.util.List<String> slotNames() {
        if (this instanceof Sgd) return java.util.List.of("velocity");
        if (this instanceof RmsProp) return java.util.List.of("s");
        return java.util.List.of("m", "v");
    }

    /** v = momentum * v + g; w -= lr * v (Nesterov: w -= lr * (g + momentum * v)). */
    record Sgd(double learningRate, double momentum, boolean nesterov) implements Optimizer {
        public Sgd {
            check(learningRate);
            if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), was " + momentum);
        }
    }

    /** s = rho * s + (1 - rho) g^2; w -= lr * g / (sqrt(s) + eps). */
    record RmsProp(double learningRate, double rho, double epsilon) implements Optimizer {
        public RmsProp {
            check(learningRate);
        }
    }

    /**
     * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps).
     * This is the form DJL and DL4J compute (eps added to the uncorrected sqrt(v)), kept for cross-backend equality.
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        public Adam {
            check(learningRate);
        }
    }

    /**
     * Nesterov Adam as Keras computes it (momentum schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t))); see FORMAT.md.
     */
    record Nadam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        public Nadam {
            check(learningRate);
        }
    }

    static Adam adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-7);
    }

    static Nadam nadam(double learningRate) {
        return new Nadam(learningRate, 0.9, 0.999, 1e-7);
    }

    static Sgd sgd(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum, false);
    }

    static RmsProp rmsProp(double learningRate) {
        return new RmsProp(learningRate, 0.9, 1e-7);
    }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be > 0, was " + lr);
    }
}
