package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link MidiRenderer} as format "midi". */
public final class MidiRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return MidiRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "Standard MIDI File: tempo map, one track per part with its program, drums on channel 10";
    }

    @Override
    public Renderer create() {
        return new MidiRenderer();
    }
}
