package dev.cadenza.spi;

import dev.cadenza.generate.Sampler;

/**
 * Makes samplers by name from options in their string form (as a command line gives them), e.g. "top-p" with
 * {@code p=0.9}. Registered in {@code META-INF/services/dev.cadenza.spi.SamplerProvider}. In Java code, the samplers
 * module's typed factories ({@code Samplers}) make the same samplers.
 */
public interface SamplerProvider {
    /**
     * The name samplers are made by, e.g. "greedy", "temperature", "top-k", "top-p".
     *
     * @return the name
     */
    String name();

    /**
     * One sentence for listings, with the options the sampler takes.
     *
     * @return the description
     */
    String description();

    /**
     * Unknown or malformed options are an IllegalArgumentException naming the sampler and the option.
     *
     * @param options the sampler's settings by name, e.g. {@code t=0.8}
     * @return a new sampler
     * @throws IllegalArgumentException when an option is unknown or malformed
     */
    Sampler create(Options options);
}
