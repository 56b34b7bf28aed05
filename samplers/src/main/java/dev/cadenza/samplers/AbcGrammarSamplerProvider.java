package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Set;


/** The provider "abc-grammar": the {@link AbcGrammar} constraint, then the composed sampler's sampling options. */
public final class AbcGrammarSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "abc-grammar";
    }

    @Override
    public String description() {
        return "for abc-char models: only characters that keep the tune valid ABC; max-tune-length=800, max-text-length=80, plus temperature, top-k, top-p, repetition-penalty, repetition-window";
    }

    @Override
    public Sampler create(Options options) {
        Set<String> known = new java.util.HashSet<>(ComposedSamplerProvider.SAMPLING);
        known.addAll(Set.of("max-tune-length", "max-text-length"));
        return ComposedSamplerProvider.build(options.readBy("sampler '" + name() + "'", known).withDefault("abc-grammar", "true"));
    }
}
