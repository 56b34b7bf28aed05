package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;

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
    public Sampler create(Map<String, String> options) {
        SamplerOptions o = new SamplerOptions(name(), SamplerOptions.withDefault(options, "k", "40"), java.util.Set.of("k", "temperature"));
        return ComposedSamplerProvider.build(o.rename("k", "top-k"));
    }
}
