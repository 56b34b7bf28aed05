package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Map;
import java.util.Set;

/** The provider "pitch-range": a {@link PitchMask#range} constraint, then a draw. */
public final class PitchRangeSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "pitch-range";
    }

    @Override
    public String description() {
        return "for note-chord or chorale models: only tokens whose pitches lie in low..high; low, high (MIDI), temperature";
    }

    @Override
    public Sampler create(Options options) {
        Options o = options.readBy("sampler '" + name() + "'", Set.of("low", "high", "temperature"));
        if (!o.has("low") && !o.has("high")) throw new IllegalArgumentException("sampler 'pitch-range' needs option low or high (MIDI pitches)");
        return ComposedSamplerProvider.build(o, Map.of("pitch-low", "low", "pitch-high", "high"));
    }
}
