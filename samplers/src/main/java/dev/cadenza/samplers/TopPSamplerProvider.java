package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;
import java.util.Set;

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
    public Sampler create(Options options) {
        Options o = options.readBy("sampler '" + name() + "'", Set.of("p", "temperature")).withDefault("p", "0.9");
        return ComposedSamplerProvider.build(o, Map.of("top-p", "p"));
    }
}
