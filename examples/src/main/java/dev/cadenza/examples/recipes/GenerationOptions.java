package dev.cadenza.examples.recipes;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the user asked of generation.
 *
 * @param sampler sampler name (a provider of the samplers module)
 * @param samplerOptions the sampler's options in their string form; copied
 * @param length tokens to generate per piece (0: the recipe's default)
 * @param pieces number of pieces
 * @param seed the random seed of sampling (and of the primer choice)
 * @param primer recipe-specific primer text (ABC fragment, tokens separated by spaces), or null
 * @param primerFile a music file read through the model's tokenizer (.mid, .abc, chorale .csv) as the primer, or null
 * @param beam beam width for beam search instead of sampling (0: sample)
 * @param chords a chord chart to improvise over, as chord symbols ({@code "G D7 | G C"}, see the recipes that read it), or null
 * @param chordsFile a file whose chords are the chart to improvise over (.abc chord symbols, .mid accompaniment), or null
 */
public record GenerationOptions(String sampler, Map<String, String> samplerOptions, int length, int pieces, long seed, String primer,
                                Path primerFile, int beam, String chords, Path chordsFile) {
    /**
     * Copies the sampler options and checks the counts and the either-or options.
     *
     * @param sampler the sampler's name
     * @param samplerOptions its options
     * @param length tokens per piece, {@code >= 0}
     * @param pieces {@code > 0}
     * @param seed the seed
     * @param primer or null
     * @param primerFile or null, not with {@code primer}
     * @param beam {@code >= 0}
     * @param chords or null
     * @param chordsFile or null, not with {@code chords}
     * @throws IllegalArgumentException when a count is out of range or both of an either-or pair are given
     */
    public GenerationOptions {
        samplerOptions = Map.copyOf(samplerOptions);
        if (pieces <= 0) throw new IllegalArgumentException("pieces must be > 0, was " + pieces);
        if (length < 0) throw new IllegalArgumentException("length must be >= 0, was " + length);
        if (beam < 0) throw new IllegalArgumentException("beam width must be >= 0, was " + beam);
        if (primer != null && primerFile != null) throw new IllegalArgumentException("give --primer or --primer-file, not both");
        if (chords != null && chordsFile != null) throw new IllegalArgumentException("give --chords or --chords-file, not both");
    }

    /**
     * Options without a chord chart (the recipes that improvise over chords then use their own).
     *
     * @param sampler the sampler's name
     * @param samplerOptions its options
     * @param length tokens per piece, 0 for the recipe's default
     * @param pieces {@code > 0}
     * @param seed the seed
     * @param primer or null
     * @param primerFile or null, not with {@code primer}
     * @param beam beam width, 0 to sample
     */
    public GenerationOptions(String sampler, Map<String, String> samplerOptions, int length, int pieces, long seed, String primer,
                             Path primerFile, int beam) {
        this(sampler, samplerOptions, length, pieces, seed, primer, primerFile, beam, null, null);
    }

    /**
     * Sampling with the given sampler, no primer, no beam.
     *
     * @param sampler the sampler's name
     * @param samplerOptions its options
     * @param length tokens per piece, 0 for the recipe's default
     * @param pieces {@code > 0}
     * @param seed the seed
     * @return the options
     */
    public static GenerationOptions sampling(String sampler, Map<String, String> samplerOptions, int length, int pieces, long seed) {
        return new GenerationOptions(sampler, samplerOptions, length, pieces, seed, null, null, 0);
    }
}
