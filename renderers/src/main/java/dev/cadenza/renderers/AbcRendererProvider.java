package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link AbcRenderer} as format "abc". */
public final class AbcRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return AbcRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "ABC text of one part: a melody with chords and chord symbols";
    }

    @Override
    public Renderer create() {
        return new AbcRenderer();
    }
}
