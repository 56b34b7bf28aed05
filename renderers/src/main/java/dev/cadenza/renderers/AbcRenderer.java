package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.formats.abc.AbcWriter;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Writes a score as an ABC tune (UTF-8) through {@link AbcWriter}: one voice per pitched part (or one part alone), as a
 * musician writes it, for ABC tools such as abc2midi and abcm2ps.
 * <p>
 * Options: {@code part} (which pitched part alone, counting from 0 and skipping drum parts; default: every part, one
 * voice each),
 * {@code bars-per-line} (default 4), {@code reference-number} (the {@code X:} field, default 1) and {@code quantize}
 * (as for "musicxml": a grid of 4, 8, 12, 16, 24, 32, 48 or 64 notes per whole note that starts and ends are rounded
 * to, for performed MIDI; none by default).
 */
public final class AbcRenderer implements Renderer {
    /** The format name this renderer is registered under. */
    public static final String FORMAT = "abc";
    private static final Set<String> OPTIONS = Set.of("part", "bars-per-line", "reference-number", "quantize");

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "abc";
    }

    @Override
    public void render(Score score, OutputStream out, Options options) throws IOException {
        Options o = options.readBy("the '" + FORMAT + "' renderer", OPTIONS);
        long pitched = score.parts().stream().filter(p -> !p.drums()).count();
        int part = o.has("part") ? o.integer("part", 0, 0, Math.max(0, (int) pitched - 1)) : AbcWriter.Options.ALL_PARTS;
        String grid = o.choice("quantize", "0", Set.of("4", "8", "12", "16", "24", "32", "48", "64"));
        AbcWriter.Options abc = new AbcWriter.Options(o.integer("reference-number", 1, 1, Integer.MAX_VALUE),
                o.integer("bars-per-line", 4, 1, 1000), part, Integer.parseInt(grid) / 4);
        out.write(AbcWriter.write(score, abc).getBytes(StandardCharsets.UTF_8));
    }
}
