package dev.cadenza.renderers;

import dev.cadenza.formats.notation.KeyFinder;
import dev.cadenza.formats.notation.MeterBeats;
import dev.cadenza.formats.notation.Spelling;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one score as partwise MusicXML; the rules are described on {@link MusicXmlRenderer}.
 * <p>
 * Internally every tick is multiplied by {@code scale} (so that bars of meters like 3/8 are whole numbers even at
 * one tick per quarter) and divided by {@code reduce} when written (the common factor of all positions).
 */
final class PartwiseWriter {
    private static final Set<String> MODES = Set.of("major", "minor", "dorian", "phrygian", "lydian", "mixolydian",
            "aeolian", "ionian", "locrian");
    private static final Set<Integer> CYMBALS = Set.of(42, 44, 46, 49, 51, 52, 53, 55, 57, 59);
    private static final Pattern CHORD_SYMBOL = Pattern.compile("([A-G])([#b]?)([^/]*)(?:/([A-Ga-g])([#b]?))?");
    private static final Map<String, String> CHORD_KINDS = Map.ofEntries(
            Map.entry("", "major"), Map.entry("maj", "major"), Map.entry("m", "minor"), Map.entry("min", "minor"),
            Map.entry("-", "minor"), Map.entry("7", "dominant"), Map.entry("m7", "minor-seventh"),
            Map.entry("min7", "minor-seventh"), Map.entry("maj7", "major-seventh"), Map.entry("M7", "major-seventh"),
            Map.entry("dim", "diminished"), Map.entry("o", "diminished"), Map.entry("dim7", "diminished-seventh"),
            Map.entry("o7", "diminished-seventh"), Map.entry("aug", "augmented"), Map.entry("+", "augmented"),
            Map.entry("m7b5", "half-diminished"), Map.entry("sus4", "suspended-fourth"),
            Map.entry("sus", "suspended-fourth"), Map.entry("sus2", "suspended-second"), Map.entry("6", "major-sixth"),
            Map.entry("m6", "minor-sixth"), Map.entry("9", "dominant-ninth"), Map.entry("maj9", "major-ninth"),
            Map.entry("m9", "minor-ninth"));

    private final Score score;
    private final String version;
    private final long scale;
    private final List<Measure> measures;
    private final long reduce;
    private final long divisions;
    private final List<TempoMark> tempoMarks = new ArrayList<>();
    /** The score's key signatures, or the key heard in it when it has none. */
    private final List<KeySignature> keys;

    /** A tempo change (scaled ticks); {@code shown} when it differs by 10% or more from the last mark written. */
    private record TempoMark(long at, double bpm, boolean shown) {}

    /** A bar in scaled ticks [start, end), with the meter in force. */
    private record Measure(int number, long start, long end, TimeSignature meter) {
        long length() {
            return end - start;
        }
    }

    /** Notes of one voice that start together and last equally (scaled ticks), highest pitch first. */
    private record Group(long onset, long end, int[] pitches) {}

    /**
     * One voice of a part: its MusicXML number, its staff (0 when the part has one staff) and whether it is the
     * staff's first voice, whose silences are written rests (the others' are invisible).
     */
    private record Voice(int number, int staff, boolean primary, List<Group> groups) {}

    PartwiseWriter(Score score, String version) {
        this.score = score;
        this.version = version;
        this.keys = KeyFinder.keysOf(score);
        this.scale = meterScale(score);
        this.measures = measures();
        long g = (long) score.ticksPerQuarter() * scale;
        for (Measure m : measures) g = gcd(g, m.start);
        for (Part p : score.parts())
            for (Note n : p.notes()) g = gcd(gcd(g, n.onset() * scale), n.end() * scale);
        for (TempoChange t : score.tempos()) g = gcd(g, t.tick() * scale);
        for (Annotation a : score.annotations()) g = gcd(g, a.tick() * scale);
        this.reduce = g;
        this.divisions = (long) score.ticksPerQuarter() * scale / g;
        // Performed MIDI moves the tempo by a few percent every beat (rubato). Notation programs print every tempo
        // they are given (MuseScore even prints a bare <sound tempo>), so only real changes are written.
        int lastMicros = -1;
        double lastShown = -1;
        for (TempoChange t : score.tempos()) {
            if (t.microsPerQuarter() == lastMicros) continue;
            lastMicros = t.microsPerQuarter();
            boolean shown = lastShown < 0 || Math.abs(t.bpm() / lastShown - 1) >= 0.1;
            if (shown) lastShown = t.bpm();
            tempoMarks.add(new TempoMark(t.tick() * scale, t.bpm(), shown));
        }
    }

    private static long gcd(long a, long b) {
        return java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).longValue(); // non-negative, gcd(0, 0) = 0
    }

    /** Smallest factor that makes every bar a whole number of ticks. */
    private static long meterScale(Score score) {
        long k = 1;
        List<TimeSignature> meters = new ArrayList<>(score.timeSignatures());
        meters.add(score.meter());
        for (TimeSignature t : meters) {
            long barQuarterNumerator = 4L * t.numerator() * score.ticksPerQuarter();
            long need = t.denominator() / gcd(t.denominator(), barQuarterNumerator);
            k = k / gcd(k, need) * need;
        }
        return k;
    }

    private List<Measure> measures() {
        List<TimeSignature> meters = new ArrayList<>(score.timeSignatures());
        if (meters.isEmpty() || meters.get(0).tick() > 0) meters.add(0, new TimeSignature(0, 4, 4));
        long end = Math.max(1, score.end()) * scale;
        List<Measure> out = new ArrayList<>();
        long at = 0;
        int meter = 0;
        while (at < end || out.isEmpty()) {
            while (meter + 1 < meters.size() && meters.get(meter + 1).tick() * scale <= at) meter++;
            TimeSignature t = meters.get(meter);
            long bar = 4L * t.numerator() * score.ticksPerQuarter() * scale / t.denominator();
            long next = at + bar;
            if (meter + 1 < meters.size()) next = Math.min(next, meters.get(meter + 1).tick() * scale);
            out.add(new Measure(out.size() + 1, at, next, t));
            at = next;
        }
        return out;
    }

    private long units(long scaledTicks) {
        return scaledTicks / reduce;
    }

    void write(OutputStream stream) throws IOException {
        Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        XmlWriter xml = new XmlWriter(w);
        xml.declaration("<!DOCTYPE score-partwise PUBLIC \"-//Recordare//DTD MusicXML " + version
                + " Partwise//EN\" \"http://www.musicxml.org/dtds/partwise.dtd\">");
        xml.start("score-partwise", "version", version);
        if (!score.title().isBlank()) xml.start("work").leaf("work-title", score.title()).end();
        xml.start("identification").start("encoding").leaf("software", "Cadenza").end().end();

        List<Part> parts = score.parts().isEmpty() ? List.of(Part.of("Music", 0, List.of())) : score.parts();
        xml.start("part-list");
        int nextChannel = 0;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            String id = "P" + (i + 1);
            xml.start("score-part", "id", id);
            xml.leaf("part-name", p.name().isBlank() ? (p.drums() ? "Drums" : "Part " + (i + 1)) : p.name());
            if (p.drums()) {
                Set<Integer> keys = new TreeSet<>();
                for (Note n : p.notes()) keys.add(n.pitch());
                for (int key : keys)
                    xml.start("score-instrument", "id", id + "-I" + key).leaf("instrument-name", GeneralMidi.percussion(key)).end();
                for (int key : keys)
                    xml.start("midi-instrument", "id", id + "-I" + key).leaf("midi-channel", 10)
                            .leaf("midi-unpitched", key + 1).end();
            } else {
                int channel;
                if (p.channel() >= 0 && p.channel() != Part.DRUM_CHANNEL) {
                    channel = p.channel();
                } else {
                    channel = nextChannel;
                    nextChannel = (nextChannel + 1) % 16;
                    if (channel == Part.DRUM_CHANNEL) {
                        channel = nextChannel;
                        nextChannel = (nextChannel + 1) % 16;
                    }
                }
                xml.start("score-instrument", "id", id + "-I1").leaf("instrument-name", GeneralMidi.program(p.program())).end();
                xml.start("midi-instrument", "id", id + "-I1").leaf("midi-channel", channel + 1)
                        .leaf("midi-program", p.program() + 1).end();
            }
            xml.end();
        }
        xml.end();

        for (int i = 0; i < parts.size(); i++) writePart(xml, parts.get(i), "P" + (i + 1), i);
        xml.end();
        xml.flush();
    }

    private void writePart(XmlWriter xml, Part part, String id, int index) throws IOException {
        xml.start("part", "id", id);
        boolean grand = grandStaff(part);
        List<Voice> voices = new ArrayList<>();
        if (grand) { // right hand from middle C up, left hand below; the left hand's voices start at 5, as is usual
            List<List<Group>> upper = voices(part, part.notes().stream().filter(n -> n.pitch() >= 60).toList());
            List<List<Group>> lower = voices(part, part.notes().stream().filter(n -> n.pitch() < 60).toList());
            for (int v = 0; v < upper.size(); v++) voices.add(new Voice(v + 1, 1, v == 0, upper.get(v)));
            int lowFirst = Math.max(5, upper.size() + 1);
            for (int v = 0; v < lower.size(); v++) voices.add(new Voice(lowFirst + v, 2, v == 0, lower.get(v)));
        } else {
            List<List<Group>> all = voices(part, part.notes());
            for (int v = 0; v < all.size(); v++) voices.add(new Voice(v + 1, 0, v == 0, all.get(v)));
        }
        int[] next = new int[voices.size()];
        KeySignature lastKey = null;
        for (Measure m : measures) {
            xml.start("measure", "number", String.valueOf(m.number));
            KeySignature key = keyChangeIn(m, lastKey);
            boolean meterChanged = m.number == 1 || !sameMeter(measures.get(m.number - 2).meter, m.meter);
            if (m.number == 1 || key != null || meterChanged) {
                xml.start("attributes");
                if (m.number == 1) xml.leaf("divisions", divisions);
                if (m.number == 1 || key != null) {
                    KeySignature k = key != null ? key : keyAt(0);
                    xml.start("key").leaf("fifths", k.fifths());
                    if (MODES.contains(k.mode())) xml.leaf("mode", k.mode());
                    xml.end();
                    lastKey = k;
                }
                if (meterChanged)
                    xml.start("time").leaf("beats", m.meter.numerator()).leaf("beat-type", m.meter.denominator()).end();
                if (m.number == 1 && grand) {
                    xml.leaf("staves", 2);
                    xml.start("clef", "number", "1").leaf("sign", "G").leaf("line", 2).end();
                    xml.start("clef", "number", "2").leaf("sign", "F").leaf("line", 4).end();
                } else if (m.number == 1) {
                    clef(xml, part);
                }
                xml.end();
            }
            // Tempo marks (first part) and the part's chord symbols go with its first voice, just before the note or rest
            // they fall on: MuseScore
            // places a direction at its position in the voice and ignores <offset> on words.
            List<Mark> marks = marksIn(m, index);
            boolean wroteVoice = false;
            for (int v = 0; v < voices.size(); v++) {
                List<Group> groups = voices.get(v).groups;
                int i = next[v];
                while (i < groups.size() && groups.get(i).end <= m.start) i++;
                next[v] = i;
                List<Group> inBar = new ArrayList<>();
                for (int j = i; j < groups.size() && groups.get(j).onset < m.end; j++) inBar.add(groups.get(j));
                if (inBar.isEmpty() && !voices.get(v).primary) continue;
                if (wroteVoice) xml.start("backup").leaf("duration", units(m.length())).end();
                writeVoice(xml, part, id, index, m, voices.get(v), inBar, wroteVoice ? List.of() : marks);
                wroteVoice = true;
            }
            xml.end();
        }
        xml.end();
    }

    private static boolean sameMeter(TimeSignature a, TimeSignature b) {
        return a.numerator() == b.numerator() && a.denominator() == b.denominator();
    }

    private void writeVoice(XmlWriter xml, Part part, String id, int index, Measure m, Voice voice, List<Group> groups,
                            List<Mark> marks) throws IOException {
        if (groups.isEmpty()) {
            directions(xml, marks, m.start, m.end);
            xml.start("note").empty("rest", "measure", "yes").leaf("duration", units(m.length())).leaf("voice", voice.number);
            staff(xml, voice);
            xml.end();
            return;
        }
        long at = m.start;
        for (Group g : groups) {
            long from = Math.max(g.onset, m.start), to = Math.min(g.end, m.end);
            if (from > at) {
                directions(xml, marks, at, from);
                gap(xml, m, at, from, voice);
            }
            directions(xml, marks, from, to);
            notes(xml, part, id, index, m, g, from, to, voice);
            at = to;
        }
        if (at < m.end) {
            directions(xml, marks, at, m.end);
            gap(xml, m, at, m.end, voice);
        }
    }

    /**
     * The written values (tied one to the next) of a note or rest from {@code from} to {@code to} (scaled ticks) in bar
     * {@code m}: split at the meter's beats as engravers do ({@link MeterBeats}), each piece spelled as one value when
     * it can be ({@link NoteValue}).
     */
    private List<NoteValue> values(Measure m, long from, long to) {
        List<NoteValue> out = new ArrayList<>();
        for (long piece : MeterBeats.of(m.meter, divisions).split(units(from - m.start), units(to - m.start)))
            out.addAll(NoteValue.spell(piece, divisions));
        return out;
    }

    /** Silence in a voice: written rests in a staff's first voice, an invisible {@code <forward>} in the others. */
    private void gap(XmlWriter xml, Measure m, long from, long to, Voice voice) throws IOException {
        long scaledLength = to - from;
        if (voice.primary) {
            for (NoteValue v : values(m, from, to)) {
                xml.start("note").empty("rest").leaf("duration", v.duration()).leaf("voice", voice.number);
                type(xml, v);
                staff(xml, voice);
                xml.end();
            }
        } else {
            xml.start("forward").leaf("duration", units(scaledLength)).leaf("voice", voice.number);
            staff(xml, voice);
            xml.end();
        }
    }

    private static void staff(XmlWriter xml, Voice voice) throws IOException {
        if (voice.staff > 0) xml.leaf("staff", voice.staff);
    }

    /**
     * A keyboard or harp part (General MIDI programs 0-7, 16-23, 46) with at least an eighth of its notes below G3 and
     * an eighth from F4 up is written on two staves, as pianists read it, unless another part has the same program:
     * then the hands were already kept apart (as piano MIDI files do) and each keeps its own staff.
     */
    private boolean grandStaff(Part part) {
        int p = part.program();
        if (part.drums() || !(p <= 7 || (p >= 16 && p <= 23) || p == 46)) return false;
        if (score.parts().stream().filter(o -> !o.drums() && o.program() == p).count() > 1) return false;
        long all = part.notes().size();
        long low = part.notes().stream().filter(n -> n.pitch() < 55).count();
        long high = part.notes().stream().filter(n -> n.pitch() >= 65).count();
        return low * 8 >= all && high * 8 >= all;
    }

    private void notes(XmlWriter xml, Part part, String id, int index, Measure m, Group g, long from, long to, Voice voice)
            throws IOException {
        boolean tiedIn = g.onset < m.start, tiedOut = g.end > m.end;
        List<NoteValue> values = values(m, from, to);
        KeySignature key = keyAt(g.onset / scale);
        List<String> decorations = from == g.onset ? decorations(index, g.onset / scale) : List.of();
        for (int i = 0; i < values.size(); i++) {
            NoteValue v = values.get(i);
            boolean stop = tiedIn || i > 0, start = tiedOut || i < values.size() - 1;
            for (int j = 0; j < g.pitches.length; j++) {
                int pitch = g.pitches[j];
                xml.start("note");
                if (j > 0) xml.empty("chord");
                if (part.drums()) {
                    String[] display = drumDisplay(pitch);
                    xml.start("unpitched").leaf("display-step", display[0]).leaf("display-octave", display[1]).end();
                } else {
                    Spelling spelled = Spelling.of(pitch, key);
                    xml.start("pitch").leaf("step", spelled.step());
                    if (spelled.alter() != 0) xml.leaf("alter", spelled.alter());
                    xml.leaf("octave", spelled.octave()).end();
                }
                xml.leaf("duration", v.duration());
                if (stop) xml.empty("tie", "type", "stop");
                if (start) xml.empty("tie", "type", "start");
                if (part.drums()) xml.empty("instrument", "id", id + "-I" + pitch);
                xml.leaf("voice", voice.number);
                type(xml, v);
                if (part.drums() && CYMBALS.contains(pitch)) xml.leaf("notehead", "x");
                staff(xml, voice);
                boolean decorated = i == 0 && j == 0 && !decorations.isEmpty();
                if (stop || start || decorated) {
                    xml.start("notations");
                    if (stop) xml.empty("tied", "type", "stop");
                    if (start) xml.empty("tied", "type", "start");
                    if (decorated) notations(xml, decorations);
                    xml.end();
                }
                xml.end();
            }
        }
    }

    /** ABC 2.1 decoration names written as MusicXML notations: where an element sits, which one. */
    private static final Map<String, String[]> NOTATIONS = Map.ofEntries(
            Map.entry("fermata", new String[] {"", "fermata"}), Map.entry("trill", new String[] {"ornaments", "trill-mark"}),
            Map.entry("turn", new String[] {"ornaments", "turn"}), Map.entry("lowermordent", new String[] {"ornaments", "mordent"}),
            Map.entry("mordent", new String[] {"ornaments", "mordent"}),
            Map.entry("uppermordent", new String[] {"ornaments", "inverted-mordent"}),
            Map.entry("pralltriller", new String[] {"ornaments", "inverted-mordent"}),
            Map.entry("staccato", new String[] {"articulations", "staccato"}), Map.entry("accent", new String[] {"articulations", "accent"}),
            Map.entry("emphasis", new String[] {"articulations", "accent"}), Map.entry("tenuto", new String[] {"articulations", "tenuto"}),
            Map.entry("wedge", new String[] {"articulations", "staccatissimo"}), Map.entry("breath", new String[] {"articulations", "breath-mark"}),
            Map.entry("upbow", new String[] {"technical", "up-bow"}), Map.entry("downbow", new String[] {"technical", "down-bow"}));
    private static final Set<String> DYNAMICS = Set.of("pppp", "ppp", "pp", "p", "mp", "mf", "f", "ff", "fff", "ffff", "sfz");

    /** The decorations of part {@code index} at {@code tick} that are written on the note (the others are directions). */
    private List<String> decorations(int index, long tick) {
        List<String> out = new ArrayList<>();
        for (Annotation a : score.annotations())
            if (a.tick() == tick && a.kind() == Annotation.Kind.DECORATION && belongsTo(a, index) && NOTATIONS.containsKey(a.text()))
                out.add(a.text());
        return out;
    }

    private void notations(XmlWriter xml, List<String> decorations) throws IOException {
        for (String group : List.of("", "ornaments", "articulations", "technical")) {
            List<String> here = decorations.stream().filter(d -> NOTATIONS.get(d)[0].equals(group)).distinct().toList();
            if (here.isEmpty()) continue;
            if (!group.isEmpty()) xml.start(group);
            for (String d : here) xml.empty(NOTATIONS.get(d)[1]);
            if (!group.isEmpty()) xml.end();
        }
    }

    /** Whether annotation {@code a} is written in part {@code index}: its own part, or the first for the whole score. */
    private boolean belongsTo(Annotation a, int index) {
        if (a.part() == index) return true;
        return index == 0 && (a.part() == Annotation.WHOLE_SCORE || a.part() >= score.parts().size());
    }

    private static void type(XmlWriter xml, NoteValue v) throws IOException {
        xml.leaf("type", v.type());
        for (int d = 0; d < v.dots(); d++) xml.empty("dot");
        if (v.triplet()) xml.start("time-modification").leaf("actual-notes", 3).leaf("normal-notes", 2).end();
    }

    /**
     * Chords are grouped, then each goes to the first voice that is free at its onset. A pitch struck twice at one
     * onset is written once, as long as its longer note. Drum hits are written as lasting until the next hit, at most
     * a quarter: their MIDI lengths say nothing a drummer reads.
     */
    private List<List<Group>> voices(Part part, List<Note> notes) {
        TreeMap<Long, Map<Integer, Long>> struck = new TreeMap<>();
        for (Note n : notes) struck.computeIfAbsent(n.onset(), k -> new TreeMap<>()).merge(n.pitch(), n.end(), Math::max);
        TreeMap<Long, TreeMap<Long, TreeSet<Integer>>> byOnset = new TreeMap<>();
        for (var onset : struck.entrySet())
            for (var note : onset.getValue().entrySet()) {
                long end = note.getValue();
                if (part.drums()) {
                    Long next = struck.higherKey(onset.getKey());
                    end = Math.min(Math.min(onset.getKey() + score.ticksPerQuarter(), score.end()), next == null ? Long.MAX_VALUE : next);
                }
                byOnset.computeIfAbsent(onset.getKey() * scale, k -> new TreeMap<>())
                        .computeIfAbsent(end * scale, k -> new TreeSet<>()).add(note.getKey());
            }
        List<Group> groups = new ArrayList<>();
        for (var onset : byOnset.entrySet()) {
            List<Group> here = new ArrayList<>();
            for (var end : onset.getValue().entrySet())
                here.add(new Group(onset.getKey(), end.getKey(),
                        end.getValue().descendingSet().stream().mapToInt(Integer::intValue).toArray()));
            here.sort(Comparator.comparingInt((Group g) -> g.pitches[0]).reversed());
            groups.addAll(here);
        }
        List<List<Group>> voices = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        for (Group g : groups) {
            int v = 0;
            while (v < voices.size() && ends.get(v) > g.onset) v++;
            if (v == voices.size()) {
                voices.add(new ArrayList<>());
                ends.add(0L);
            }
            voices.get(v).add(g);
            ends.set(v, g.end);
        }
        if (voices.isEmpty()) voices.add(new ArrayList<>());
        return voices;
    }

    private KeySignature keyAt(long tick) {
        KeySignature k = keys.get(0);
        boolean any = false;
        for (KeySignature s : keys) {
            if (s.tick() > tick && any) break;
            k = s;
            any = true;
        }
        return k;
    }

    /** The last key signature set inside bar {@code m} (after the first bar), if it differs from the last written. */
    private KeySignature keyChangeIn(Measure m, KeySignature last) {
        if (m.number == 1) return null;
        KeySignature found = null;
        for (KeySignature s : keys) {
            long at = s.tick() * scale;
            if (at >= m.start && at < m.end) found = s;
        }
        if (found == null || (last != null && last.fifths() == found.fifths() && last.mode().equals(found.mode()))) return null;
        return found;
    }

    private void clef(XmlWriter xml, Part part) throws IOException {
        if (part.drums()) {
            xml.start("clef").leaf("sign", "percussion").end();
            return;
        }
        double mean = part.notes().stream().mapToInt(Note::pitch).average().orElse(67);
        int max = part.notes().stream().mapToInt(Note::pitch).max().orElse(67);
        boolean tenor = part.name().toLowerCase(Locale.ROOT).contains("tenor");
        if (tenor && mean < 64 && max <= 74)
            xml.start("clef").leaf("sign", "G").leaf("line", 2).leaf("clef-octave-change", -1).end();
        else if (mean < 57) xml.start("clef").leaf("sign", "F").leaf("line", 4).end();
        else xml.start("clef").leaf("sign", "G").leaf("line", 2).end();
    }

    /** The usual drum staff positions (kick on F4, snare on C5, hi-hat on G5...), E4 for the rest. */
    private static String[] drumDisplay(int key) {
        String at = switch (key) {
            case 35, 36 -> "F4";
            case 37, 38, 39, 40 -> "C5";
            case 41, 43 -> "A4";
            case 45, 47 -> "D5";
            case 48, 50 -> "E5";
            case 42, 46 -> "G5";
            case 44 -> "D4";
            case 51, 53, 59 -> "F5";
            case 49, 52, 55, 57 -> "A5";
            default -> "E4";
        };
        return new String[] {at.substring(0, 1), at.substring(1)};
    }

    /** A tempo mark (of the first part) or an annotation of a part, at a scaled tick. */
    private record Mark(long at, TempoMark tempo, Annotation annotation) {}

    private List<Mark> marksIn(Measure m, int index) {
        List<Mark> marks = new ArrayList<>();
        if (index == 0) for (TempoMark t : tempoMarks) if (t.shown && t.at >= m.start && t.at < m.end) marks.add(new Mark(t.at, t, null));
        for (Annotation a : score.annotations()) {
            // grace notes are not written (MuseScore would play them as notes), decorations of a note go on the note
            if (!belongsTo(a, index) || a.kind() == Annotation.Kind.GRACE_NOTES
                    || (a.kind() == Annotation.Kind.DECORATION && (NOTATIONS.containsKey(a.text()) || a.text().equals("+")))) continue;
            long at = a.tick() * scale;
            if (at >= m.start && at < m.end) marks.add(new Mark(at, null, a));
        }
        marks.sort(Comparator.comparingLong(Mark::at));
        return marks;
    }

    /** The marks in [from, to), written at position {@code from} with the offset that places them exactly. */
    private void directions(XmlWriter xml, List<Mark> marks, long from, long to) throws IOException {
        for (Mark mark : marks) {
            if (mark.at < from || mark.at >= to) continue;
            if (mark.tempo != null) {
                // Microseconds per quarter make 90 bpm 89.99996: show what was meant, play what is stored.
                double bpm = mark.tempo.bpm;
                double near = Math.rint(bpm * 100) / 100;
                String shown = near == Math.rint(near) ? String.valueOf((long) near) : String.valueOf(near);
                xml.start("direction", "placement", "above").start("direction-type")
                        .start("metronome").leaf("beat-unit", "quarter").leaf("per-minute", shown).end().end();
                offset(xml, mark.at - from);
                xml.empty("sound", "tempo", String.format(Locale.ROOT, "%.4f", bpm).replaceAll("\\.?0+$", ""));
                xml.end();
                continue;
            }
            Annotation a = mark.annotation;
            Matcher c = CHORD_SYMBOL.matcher(a.text().trim());
            if (a.kind() == Annotation.Kind.CHORD_SYMBOL && c.matches() && CHORD_KINDS.containsKey(c.group(3))) {
                xml.start("harmony", "placement", "above");
                xml.start("root").leaf("root-step", c.group(1));
                if (!c.group(2).isEmpty()) xml.leaf("root-alter", c.group(2).equals("#") ? 1 : -1);
                xml.end();
                xml.leaf("kind", CHORD_KINDS.get(c.group(3)), "text", c.group(3));
                if (c.group(4) != null) {
                    xml.start("bass").leaf("bass-step", c.group(4).toUpperCase(Locale.ROOT));
                    if (!c.group(5).isEmpty()) xml.leaf("bass-alter", c.group(5).equals("#") ? 1 : -1);
                    xml.end();
                }
                offset(xml, mark.at - from);
                xml.end();
            } else if (a.kind() == Annotation.Kind.DECORATION && DYNAMICS.contains(a.text())) {
                xml.start("direction", "placement", "below").start("direction-type").start("dynamics").empty(a.text()).end().end();
                offset(xml, mark.at - from);
                xml.end();
            } else {
                xml.start("direction", "placement", "above").start("direction-type").leaf("words", a.text()).end();
                offset(xml, mark.at - from);
                xml.end();
            }
        }
    }

    private void offset(XmlWriter xml, long scaledTicks) throws IOException {
        if (scaledTicks > 0) xml.leaf("offset", units(scaledTicks));
    }
}
