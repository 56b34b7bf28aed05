package dev.cadenza.spi;

import dev.cadenza.generate.Sampler;

/**
 * Makes samplers by name from options in their string form (as a command line gives them), e.g. "top-p" with
 * {@code p=0.9}. Registered in {@code META-INF/services/dev.cadenza.spi.SamplerProvider}. In Java code, the samplers
 * module's typed factories ({@code Samplers}) make the same samplers.
 */
public interface SamplerProvider {
    String name();

    String description();

    /** Unknown or malformed options are an IllegalArgumentException naming the sampler and the option. */
    Sampler create(Options options);
}
