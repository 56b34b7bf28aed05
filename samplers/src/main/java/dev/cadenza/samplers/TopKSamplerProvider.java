package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;
import java.util.Set;

/** The provider "top-k": options {@code k} (default 40) and {@code temperature} (default 1). */
public final class TopKSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "top-k";
    }

    @Override
    public String description() {
        return "draw among the k most likely tokens; k=40, temperature=1.0";
    }

    @Override
    public Sampler create(Options options) {
        Options o = options.readBy("sampler '" + name() + "'", Set.of("k", "temperature")).withDefault("k", "40");
        return ComposedSamplerProvider.build(o, Map.of("top-k", "k"));
    }
}
