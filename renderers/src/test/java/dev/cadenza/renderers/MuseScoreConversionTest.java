package dev.cadenza.renderers;

import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MuseScore 3 opens the MusicXML and engraves it to PNG, headless. Skipped when musescore3 is not installed. Set
 * {@code -Dcadenza.renderers.keep=DIR} to keep the files for looking at them.
 */
class MuseScoreConversionTest {
    @TempDir
    Path tmp;

    private Path convert(Score score, String name) throws Exception {
        Path musescore = ExternalTool.require("musescore3", "musescore3");
        Path dir = keepDir().orElse(tmp);
        Path xml = dir.resolve(name + ".musicxml");
        new MusicXmlRenderer().render(score, xml);
        Path png = dir.resolve(name + ".png");
        ExternalTool.Result r = ExternalTool.run(dir, Map.of("QT_QPA_PLATFORM", "offscreen"), 120,
                musescore.toString(), "-o", png.toString(), xml.toString());
        Path page = dir.resolve(name + "-1.png");
        assertTrue(r.exitCode() == 0 && Files.isRegularFile(page), "musescore3 failed (" + r.exitCode() + "):\n" + r.output());
        return page;
    }

    static java.util.Optional<Path> keepDir() throws IOException {
        String keep = System.getProperty("cadenza.renderers.keep");
        if (keep == null || keep.isBlank()) return java.util.Optional.empty();
        return java.util.Optional.of(Files.createDirectories(Path.of(keep)));
    }

    /** A page with ink on it: some dark pixels, but mostly paper. */
    private static void assertEngraved(Path page) throws IOException {
        BufferedImage img = ImageIO.read(page.toFile());
        assertNotNull(img, "not an image: " + page);
        long dark = 0, all = (long) img.getWidth() * img.getHeight();
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y), a = rgb >>> 24;
                int lum = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3;
                if (a > 128 && lum < 100) dark++;
            }
        assertTrue(dark > 2000 && dark < all / 4, "page looks empty or black: " + dark + " dark pixels of " + all);
    }

    @Test
    void twoPartsWithDrumsInSixEight() throws Exception {
        assertEngraved(convert(TestScores.twoPartsWithDrumsSixEight(), "six-eight"));
    }

    @Test
    void voicesAndChords() throws Exception {
        assertEngraved(convert(TestScores.overlappingVoices(), "voices"));
        assertEngraved(convert(TestScores.chordsInThreeFour(), "chords"));
    }

    @Test
    void bachChorale() throws Exception {
        Path page = convert(TestScores.chorale("test", 306), "chorale");
        assertEngraved(page);
        assertEquals(true, Files.size(page) > 10_000);
    }
}
