package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;
import java.util.Set;

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
    public Sampler create(Options options) {
        Options o = options.readBy("sampler '" + name() + "'", Set.of("penalty", "window", "temperature")).withDefault("penalty", "1.2");
        return ComposedSamplerProvider.build(o, Map.of("repetition-penalty", "penalty", "repetition-window", "window"));
    }
}
