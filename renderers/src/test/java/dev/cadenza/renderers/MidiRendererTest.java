package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MIDI file read back by Java Sound, then played by timidity and fluidsynth into WAVs of the right length. */
class MidiRendererTest {
    @TempDir
    Path tmp;

    private static byte[] render(Score score, Map<String, String> options) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MidiRenderer().render(score, out, Options.of(options));
        return out.toByteArray();
    }

    @Test
    void javaSoundReadsTempoProgramsAndDrumChannel() throws Exception {
        Score s = TestScores.twoPartsWithDrumsSixEight();
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(render(s, Map.of())));
        assertEquals(480, seq.getResolution());
        assertEquals(s.seconds(s.end()) * 1e6, seq.getMicrosecondLength(), 2e3);
        Set<String> programs = new HashSet<>();
        int drumNotes = 0;
        for (Track t : seq.getTracks())
            for (int i = 0; i < t.size(); i++) {
                MidiEvent e = t.get(i);
                if (e.getMessage() instanceof ShortMessage m) {
                    if (m.getCommand() == ShortMessage.PROGRAM_CHANGE) programs.add(m.getChannel() + ":" + m.getData1());
                    if (m.getCommand() == ShortMessage.NOTE_ON && m.getData2() > 0 && m.getChannel() == 9) drumNotes++;
                }
            }
        assertTrue(programs.contains("0:73") && programs.contains("1:32"), "flute and bass programs: " + programs);
        assertEquals(s.parts().get(2).notes().size(), drumNotes);
        Sequence fast = MidiSystem.getSequence(new ByteArrayInputStream(render(s, Map.of("tempo-scale", "2"))));
        assertEquals(seq.getMicrosecondLength() / 2.0, fast.getMicrosecondLength(), 2e3);
    }

    @Test
    void unknownOptionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(TestScores.cMajorScale(), Map.of("format", "0")));
        assertTrue(e.getMessage().contains("format"), e.getMessage());
    }

    /** A played WAV is at least as long as the music and has sound in it. */
    private static void assertPlayed(Path wav, double musicSeconds) throws Exception {
        assertTrue(Files.isRegularFile(wav), "no WAV written");
        Audio a = Audio.parse(Files.readAllBytes(wav));
        assertTrue(a.seconds() >= musicSeconds - 0.05 && a.seconds() <= musicSeconds + 5,
                "length " + a.seconds() + " s for " + musicSeconds + " s of music");
        assertTrue(a.rms(0, musicSeconds) > 0.003, "silent: RMS " + a.rms(0, musicSeconds));
    }

    @Test
    void timidityPlaysIt() throws Exception {
        Path timidity = ExternalTool.require("timidity", "timidity");
        Score s = TestScores.chorale("test", 306);
        Path mid = tmp.resolve("chorale.mid"), wav = tmp.resolve("chorale.wav");
        new MidiRenderer().render(s, mid);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of(), 120, timidity.toString(), "-Ow", "-o", wav.toString(), mid.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertPlayed(wav, s.seconds(s.end()));
    }

    @Test
    void fluidsynthPlaysTheDrumPiece() throws Exception {
        Path fluidsynth = ExternalTool.require("fluidsynth", "fluidsynth");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(SynthesizerWavRendererTest.FLUID_R3),
                "no SoundFont at " + SynthesizerWavRendererTest.FLUID_R3 + " (apt-get install -y fluid-soundfont-gm)");
        Score s = TestScores.twoPartsWithDrumsSixEight();
        Path mid = tmp.resolve("drums.mid"), wav = tmp.resolve("drums.wav");
        new MidiRenderer().render(s, mid);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of(), 120, fluidsynth.toString(), "-ni", "-g", "1.0", "-F",
                wav.toString(), "-r", "44100", SynthesizerWavRendererTest.FLUID_R3.toString(), mid.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertPlayed(wav, s.seconds(s.end()));
    }
}
