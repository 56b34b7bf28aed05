package dev.cadenza.renderers;

import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Writes a score as ABC text (one tune, UTF-8) for folk-tune tools such as abc2midi and abcm2ps: melodies with chords
 * and chord symbols; see {@link AbcText} for how parts, overlaps and accidentals are written. No options.
 */
public final class AbcRenderer implements Renderer {
    public static final String FORMAT = "abc";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "abc";
    }

    @Override
    public void render(Score score, OutputStream out, Map<String, String> options) throws IOException {
        RenderOptions.of(FORMAT, options, Set.of());
        out.write(AbcText.write(score).getBytes(StandardCharsets.UTF_8));
    }
}
