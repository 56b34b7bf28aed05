package dev.cadenza.render;

import dev.cadenza.io.AtomicFile;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes a {@link Score} in one format (MIDI, WAV, ABC, MusicXML, PNG piano roll...). */
public interface Renderer {
    /**
     * Format name, e.g. "midi".
     *
     * @return the format name, as its provider's name
     */
    String format();

    /**
     * File extension without the dot, e.g. "mid".
     *
     * @return the extension
     */
    String extension();

    /**
     * Writes the score to {@code out} (not closed). The options are the string form ({@code -O key=value} on the
     * command line); an unknown key or a malformed value is an IllegalArgumentException naming the renderer and the
     * option.
     *
     * @param score the music to write
     * @param out where the bytes go; not closed
     * @param options the renderer's settings (tempo, instrument, sample rate...), or {@link Options#none()}
     * @throws IOException when the stream fails
     * @throws IllegalArgumentException when an option is unknown or malformed, or the score cannot be written in this
     * format
     */
    void render(Score score, OutputStream out, Options options) throws IOException;

    /**
     * Writes to a file atomically: a temporary file beside it, then a rename.
     *
     * @param score the music to write
     * @param file the target file; its folder is created when missing, and an existing file is replaced
     * @param options the renderer's settings
     * @throws IOException when the file cannot be written; the old file, if any, is left as it was
     * @throws IllegalArgumentException when an option is unknown or malformed
     */
    default void render(Score score, Path file, Options options) throws IOException {
        AtomicFile.write(file, out -> render(score, out, options));
    }

    /**
     * Writes to a file atomically with the default options.
     *
     * @param score the music to write
     * @param file the target file
     * @throws IOException when the file cannot be written
     */
    default void render(Score score, Path file) throws IOException {
        render(score, file, Options.none());
    }
}
