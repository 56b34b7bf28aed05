package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.testkit.RealCorpus;
import dev.cadenza.corpus.Corpus;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.formats.midi.MidiReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MusicXmlRendererTest {
    static byte[] render(Score score, Map<String, String> options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MusicXmlRenderer().render(score, out, Options.of(options));
        return out.toByteArray();
    }

    /**
     * The score's pitched notes per part in quarters, sorted as the check sorts them; a pitch struck twice at one
     * onset counts once, with the longer length, as the writer documents.
     */
    static List<List<MusicXmlCheck.Sounding>> expected(Score score) {
        List<List<MusicXmlCheck.Sounding>> out = new ArrayList<>();
        for (Part p : score.parts()) {
            List<MusicXmlCheck.Sounding> notes = new ArrayList<>();
            Map<String, Long> longest = new java.util.LinkedHashMap<>();
            if (!p.drums()) for (Note n : p.notes()) longest.merge(n.pitch() + "@" + n.onset(), n.duration(), Math::max);
            for (var e : longest.entrySet()) {
                String[] key = e.getKey().split("@");
                notes.add(new MusicXmlCheck.Sounding(Integer.parseInt(key[0]), Long.parseLong(key[1]) / (double) score.ticksPerQuarter(),
                        e.getValue() / (double) score.ticksPerQuarter()));
            }
            notes.sort((a, b) -> a.onset() != b.onset() ? Double.compare(a.onset(), b.onset()) : Integer.compare(a.pitch(), b.pitch()));
            out.add(notes);
        }
        return out;
    }

    private static MusicXmlCheck roundTrip(Score score) throws Exception {
        MusicXmlCheck check = new MusicXmlCheck(render(score, Map.of()));
        assertEquals(expected(score), check.parts);
        return check;
    }

    @Test
    void scaleIsTwoBarsOfQuarters() throws Exception {
        MusicXmlCheck c = roundTrip(TestScores.cMajorScale());
        assertEquals(List.of(2), c.measuresPerPart);
        assertEquals("1", c.doc.getElementsByTagName("divisions").item(0).getTextContent());
        NodeList types = c.doc.getElementsByTagName("type");
        for (int i = 0; i < types.getLength(); i++) assertEquals("quarter", types.item(i).getTextContent());
        assertEquals("1", MusicXmlCheck.text((Element) c.doc.getElementsByTagName("midi-instrument").item(0), "midi-program"));
        assertEquals("120", c.doc.getElementsByTagName("per-minute").item(0).getTextContent());
    }

    @Test
    void chordsInThreeFourWithAFlatKey() throws Exception {
        MusicXmlCheck c = roundTrip(TestScores.chordsInThreeFour());
        assertEquals(List.of(4), c.measuresPerPart);
        assertEquals(1, c.maxVoices);
        assertEquals("-1", c.doc.getElementsByTagName("fifths").item(0).getTextContent());
        assertEquals(10, c.doc.getElementsByTagName("chord").getLength()); // 3+3+4+4 notes in 4 chords
        // B flat is spelled as a flat in F major
        String xml = new String(render(TestScores.chordsInThreeFour(), Map.of()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(xml.contains("<step>B</step>\n") && xml.contains("<alter>-1</alter>"), "B flat expected");
        NodeList dots = c.doc.getElementsByTagName("dot");
        assertEquals(14, dots.getLength(), "every chord note is a dotted half");
    }

    @Test
    void sixEightWithTiesRestsAndDrums() throws Exception {
        Score s = TestScores.twoPartsWithDrumsSixEight();
        MusicXmlCheck c = roundTrip(s);
        assertEquals(List.of(2, 2, 2), c.measuresPerPart);
        assertTrue(c.doc.getElementsByTagName("tied").getLength() >= 2, "the melody's half note is tied over the bar");
        assertTrue(c.doc.getElementsByTagName("rest").getLength() >= 1, "the bass rests in bar 2");
        NodeList unpitched = c.doc.getElementsByTagName("unpitched");
        assertEquals(s.parts().get(2).notes().size(), unpitched.getLength());
        NodeList channels = c.doc.getElementsByTagName("midi-channel");
        assertEquals("10", channels.item(channels.getLength() - 1).getTextContent());
        assertEquals("percussion", c.doc.getElementsByTagName("sign").item(2).getTextContent());
    }

    @Test
    void overlappingNotesBecomeVoices() throws Exception {
        Score piano = TestScores.overlappingVoices();
        Score flute = piano.withParts(List.of(Part.of("Flute", 73, piano.parts().get(0).notes())));
        MusicXmlCheck c = roundTrip(flute);
        assertEquals(3, c.maxVoices);
        assertEquals(0, c.doc.getElementsByTagName("staves").getLength());
        assertEquals(0, c.doc.getElementsByTagName("staff").getLength());
    }

    @Test
    void pianoSpanningMiddleCGetsAGrandStaff() throws Exception {
        MusicXmlCheck c = roundTrip(TestScores.overlappingVoices());
        assertEquals("2", c.doc.getElementsByTagName("staves").item(0).getTextContent());
        NodeList notes = c.doc.getElementsByTagName("note");
        for (int i = 0; i < notes.getLength(); i++) {
            Element n = (Element) notes.item(i);
            Element pitch = MusicXmlCheck.child(n, "pitch");
            if (pitch == null) continue;
            int octave = Integer.parseInt(MusicXmlCheck.text(pitch, "octave"));
            assertEquals(octave >= 4 ? "1" : "2", MusicXmlCheck.text(n, "staff"), "middle C and up on the treble staff");
            assertEquals(octave >= 4, Integer.parseInt(MusicXmlCheck.text(n, "voice")) < 5, "left hand voices from 5");
        }
    }

    @Test
    void awkwardLengthsStayExact() throws Exception {
        int tpq = 480;
        List<Note> notes = List.of(new Note(60, 90, 0, 160), new Note(62, 90, 160, 160), new Note(64, 90, 320, 160), // triplet
                new Note(65, 90, 480, 5 * 120), // quarter tied to sixteenth
                new Note(67, 90, 1080, 7), new Note(69, 90, 1087, 1920 - 1087)); // 7 ticks: shorter than any type
        Score s = new Score("odd", tpq, List.of(Part.of("P", 0, notes)), List.of(), List.of(new TimeSignature(0, 3, 8),
                new TimeSignature(1440, 5, 4)), List.of(), List.of(new Annotation(0, Annotation.Kind.CHORD_SYMBOL, "Am/e"),
                new Annotation(480, Annotation.Kind.CHORD_SYMBOL, "C7"), new Annotation(600, Annotation.Kind.TEXT, "dolce")),
                Map.of());
        MusicXmlCheck c = new MusicXmlCheck(render(s, Map.of("version", "3.1")));
        assertEquals(expected(s), c.parts);
        assertEquals("3.1", c.doc.getDocumentElement().getAttribute("version"));
        assertTrue(c.doc.getElementsByTagName("time-modification").getLength() >= 3, "triplets are marked");
        assertEquals(2, c.doc.getElementsByTagName("harmony").getLength());
        assertEquals("dolce", c.doc.getElementsByTagName("words").item(0).getTextContent());
    }

    @Test
    void performedTimingIsQuantizedOnRequest() throws Exception {
        Score exact = TestScores.cMajorScale();
        long[] jitter = {0, 13, -9, 21, -17, 5, 30, -24};
        List<Note> played = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Note n = exact.parts().get(0).notes().get(i);
            played.add(new Note(n.pitch(), n.velocity(), Math.max(0, n.onset() + jitter[i]), 470 + jitter[7 - i]));
        }
        Score performed = exact.withParts(List.of(exact.parts().get(0).withNotes(played)));
        MusicXmlCheck c = new MusicXmlCheck(render(performed, Map.of("quantize", "16")));
        assertEquals(expected(exact), c.parts);
        assertEquals("1", c.doc.getElementsByTagName("divisions").item(0).getTextContent());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(performed, Map.of("quantize", "5")));
        assertTrue(e.getMessage().contains("quantize"), e.getMessage());
    }

    @Test
    void rubatoIsLeftOut() throws Exception {
        Score s = TestScores.cMajorScale();
        s = new Score(s.title(), s.ticksPerQuarter(), s.parts(), List.of(TempoChange.bpm(0, 120), TempoChange.bpm(480, 118),
                TempoChange.bpm(960, 123), TempoChange.bpm(1440, 90), TempoChange.bpm(1920, 92)), s.timeSignatures(),
                s.keySignatures(), s.annotations(), s.metadata());
        MusicXmlCheck c = new MusicXmlCheck(render(s, Map.of()));
        NodeList marks = c.doc.getElementsByTagName("metronome");
        StringBuilder printed = new StringBuilder();
        for (int i = 0; i < marks.getLength(); i++) printed.append(MusicXmlCheck.text((Element) marks.item(i), "per-minute")).append(' ');
        assertEquals("120 90 ", printed.toString());
        NodeList sounds = c.doc.getElementsByTagName("sound");
        StringBuilder played = new StringBuilder();
        for (int i = 0; i < sounds.getLength(); i++)
            played.append(Math.round(Double.parseDouble(((Element) sounds.item(i)).getAttribute("tempo")))).append(' ');
        assertEquals("120 90 ", played.toString());
    }

    @Test
    void chorale() throws Exception {
        Score chorale = TestScores.chorale("test", 306);
        MusicXmlCheck c = roundTrip(chorale);
        assertEquals(4, c.parts.size());
    }

    /** Real files: many voices, performed timing, odd resolutions (96, 220 ticks per quarter), drums. */
    @ParameterizedTest
    @ValueSource(strings = {"piano/chpn-p1.mid", "piano/grieg_berceuse.mid", "piano/bach_850.mid", "wild/magenta_example_is_drum.mid",
            "wild/tonejs_beat.mid", "wild/music21_test19.mid"})
    void corpusMidiFilesRoundTrip(String file) throws Exception {
        Corpus corpus = RealCorpus.require(file.startsWith("piano/") ? Corpus.MIDI_PIANO : "midi-wild");
        Score s = MidiReader.read(corpus.root().resolve("midi").resolve(file));
        assertEquals(expected(s), new MusicXmlCheck(render(s, Map.of())).parts);
        List<List<MusicXmlCheck.Sounding>> quantized = expected(MusicXmlRenderer.quantized(s, 16));
        assertEquals(quantized, new MusicXmlCheck(render(s, Map.of("quantize", "16"))).parts);
    }

    @Test
    void unknownOptionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> render(TestScores.cMajorScale(), Map.of("version", "2.0")));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> render(TestScores.cMajorScale(), Map.of("indent", "2")));
        assertTrue(e.getMessage().contains("indent"), e.getMessage());
    }

    /**
     * Issue 12: a generated chorale has no key and raw frame lengths. The MusicXML is in the key the notes are in
     * (A major, three sharps, its notes spelled with sharps), and no written note hides a beat it does not start on,
     * none has two dots; the sounding notes stay exact.
     */
    @Test
    void aGeneratedChoraleIsWrittenAsAMusicianWouldWriteIt() throws Exception {
        Score s = TestScores.generatedChorale();
        MusicXmlCheck c = roundTrip(s);
        assertEquals("3", c.doc.getElementsByTagName("fifths").item(0).getTextContent());
        String xml = new String(render(s, Map.of()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!xml.contains("<alter>-1</alter>"), "A major has no flats");
        assertEquals(List.of(), beatsHidden(c.doc), "notes that start off a beat and run over the next one");
        org.w3c.dom.NodeList notes = c.doc.getElementsByTagName("note");
        for (int i = 0; i < notes.getLength(); i++)
            assertTrue(((Element) notes.item(i)).getElementsByTagName("dot").getLength() <= 1, "a double-dotted note");
        assertTrue(c.doc.getElementsByTagName("tied").getLength() > 0);
    }

    /** Written notes (and rests) of 4/4 bars that start off a quarter beat and end after the next one. */
    static List<String> beatsHidden(org.w3c.dom.Document doc) {
        List<String> out = new ArrayList<>();
        long divisions = Long.parseLong(doc.getElementsByTagName("divisions").item(0).getTextContent());
        org.w3c.dom.NodeList measures = doc.getElementsByTagName("measure");
        for (int m = 0; m < measures.getLength(); m++) {
            Map<String, Long> position = new java.util.HashMap<>();
            long pos = 0;
            org.w3c.dom.NodeList children = measures.item(m).getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (!(children.item(i) instanceof Element e)) continue;
                switch (e.getTagName()) {
                    case "backup" -> pos -= Long.parseLong(MusicXmlCheck.text(e, "duration"));
                    case "forward" -> pos += Long.parseLong(MusicXmlCheck.text(e, "duration"));
                    case "note" -> {
                        long d = Long.parseLong(MusicXmlCheck.text(e, "duration"));
                        boolean chord = e.getElementsByTagName("chord").getLength() > 0;
                        long start = chord ? position.getOrDefault("last", pos) : pos;
                        long end = start + d;
                        if (start % divisions != 0 && (start / divisions + 1) * divisions < end)
                            out.add("measure " + (m + 1) + " at " + start + " for " + d);
                        if (!chord) {
                            position.put("last", pos);
                            pos += d;
                        }
                    }
                    default -> { }
                }
            }
        }
        return out;
    }
}
