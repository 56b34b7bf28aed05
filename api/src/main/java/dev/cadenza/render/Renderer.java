package dev.cadenza.render;

import dev.cadenza.io.AtomicFile;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes a {@link Score} in one format (MIDI, WAV, ABC, MusicXML, PNG piano roll...). */
public interface Renderer {
    /** Format name, e.g. "midi". */
    String format();

    /** File extension without the dot, e.g. "mid". */
    String extension();

    /**
     * Writes the score to {@code out} (not closed). The options are the string form ({@code -O key=value} on the
     * command line); an unknown key or a malformed value is an IllegalArgumentException naming the renderer and the
     * option.
     */
    void render(Score score, OutputStream out, Options options) throws IOException;

    /** Writes to a file atomically: a temporary file beside it, then a rename. */
    default void render(Score score, Path file, Options options) throws IOException {
        AtomicFile.write(file, out -> render(score, out, options));
    }

    default void render(Score score, Path file) throws IOException {
        render(score, file, Options.none());
    }
}
