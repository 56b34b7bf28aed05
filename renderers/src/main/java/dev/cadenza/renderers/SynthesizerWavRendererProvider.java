package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link SynthesizerWavRenderer} as format "wav". */
public final class SynthesizerWavRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return SynthesizerWavRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "WAV through Java Sound's software synthesizer (Gervill), offline, with an optional SoundFont";
    }

    @Override
    public Renderer create() {
        return new SynthesizerWavRenderer();
    }
}
