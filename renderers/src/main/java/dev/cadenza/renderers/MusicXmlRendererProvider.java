package dev.cadenza.renderers;

import dev.cadenza.render.Renderer;
import dev.cadenza.spi.RendererProvider;

/** Registers {@link MusicXmlRenderer} as format "musicxml". */
public final class MusicXmlRendererProvider implements RendererProvider {
    @Override
    public String name() {
        return MusicXmlRenderer.FORMAT;
    }

    @Override
    public String description() {
        return "partwise MusicXML: parts, measures, ties, rests, voices, key and time signatures, tempo";
    }

    @Override
    public Renderer create() {
        return new MusicXmlRenderer();
    }
}
