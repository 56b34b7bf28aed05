package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;

/** The provider "repetition-penalty": options {@code penalty} (1.2), {@code window} (64 tokens), {@code temperature} (1). */
public final class RepetitionPenaltySamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "repetition-penalty";
    }

    @Override
    public String description() {
        return "CTRL repetition penalty on the last window tokens, then a draw; penalty=1.2, window=64, temperature=1.0";
    }

    @Override
    public Sampler create(Map<String, String> options) {
        SamplerOptions o = new SamplerOptions(name(), SamplerOptions.withDefault(options, "penalty", "1.2"), java.util.Set.of("penalty", "window", "temperature"));
        return ComposedSamplerProvider.build(o.rename("penalty", "repetition-penalty").rename("window", "repetition-window"));
    }
}
