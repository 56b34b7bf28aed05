package dev.cadenza.model;

/**
 * Optimizer configuration. Every backend implements exactly these update rules (see FORMAT.md), so one step from
 * the same weights and batch gives the same weights everywhere. Weight decay, when set in {@link TrainingConfig},
 * is L2 added to the gradient (g += decay * w) before the update.
 */
public sealed interface Optimizer permits Optimizer.Sgd, Optimizer.RmsProp, Optimizer.Adam, Optimizer.Nadam {
    /**
     * The base learning rate, before the schedule scales it.
     *
     * @return the rate, {@code > 0}
     */
    double learningRate();

    /**
     * Names of the per-parameter slots this optimizer keeps, as saved in checkpoints ({@code <slot>/<parameter>}):
     * {@code velocity} (SGD), {@code s} (RMSprop), {@code m} and {@code v} (Adam, Nadam).
     *
     * @return the slot names, in the order checkpoints store them
     */
    default java.util.List<String> slotNames() {
        if (this instanceof Sgd) return java.util.List.of("velocity");
        if (this instanceof RmsProp) return java.util.List.of("s");
        return java.util.List.of("m", "v");
    }

    /**
     * v = momentum * v + g; w -= lr * v (Nesterov: w -= lr * (g + momentum * v)).
     *
     * @param learningRate the step size, {@code > 0}
     * @param momentum the velocity's decay, in {@code [0, 1)}; 0 for plain SGD
     * @param nesterov whether to use Nesterov momentum
     */
    record Sgd(double learningRate, double momentum, boolean nesterov) implements Optimizer {
        /**
         * Checks the rate and momentum.
         *
         * @param learningRate {@code > 0}
         * @param momentum in {@code [0, 1)}
         * @param nesterov whether to use Nesterov momentum
         * @throws IllegalArgumentException when either is out of range
         */
        public Sgd {
            check(learningRate);
            if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("Sgd: momentum must be in [0, 1), was " + momentum);
        }
    }

    /**
     * s = rho * s + (1 - rho) g^2; w -= lr * g / (sqrt(s) + eps).
     *
     * @param learningRate the step size, {@code > 0}
     * @param rho the decay of the squared-gradient average, e.g. 0.9
     * @param epsilon added to the root for stability, e.g. 1e-7
     */
    record RmsProp(double learningRate, double rho, double epsilon) implements Optimizer {
        /**
         * Checks the rate.
         *
         * @param learningRate {@code > 0}
         * @param rho the decay of the squared-gradient average
         * @param epsilon added to the root
         * @throws IllegalArgumentException when the rate is not positive and finite
         */
        public RmsProp {
            check(learningRate);
        }
    }

    /**
     * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps).
     * This is the form DJL and DL4J compute (eps added to the uncorrected sqrt(v)), kept for cross-backend equality.
     *
     * @param learningRate the step size, {@code > 0}
     * @param beta1 the decay of the first moment, e.g. 0.9
     * @param beta2 the decay of the second moment, e.g. 0.999
     * @param epsilon added to the root for stability, e.g. 1e-7
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        /**
         * Checks the rate.
         *
         * @param learningRate {@code > 0}
         * @param beta1 the decay of the first moment
         * @param beta2 the decay of the second moment
         * @param epsilon added to the root
         * @throws IllegalArgumentException when the rate is not positive and finite
         */
        public Adam {
            check(learningRate);
        }
    }

    /**
     * Nesterov Adam as Keras computes it (momentum schedule mu_t = b1 (1 - 0.5 * 0.96^(0.004 t))); see FORMAT.md.
     *
     * @param learningRate the step size, {@code > 0}
     * @param beta1 the decay of the first moment, e.g. 0.9
     * @param beta2 the decay of the second moment, e.g. 0.999
     * @param epsilon added to the root for stability, e.g. 1e-7
     */
    record Nadam(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
        /**
         * Checks the rate.
         *
         * @param learningRate {@code > 0}
         * @param beta1 the decay of the first moment
         * @param beta2 the decay of the second moment
         * @param epsilon added to the root
         * @throws IllegalArgumentException when the rate is not positive and finite
         */
        public Nadam {
            check(learningRate);
        }
    }

    /**
     * Adam with the Keras defaults (beta1 0.9, beta2 0.999, epsilon 1e-7).
     *
     * @param learningRate the step size, {@code > 0}; 1e-3 is the usual start
     * @return the optimizer
     */
    static Adam adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * Nadam with the Keras defaults (beta1 0.9, beta2 0.999, epsilon 1e-7).
     *
     * @param learningRate the step size, {@code > 0}
     * @return the optimizer
     */
    static Nadam nadam(double learningRate) {
        return new Nadam(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * SGD with classical (not Nesterov) momentum.
     *
     * @param learningRate the step size, {@code > 0}
     * @param momentum in {@code [0, 1)}
     * @return the optimizer
     */
    static Sgd sgd(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum, false);
    }

    /**
     * RMSprop with the Keras defaults (rho 0.9, epsilon 1e-7).
     *
     * @param learningRate the step size, {@code > 0}
     * @return the optimizer
     */
    static RmsProp rmsProp(double learningRate) {
        return new RmsProp(learningRate, 0.9, 1e-7);
    }

    private static void check(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learning rate must be > 0, was " + lr);
    }
}
