package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Set;


/** The provider of {@link GreedySampler}: "greedy", no options. */
public final class GreedySamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "greedy";
    }

    @Override
    public String description() {
        return "the most likely token (no options)";
    }

    @Override
    public Sampler create(Options options) {
        options.readBy("sampler '" + name() + "'", Set.of());
        return Samplers.greedy();
    }
}
