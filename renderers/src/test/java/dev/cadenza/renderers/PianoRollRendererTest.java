package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PianoRollRendererTest {
    private static BufferedImage render(Score score, Map<String, String> options, String keepAs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PianoRollRenderer().render(score, out, Options.of(options));
        var keep = MuseScoreConversionTest.keepDir();
        if (keep.isPresent() && keepAs != null) Files.write(keep.get().resolve(keepAs + ".png"), out.toByteArray());
        return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void scaleSizeFollowsTheDefaults() throws IOException {
        BufferedImage img = render(TestScores.cMajorScale(), Map.of(), "roll-scale");
        // 8 quarters at 24 px + margins 52; two octaves C4..B5 at 6 px + margins 54
        assertEquals(8 * 24 + 52, img.getWidth());
        assertEquals(24 * 6 + 54, img.getHeight());
        // The first part's colour, blended by velocity 90 over white, fills the notes.
        assertTrue(countNonGrey(img) > 8 * 20 * 3, "notes drawn in colour");
    }

    /** Pixels with a clear hue (not white, grey or black). */
    private static long countNonGrey(BufferedImage img) {
        long n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) n++;
            }
        return n;
    }

    @Test
    void partsHaveTheirOwnColoursAndDrumsTheirLane() throws IOException {
        BufferedImage img = render(TestScores.twoPartsWithDrumsSixEight(), Map.of("pixels-per-quarter", "40"), "roll-six-eight");
        // 3 drum rows below the pitched octaves C2..B5 (48 rows)
        assertEquals(34 + 20 + 10 + 51 * 6, img.getHeight());
        assertTrue(img.getWidth() >= 52 + 6 * 40, "6 quarters at 40 px, or wider for the legend");
        long blue = 0, red = 0, green = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y), r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
                if (b > r + 60 && b > g + 20) blue++;
                if (r > g + 60 && r > b + 60) red++;
                if (g > r + 30 && g > b + 30) green++;
            }
        assertTrue(blue > 500 && red > 500 && green > 200, "flute blue, bass red, drums green: " + blue + " " + red + " " + green);
    }

    @Test
    void widthAndHeightFitTheImage() throws IOException {
        BufferedImage img = render(TestScores.chorale("test", 306), Map.of("width", "1200", "height", "500"), "roll-chorale");
        assertEquals(1200, img.getWidth());
        assertTrue(Math.abs(img.getHeight() - 500) <= 1, "height " + img.getHeight());
    }

    @Test
    void longScoresStayWithinTheDefaultWidth() throws IOException {
        Score chorale = TestScores.chorale("test", 306);
        BufferedImage img = render(chorale.withParts(chorale.parts()), Map.of(), null);
        assertTrue(img.getWidth() <= 4000);
    }

    @Test
    void badSizesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(TestScores.cMajorScale(), Map.of("pixels-per-quarter", "4096"), null));
        assertTrue(e.getMessage().contains("pixels-per-quarter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render(TestScores.cMajorScale(), Map.of("zoom", "2"), null));
        assertTrue(e.getMessage().contains("zoom"), e.getMessage());
    }
}
