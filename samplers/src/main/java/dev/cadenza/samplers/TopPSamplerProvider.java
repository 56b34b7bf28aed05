package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;

/** The provider "top-p" (nucleus): options {@code p} (default 0.9) and {@code temperature} (default 1). */
public final class TopPSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "top-p";
    }

    @Override
    public String description() {
        return "nucleus sampling: draw among the most likely tokens that make up probability p; p=0.9, temperature=1.0";
    }

    @Override
    public Sampler create(Map<String, String> options) {
        SamplerOptions o = new SamplerOptions(name(), SamplerOptions.withDefault(options, "p", "0.9"), java.util.Set.of("p", "temperature"));
        return ComposedSamplerProvider.build(o.rename("p", "top-p"));
    }
}
