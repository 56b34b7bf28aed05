package dev.cadenza.model;

/** The learning rate as a function of the optimizer step (0-based, before the step is taken). */
public sealed interface LearningRateSchedule permits LearningRateSchedule.Constant, LearningRateSchedule.StepDecay,
        LearningRateSchedule.ExponentialDecay, LearningRateSchedule.InverseTimeDecay {

    /**
     * The learning rate of one step.
     *
     * @param base the optimizer's learning rate
     * @param step the number of optimizer steps already taken, {@code >= 0}
     * @return the rate to use for this step
     */
    double rate(double base, long step);

    /** The base rate at every step. */
    record Constant() implements LearningRateSchedule {
        public double rate(double base, long step) {
            return base;
        }
    }

    /**
     * base * factor^floor(step / every).
     *
     * @param every steps between decays, {@code > 0}
     * @param factor the multiplier at each decay, e.g. 0.5 to halve
     */
    record StepDecay(long every, double factor) implements LearningRateSchedule {
        /**
         * Checks the interval.
         *
         * @param every {@code > 0}
         * @param factor the multiplier at each decay
         * @throws IllegalArgumentException when {@code every} is not positive
         */
        public StepDecay {
            if (every <= 0) throw new IllegalArgumentException("StepDecay: every must be > 0, was " + every);
        }

        public double rate(double base, long step) {
            return base * Math.pow(factor, Math.floorDiv(step, every));
        }
    }

    /**
     * base * rate^(step / decaySteps), continuous.
     *
     * @param decaySteps the steps over which the rate is multiplied by {@code decayRate} once, {@code > 0}
     * @param decayRate the multiplier per {@code decaySteps} steps, e.g. 0.96
     */
    record ExponentialDecay(long decaySteps, double decayRate) implements LearningRateSchedule {
        /**
         * Checks the decay length.
         *
         * @param decaySteps {@code > 0}
         * @param decayRate the multiplier per {@code decaySteps} steps
         * @throws IllegalArgumentException when {@code decaySteps} is not positive
         */
        public ExponentialDecay {
            if (decaySteps <= 0) throw new IllegalArgumentException("ExponentialDecay: decaySteps must be > 0, was " + decaySteps);
        }

        public double rate(double base, long step) {
            return base * Math.pow(decayRate, (double) step / decaySteps);
        }
    }

    /**
     * base / (1 + decay * step): Keras' legacy {@code decay} argument (the jazz seed's Adam(decay=0.01)).
     *
     * @param decay the per-step decay, {@code >= 0} for a rate that does not grow
     */
    record InverseTimeDecay(double decay) implements LearningRateSchedule {
        public double rate(double base, long step) {
            return base / (1 + decay * step);
        }
    }

    /**
     * The constant schedule, the default of {@link TrainingConfig}.
     *
     * @return the schedule
     */
    static LearningRateSchedule constant() {
        return new Constant();
    }
}
