package dev.cadenza.model;

/** How gradients are limited before the optimizer sees them. */
public sealed interface GradientClipping permits GradientClipping.None, GradientClipping.GlobalNorm, GradientClipping.Value {
    record None() implements GradientClipping {}

    /** All gradients scaled by min(1, maxNorm / ||g||), the norm taken over every trainable tensor together. */
    record GlobalNorm(double maxNorm) implements GradientClipping {
        public GlobalNorm {
            if (!(maxNorm > 0)) throw new IllegalArgumentException("GlobalNorm: maxNorm must be > 0, was " + maxNorm);
        }
    }

    /** Each gradient element clamped to [-limit, limit]. */
    record Value(double limit) implements GradientClipping {
        public Value {
            if (!(limit > 0)) throw new IllegalArgumentException("Value: limit must be > 0, was " + limit);
        }
    }

    static GradientClipping none() {
        return new None();
    }

    static GradientClipping globalNorm(double maxNorm) {
        return new GlobalNorm(maxNorm);
    }

    static GradientClipping value(double limit) {
        return new Value(limit);
    }
}
