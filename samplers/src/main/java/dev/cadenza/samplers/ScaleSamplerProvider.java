package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.Set;


/** The provider "scale": a {@link PitchMask#scale} key/scale constraint, then a draw. */
public final class ScaleSamplerProvider implements SamplerProvider {
    @Override
    public String name() {
        return "scale";
    }

    @Override
    public String description() {
        return "for note-chord or chorale models: only tokens whose pitches are in the scale of a key; "
                + "key (e.g. G, Em, A dorian), temperature";
    }

    @Override
    public Sampler create(Options options) {
        Options o = options.readBy("sampler '" + name() + "'", Set.of("key", "temperature"));
        if (!o.has("key")) throw new IllegalArgumentException("sampler 'scale' needs option key, e.g. key=G or key=A dorian");
        return ComposedSamplerProvider.build(o);
    }
}
