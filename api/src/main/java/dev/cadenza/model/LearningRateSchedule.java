package dev.cadenza.model;

/** The learning rate as a function of the optimizer step (0-based, before the step is taken). */
public sealed interface LearningRateSchedule permits LearningRateSchedule.Constant, LearningRateSchedule.StepDecay,
        LearningRateSchedule.ExponentialDecay, LearningRateSchedule.InverseTimeDecay {

    double rate(double base, long step);

    record Constant() implements LearningRateSchedule {
        public double rate(double base, long step) {
            return base;
        }
    }

    /** base * factor^floor(step / every). */
    record StepDecay(long every, double factor) implements LearningRateSchedule {
        public StepDecay {
            if (every <= 0) throw new IllegalArgumentException("StepDecay: every must be > 0, was " + every);
        }

        public double rate(double base, long step) {
            return base * Math.pow(factor, Math.floorDiv(step, every));
        }
    }

    /** base * rate^(step / decaySteps), continuous. */
    record ExponentialDecay(long decaySteps, double decayRate) implements LearningRateSchedule {
        public ExponentialDecay {
            if (decaySteps <= 0) throw new IllegalArgumentException("ExponentialDecay: decaySteps must be > 0, was " + decaySteps);
        }

        public double rate(double base, long step) {
            return base * Math.pow(decayRate, (double) step / decaySteps);
        }
    }

    /** base / (1 + decay * step): Keras' legacy {@code decay} argument (the jazz seed's Adam(decay=0.01)). */
    record InverseTimeDecay(double decay) implements LearningRateSchedule {
        public double rate(double base, long step) {
            return base / (1 + decay * step);
        }
    }

    static LearningRateSchedule constant() {
        return new Constant();
    }
}
