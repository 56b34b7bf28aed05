package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;

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
    public Sampler create(Map<String, String> options) {
        java.util.Set<String> known = SamplerOptions.keys(ComposedSamplerProvider.SAMPLING, "max-tune-length", "max-text-length");
        new SamplerOptions(name(), options, known); // rejects unknown keys before the grammar switch is added
        known.add("abc-grammar");
        return ComposedSamplerProvider.build(new SamplerOptions(name(), SamplerOptions.withDefault(options, "abc-grammar", "true"), known));
    }
}
