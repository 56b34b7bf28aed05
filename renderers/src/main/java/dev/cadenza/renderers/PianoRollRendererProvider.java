package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link PianoRollRenderer} as format "png". */
public final class PianoRollRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return PianoRollRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "piano-roll PNG: pitch over time, one colour per part, bar lines and C labels";
    }

    @Override
    public Renderer create() {
        return new PianoRollRenderer();
    }
}
