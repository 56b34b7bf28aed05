package dev.cadenza.spi;

import dev.cadenza.generate.Sampler;

import java.util.Map;

/** Makes samplers by name with string options (as a command line gives them), e.g. "top-p" with {p=0.9}. */
public interface SamplerProvider {
    String name();

    String description();

    /** Unknown or malformed options are an IllegalArgumentException naming the option. */
    Sampler create(Map<String, String> options);
}
