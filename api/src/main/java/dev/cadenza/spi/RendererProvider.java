package dev.cadenza.spi;

import dev.cadenza.render.Renderer;

/**
 * Makes the renderer of one format, by name ("midi", "wav", "abc", "musicxml", "png"). Registered in
 * {@code META-INF/services/dev.cadenza.spi.RendererProvider}.
 */
public interface RendererProvider {
    /** The renderer's name, which is also its format name. */
    String name();

    String description();

    Renderer create();
}
