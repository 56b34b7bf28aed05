package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Gervill renders real audio. The tests run with the export flag (see the module's pom), so the direct route is the
 * default here; the public route is forced through the package-private constructor.
 */
class SynthesizerWavRendererTest {
    static final Path FLUID_R3 = Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2");

    private static Audio render(SynthesizerWavRenderer r, Score score, Map<String, String> options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.render(score, out, Options.of(options));
        return Audio.parse(out.toByteArray());
    }

    /** Loud enough, and the A4 fundamental stands well above its semitone neighbours. */
    private static void assertSoundsLikeA4(Audio a, double seconds) {
        assertTrue(a.rms(0.2, seconds - 0.2) > 0.005, "not silent: RMS " + a.rms(0.2, seconds - 0.2));
        double at = a.power(440, 0.3, seconds - 0.3);
        double below = a.power(415.3, 0.3, seconds - 0.3), above = a.power(466.2, 0.3, seconds - 0.3);
        assertTrue(at > 10 * below && at > 10 * above, "440 Hz " + at + " vs 415 Hz " + below + " and 466 Hz " + above);
    }

    @Test
    void theTestJvmOpensTheOfflineInterface() {
        assertTrue(SynthesizerWavRenderer.gervillExported(), "surefire should run with " + SynthesizerWavRenderer.EXPORT_FLAG);
    }

    @Test
    void directRouteRendersASustainedA4() throws IOException {
        Audio a = render(new SynthesizerWavRenderer(), TestScores.sustainedA4(2.0), Map.of());
        assertEquals(44_100, a.sampleRate());
        assertEquals(2, a.channels());
        assertEquals(2.0 + 1.5, a.seconds(), 1e-3);
        assertSoundsLikeA4(a, 2.0);
    }

    @Test
    void publicRouteWorksWithoutTheFlagAndConvertsRateAndChannels() throws IOException {
        SynthesizerWavRenderer noFlag = new SynthesizerWavRenderer(() -> false);
        Audio a = render(noFlag, TestScores.sustainedA4(2.0), Map.of("sample-rate", "22050", "channels", "1", "tail", "0.5"));
        assertEquals(22_050, a.sampleRate());
        assertEquals(1, a.channels());
        assertEquals(2.5, a.seconds(), 1e-3);
        assertSoundsLikeA4(a, 2.0);
    }

    @Test
    void soundFontWithoutTheFlagNamesTheFlag() {
        assumeTrue(Files.isRegularFile(FLUID_R3), "no SoundFont at " + FLUID_R3 + " (apt-get install -y fluid-soundfont-gm)");
        SynthesizerWavRenderer noFlag = new SynthesizerWavRenderer(() -> false);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> render(noFlag, TestScores.sustainedA4(1), Map.of("soundfont", FLUID_R3.toString())));
        assertTrue(e.getMessage().contains(SynthesizerWavRenderer.EXPORT_FLAG), e.getMessage());
    }

    @Test
    void soundFontRendersAtTheAskedRate() throws IOException {
        assumeTrue(Files.isRegularFile(FLUID_R3), "no SoundFont at " + FLUID_R3 + " (apt-get install -y fluid-soundfont-gm)");
        Audio a = render(new SynthesizerWavRenderer(), TestScores.sustainedA4(2.0),
                Map.of("soundfont", FLUID_R3.toString(), "sample-rate", "48000"));
        assertEquals(48_000, a.sampleRate());
        assertEquals(3.5, a.seconds(), 1e-3);
        assertSoundsLikeA4(a, 2.0);
    }

    @Test
    void twoPartsWithDrumsAndTempoScale() throws IOException {
        Score s = TestScores.twoPartsWithDrumsSixEight(); // 6 quarters at 100 bpm = 3.6 s
        Audio a = render(new SynthesizerWavRenderer(), s, Map.of("tempo-scale", "2", "tail", "0"));
        assertEquals(1.8, a.seconds(), 1e-3);
        assertTrue(a.rms() > 0.01, "RMS " + a.rms());
    }

    @Test
    void chorale() throws IOException {
        Score chorale = TestScores.chorale("test", 306);
        Audio a = render(new SynthesizerWavRenderer(), chorale, Map.of());
        assertEquals(chorale.seconds(chorale.end()) + 1.5, a.seconds(), 1e-3);
        for (double t = 0; t + 2 < chorale.seconds(chorale.end()); t += 2)
            assertTrue(a.rms(t, t + 2) > 0.005, "silent between " + t + " and " + (t + 2) + " s");
    }

    @Test
    void aFileThatIsNoSoundFontIsNamed(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path fake = Files.writeString(tmp.resolve("fake.sf2"), "not a sound font");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(new SynthesizerWavRenderer(), TestScores.cMajorScale(), Map.of("soundfont", fake.toString())));
        assertTrue(e.getMessage().contains("soundfont") && e.getMessage().contains("fake.sf2"), e.getMessage());
    }

    @Test
    void badOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(new SynthesizerWavRenderer(), TestScores.cMajorScale(), Map.of("soundfont", "/no/such.sf2")));
        assertTrue(e.getMessage().contains("soundfont") && e.getMessage().contains("/no/such.sf2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> render(new SynthesizerWavRenderer(), TestScores.cMajorScale(), Map.of("reverb", "off")));
        assertTrue(e.getMessage().contains("reverb"), e.getMessage());
    }
}
