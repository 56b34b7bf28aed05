package dev.cadenza.samplers;

import dev.cadenza.generate.SamplingContext;

/** Divides the logits by a temperature: below 1 sharpens the distribution, above 1 flattens it. */
public final class TemperatureProcessor implements LogitProcessor {
    private final double temperature;

    /**
     * A processor dividing by {@code temperature}.
     *
     * @param temperature strictly positive and finite (temperature 0 is greedy picking, see {@link Samplers#temperatureSampler})
     * @throws IllegalArgumentException when it is not
     */
    public TemperatureProcessor(double temperature) {
        if (!(temperature > 0) || Double.isInfinite(temperature))
            throw new IllegalArgumentException("temperature must be > 0 and finite, was " + temperature);
        this.temperature = temperature;
    }

    /**
     * The divisor of the logits.
     *
     * @return the temperature, {@code > 0}
     */
    public double temperature() {
        return temperature;
    }

    @Override
    public void process(float[] logits, SamplingContext context) {
        if (temperature == 1.0) return;
        for (int i = 0; i < logits.length; i++) logits[i] = (float) (logits[i] / temperature);
    }

    @Override
    public String toString() {
        return "temperature=" + temperature;
    }
}
