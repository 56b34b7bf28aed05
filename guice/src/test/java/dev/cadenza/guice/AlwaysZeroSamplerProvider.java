package dev.cadenza.guice;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;

/** A user-written sampler registered through META-INF/services in this module's test resources. */
public final class AlwaysZeroSamplerProvider implements SamplerProvider {
    public String name() {
        return "always-zero";
    }

    public String description() {
        return "test: always token 0";
    }

    public Sampler create(dev.cadenza.spi.Options options) {
        return (logits, context) -> 0;
    }
}
