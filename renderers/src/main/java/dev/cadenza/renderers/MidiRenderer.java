package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Set;

/**
 * Writes a score as a format-1 Standard MIDI File through {@link MidiWriter}: the tempo map, time and key signatures,
 * one track per part with its program, and drum parts on channel 10. Options: {@code bpm} and {@code tempo-scale}
 * (as for the audio renderers: they rewrite the tempo map, not the ticks).
 */
public final class MidiRenderer implements Renderer {
    /** The format name this renderer is registered under. */
    public static final String FORMAT = "midi";
    private static final Set<String> OPTIONS = Set.of(Tempi.BPM, Tempi.TEMPO_SCALE);

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "mid";
    }

    @Override
    public void render(Score score, OutputStream out, Options options) throws IOException {
        Options o = options.readBy("the '" + FORMAT + "' renderer", OPTIONS);
        Score timed = o.has(Tempi.BPM) || o.has(Tempi.TEMPO_SCALE) ? Tempi.retimed(score, o) : score;
        MidiWriter.write(timed, out);
    }
}
