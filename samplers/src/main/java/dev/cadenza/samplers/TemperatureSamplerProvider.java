package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Set;


/** The provider "temperature": a draw from softmax(logits / temperature), option {@code temperature} (default 1; 0 is greedy). */
public final class TemperatureSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "temperature";
    }

    @Override
    public String description() {
        return "softmax(logits / temperature) draw; temperature=1.0 by default, 0 is greedy";
    }

    @Override
    public Sampler create(Options options) {
        return ComposedSamplerProvider.build(options.readBy("sampler '" + name() + "'", Set.of("temperature")));
    }
}
