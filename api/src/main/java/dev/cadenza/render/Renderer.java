package dev.cadenza.render;

import dev.cadenza.io.AtomicFile;
import dev.cadenza.music.Score;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;

/** Writes a {@link Score} in one format (MIDI, WAV, ABC, MusicXML, PNG piano roll...). */
public interface Renderer {
    /** Format name, e.g. "midi". */
    String format();

    /** File extension without the dot, e.g. "mid". */
    String extension();

    /** Writes the score to {@code out} (not closed). Unknown option keys are an IllegalArgumentException. */
    void render(Score score, OutputStream out, Map<String, String> options) throws IOException;

    /** Writes to a file atomically: a temporary file beside it, then a rename. */
    default void render(Score score, Path file, Map<String, String> options) throws IOException {
        AtomicFile.write(file, out -> render(score, out, options));
    }

    default void render(Score score, Path file) throws IOException {
        render(score, file, Map.of());
    }
}
