package dev.cadenza.spi;

import dev.cadenza.render.Renderer;

/** Makes the renderer of one format ("midi", "wav", "abc", "musicxml", "png"). */
public interface RendererProvider {
    String format();

    String description();

    Renderer create();
}
