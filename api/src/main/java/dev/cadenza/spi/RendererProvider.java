package dev.cadenza.spi;

import dev.cadenza.render.Renderer;

/**
 * Makes the renderer of one format, by name ("midi", "wav", "abc", "musicxml", "png"). Registered in
 * {@code META-INF/services/dev.cadenza.spi.RendererProvider}.
 */
public interface RendererProvider {
    /**
     * The renderer's name, which is also its format name.
     *
     * @return the name, e.g. "midi"
     */
    String name();

    /**
     * One sentence for listings, e.g. what the output holds and which tools open it.
     *
     * @return the description
     */
    String description();

    /**
     * A renderer of this format.
     *
     * @return a new renderer
     */
    Renderer create();
}
