package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SineWaveRendererTest {
    private static Audio render(Score score, Map<String, String> options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SineWaveRenderer().render(score, out, Options.of(options));
        return Audio.parse(out.toByteArray());
    }

    @Test
    void sustainedA4HasTheExpectedLengthLoudnessAndPitch() throws IOException {
        Audio a = render(TestScores.sustainedA4(2.0), Map.of());
        assertEquals(44_100, a.sampleRate());
        assertEquals(1, a.channels());
        assertEquals(2.0, a.seconds(), 1e-3);
        // amplitude 0.1 sine: RMS 0.1/sqrt(2)
        assertEquals(0.1 / Math.sqrt(2), a.rms(0.1, 1.9), 2e-3);
        double atA = a.power(440, 0.2, 1.8);
        for (double other : new double[] {415.3, 466.2, 220, 880})
            assertTrue(atA > 100 * a.power(other, 0.2, 1.8), "energy at 440 Hz should dominate " + other + " Hz");
    }

    @Test
    void sampleRateAndTempoOptionsChangeTheLength() throws IOException {
        Score scale = TestScores.cMajorScale(); // 8 quarters at 120 bpm = 4 s
        assertEquals(4.0, render(scale, Map.of()).seconds(), 1e-3);
        Audio fast = render(scale, Map.of("tempo-scale", "2", "sample-rate", "22050"));
        assertEquals(22_050, fast.sampleRate());
        assertEquals(2.0, fast.seconds(), 1e-3);
        assertEquals(3.0, render(scale, Map.of("bpm", "160")).seconds(), 1e-3); // the seed's tempo
    }

    @Test
    void chordsNeverClipAndDrumsAreSilent() throws IOException {
        Audio chords = render(TestScores.chordsInThreeFour(), Map.of("amplitude", "1"));
        double peak = 0;
        for (double s : chords.mono()) peak = Math.max(peak, Math.abs(s));
        assertTrue(peak <= 1.0 && peak > 0.3, "peak " + peak);
        Part drums = new Part("Drums", 0, Part.DRUM_CHANNEL, true, List.of(new Note(36, 100, 0, 480)), List.of(), List.of());
        Audio silent = render(Score.of("d", 480, 120, new TimeSignature(0, 4, 4), List.of(drums)), Map.of());
        assertEquals(0.5, silent.seconds(), 1e-3);
        assertEquals(0.0, silent.rms());
    }

    @Test
    void unknownAndMalformedOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(TestScores.cMajorScale(), Map.of("samplerate", "8000")));
        assertTrue(e.getMessage().contains("samplerate") && e.getMessage().contains("sample-rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render(TestScores.cMajorScale(), Map.of("tempo-scale", "0")));
        assertTrue(e.getMessage().contains("tempo-scale"), e.getMessage());
    }
}
