package dev.cadenza.model;

/** How gradients are limited before the optimizer sees them. */
public sealed interface GradientClipping permits GradientClipping.None, GradientClipping.GlobalNorm, GradientClipping.Value {
    /** No clipping: the gradients reach the optimizer as computed. */
    record None() implements GradientClipping {}

    /**
     * All gradients scaled by min(1, maxNorm / ||g||), the norm taken over every trainable tensor together.
     *
     * @param maxNorm the largest global L2 norm let through, {@code > 0}
     */
    record GlobalNorm(double maxNorm) implements GradientClipping {
        /**
         * Checks the norm.
         *
         * @param maxNorm {@code > 0}
         * @throws IllegalArgumentException when it is not positive
         */
        public GlobalNorm {
            if (!(maxNorm > 0)) throw new IllegalArgumentException("GlobalNorm: maxNorm must be > 0, was " + maxNorm);
        }
    }

    /**
     * Each gradient element clamped to [-limit, limit].
     *
     * @param limit the largest absolute value let through, {@code > 0}
     */
    record Value(double limit) implements GradientClipping {
        /**
         * Checks the limit.
         *
         * @param limit {@code > 0}
         * @throws IllegalArgumentException when it is not positive
         */
        public Value {
            if (!(limit > 0)) throw new IllegalArgumentException("Value: limit must be > 0, was " + limit);
        }
    }

    /**
     * No clipping.
     *
     * @return the clipping
     */
    static GradientClipping none() {
        return new None();
    }

    /**
     * Clipping by the global norm, the usual choice for recurrent networks (1 to 5 is common).
     *
     * @param maxNorm {@code > 0}
     * @return the clipping
     */
    static GradientClipping globalNorm(double maxNorm) {
        return new GlobalNorm(maxNorm);
    }

    /**
     * Clipping of each element.
     *
     * @param limit {@code > 0}
     * @return the clipping
     */
    static GradientClipping value(double limit) {
        return new Value(limit);
    }
}
