package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link SineWaveRenderer} as format "sine-wav". */
public final class SineWaveRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return SineWaveRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "plain sine-wave WAV, one sine per sounding note (the chorale recipe's synthesizer)";
    }

    @Override
    public Renderer create() {
        return new SineWaveRenderer();
    }
}
