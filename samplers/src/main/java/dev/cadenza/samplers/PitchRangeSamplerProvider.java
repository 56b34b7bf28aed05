package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;

/** The provider "pitch-range": a {@link PitchMask#range} constraint, then a draw. */
public final class PitchRangeSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "pitch-range";
    }

    @Override
    public String description() {
        return "for note-chord or chorale models: only tokens whose pitches lie in low..high; low, high (MIDI), tokens=note-chord|chorale, temperature";
    }

    @Override
    public Sampler create(Map<String, String> options) {
        SamplerOptions o = new SamplerOptions(name(), options, java.util.Set.of("low", "high", "tokens", "temperature"));
        if (!o.has("low") && !o.has("high")) throw new IllegalArgumentException("sampler 'pitch-range' needs option low or high (MIDI pitches)");
        return ComposedSamplerProvider.build(o.rename("low", "pitch-low").rename("high", "pitch-high"));
    }
}
