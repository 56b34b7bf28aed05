package dev.cadenza.renderers;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads MusicXML back with the JDK's parser: checks that every voice of every measure fills the bar its time
 * signature gives, and rebuilds the sounding notes (ties merged) in quarter-note fractions, per part.
 */
final class MusicXmlCheck {
    /** A sounding note read back: MIDI pitch, onset and length in quarters. */
    record Sounding(int pitch, double onset, double length) {}

    /** While reading: onset and length in divisions, exact, so that ties add up without rounding. */
    private record Exact(int pitch, long onset, long length) {}

    final Document doc;
    final List<List<Sounding>> parts = new ArrayList<>();
    final List<Integer> measuresPerPart = new ArrayList<>();
    int maxVoices;

    MusicXmlCheck(byte[] xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        doc = b.parse(new ByteArrayInputStream(xml));
        Element root = doc.getDocumentElement();
        assertEquals("score-partwise", root.getTagName());
        NodeList partList = root.getElementsByTagName("score-part");
        NodeList partNodes = root.getElementsByTagName("part");
        assertEquals(partList.getLength(), partNodes.getLength(), "part-list and parts disagree");
        for (int p = 0; p < partNodes.getLength(); p++) readPart((Element) partNodes.item(p));
    }

    private void readPart(Element part) {
        long divisions = 0, barLength = 0;
        long measureStart = 0;
        List<Exact> exact = new ArrayList<>();
        Map<String, Exact> tiedOpen = new HashMap<>(); // by voice and pitch
        int measures = 0;
        for (Element measure : children(part, "measure")) {
            measures++;
            Map<String, Long> voiceFill = new TreeMap<>();
            long pos = 0, lastOnset = 0;
            for (Element e : children(measure, null)) {
                switch (e.getTagName()) {
                    case "attributes" -> {
                        Element d = child(e, "divisions");
                        if (d != null) divisions = Long.parseLong(d.getTextContent().trim());
                        Element time = child(e, "time");
                        if (time != null)
                            barLength = divisions * 4 * Long.parseLong(text(time, "beats")) / Long.parseLong(text(time, "beat-type"));
                    }
                    case "backup" -> pos -= Long.parseLong(text(e, "duration"));
                    case "forward" -> {
                        long dur = Long.parseLong(text(e, "duration"));
                        if (child(e, "voice") != null) voiceFill.merge(text(e, "voice"), dur, Long::sum);
                        pos += dur;
                    }
                    case "note" -> {
                        long dur = Long.parseLong(text(e, "duration"));
                        boolean chord = child(e, "chord") != null;
                        String voice = child(e, "voice") == null ? "1" : text(e, "voice");
                        long onset = chord ? lastOnset : pos;
                        if (!chord) {
                            voiceFill.merge(voice, dur, Long::sum);
                            lastOnset = pos;
                            pos += dur;
                        }
                        if (pos < 0 || pos > barLength) fail("measure " + measure.getAttribute("number") + " overflows: " + pos + " > " + barLength);
                        Element pitch = child(e, "pitch");
                        if (pitch == null) continue;
                        int midi = midi(pitch);
                        long on = measureStart + onset;
                        boolean stop = false, start = false;
                        for (Element tie : children(e, "tie")) {
                            if (tie.getAttribute("type").equals("stop")) stop = true;
                            else start = true;
                        }
                        Exact s;
                        String slot = voice + ":" + midi;
                        if (stop) {
                            Exact open = tiedOpen.remove(slot);
                            if (open == null) fail("tie stop without a start: pitch " + midi + " in measure " + measure.getAttribute("number"));
                            assertEquals(open.onset + open.length, on, "tied note does not continue its start");
                            s = new Exact(midi, open.onset, open.length + dur);
                        } else {
                            s = new Exact(midi, on, dur);
                        }
                        if (start) tiedOpen.put(slot, s);
                        else exact.add(s);
                    }
                    default -> { }
                }
            }
            assertTrue(divisions > 0 && barLength > 0, "no divisions or time signature before measure 1 ended");
            maxVoices = Math.max(maxVoices, voiceFill.size());
            for (var v : voiceFill.entrySet())
                assertEquals(barLength, v.getValue(), "voice " + v.getKey() + " of measure " + measure.getAttribute("number")
                        + " does not fill the bar");
            measureStart += barLength;
        }
        assertTrue(tiedOpen.isEmpty(), "ties left open: " + tiedOpen);
        List<Sounding> out = new ArrayList<>();
        for (Exact e : exact) out.add(new Sounding(e.pitch, e.onset / (double) divisions, e.length / (double) divisions));
        out.sort((a, b) -> a.onset != b.onset ? Double.compare(a.onset, b.onset) : Integer.compare(a.pitch, b.pitch));
        parts.add(out);
        measuresPerPart.add(measures);
    }

    private static int midi(Element pitch) {
        int step = switch (text(pitch, "step")) {
            case "C" -> 0; case "D" -> 2; case "E" -> 4; case "F" -> 5; case "G" -> 7; case "A" -> 9; case "B" -> 11;
            default -> throw new AssertionError("bad step");
        };
        int alter = child(pitch, "alter") == null ? 0 : Integer.parseInt(text(pitch, "alter"));
        return (Integer.parseInt(text(pitch, "octave")) + 1) * 12 + step + alter;
    }

    static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling())
            if (n instanceof Element c && (name == null || c.getTagName().equals(name))) out.add(c);
        return out;
    }

    static Element child(Element e, String name) {
        List<Element> c = children(e, name);
        return c.isEmpty() ? null : c.get(0);
    }

    static String text(Element e, String name) {
        Element c = child(e, name);
        if (c == null) throw new AssertionError("<" + e.getTagName() + "> has no <" + name + ">");
        return c.getTextContent().trim();
    }
}
