package dev.cadenza.renderers;

import dev.cadenza.music.Score;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** MuseScore's own MIDI export of the MusicXML plays the score's notes at the score's times. */
    private void assertMuseScorePlaysTheNotes(Score score, String name) throws Exception {
        Path musescore = ExternalTool.require("musescore3", "musescore3");
        Path xml = tmp.resolve(name + "-play.musicxml"), mid = tmp.resolve(name + "-play.mid");
        new MusicXmlRenderer().render(score, xml);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of("QT_QPA_PLATFORM", "offscreen"), 120,
                musescore.toString(), "-o", mid.toString(), xml.toString());
        assertTrue(r.exitCode() == 0 && Files.isRegularFile(mid), "musescore3 failed (" + r.exitCode() + "):\n" + r.output());
        javax.sound.midi.Sequence seq = javax.sound.midi.MidiSystem.getSequence(mid.toFile());
        java.util.List<String> played = new java.util.ArrayList<>(), expected = new java.util.ArrayList<>();
        for (javax.sound.midi.Track t : seq.getTracks())
            for (int i = 0; i < t.size(); i++)
                if (t.get(i).getMessage() instanceof javax.sound.midi.ShortMessage m
                        && m.getCommand() == javax.sound.midi.ShortMessage.NOTE_ON && m.getData2() > 0)
                    played.add(m.getData1() + "@" + Math.round(96.0 * t.get(i).getTick() / seq.getResolution()) / 96.0);
        for (dev.cadenza.music.Part p : score.parts())
            for (dev.cadenza.music.Note n : p.notes())
                expected.add(n.pitch() + "@" + Math.round(96.0 * n.onset() / score.ticksPerQuarter()) / 96.0);
        java.util.Collections.sort(played);
        java.util.Collections.sort(expected);
        assertEquals(expected, played);
    }

    @Test
    void museScorePlaysWhatWasWritten() throws Exception {
        assertMuseScorePlaysTheNotes(TestScores.twoPartsWithDrumsSixEight(), "six-eight");
        assertMuseScorePlaysTheNotes(TestScores.overlappingVoices(), "voices");
        assertMuseScorePlaysTheNotes(TestScores.chorale("test", 306), "chorale");
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

    /**
     * Issue 12 through MuseScore: the generated chorale engraves without error, MuseScore's MIDI export plays its notes,
     * and MuseScore's own MusicXML export, read back, keeps the key of three sharps and the beat-split rhythms (no note
     * starts off a beat and runs over the next, none is double-dotted).
     */
    @Test
    void aGeneratedChoraleEngravesAsAMusicianWouldWriteIt() throws Exception {
        Score s = TestScores.generatedChorale();
        assertEngraved(convert(s, "generated-chorale"));
        assertMuseScorePlaysTheNotes(s, "generated-chorale");
        Path musescore = ExternalTool.require("musescore3", "musescore3");
        Path xml = tmp.resolve("generated-in.musicxml"), back = tmp.resolve("generated-back.musicxml");
        new MusicXmlRenderer().render(s, xml);
        ExternalTool.Result r = ExternalTool.run(tmp, Map.of("QT_QPA_PLATFORM", "offscreen"), 120,
                musescore.toString(), "-o", back.toString(), xml.toString());
        assertTrue(r.exitCode() == 0 && Files.isRegularFile(back), "musescore3 failed (" + r.exitCode() + "):\n" + r.output());
        MusicXmlCheck read = new MusicXmlCheck(Files.readAllBytes(back));
        assertEquals("3", read.doc.getElementsByTagName("fifths").item(0).getTextContent());
        assertEquals(List.of(), MusicXmlRendererTest.beatsHidden(read.doc));
        org.w3c.dom.NodeList notes = read.doc.getElementsByTagName("note");
        for (int i = 0; i < notes.getLength(); i++)
            assertTrue(((org.w3c.dom.Element) notes.item(i)).getElementsByTagName("dot").getLength() <= 1, "a double-dotted note");
        assertEquals(MusicXmlRendererTest.expected(s), read.parts);
    }
}
