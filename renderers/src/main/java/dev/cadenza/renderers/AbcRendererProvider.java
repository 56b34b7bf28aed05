package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link AbcRenderer} as format "abc". */
public final class AbcRendererProvider implements RendererProvider {
    @Override
    public String format() {
        return AbcRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "ABC text: melodies with chords, chord symbols, key-relative accidentals, one voice per part";
    }

    @Override
    public Renderer create() {
        return new AbcRenderer();
    }
}
