package dev.cadenza.renderers;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a score as one ABC 2.1 tune (the formats module has no ABC writer yet, so the renderer keeps its own).
 * <p>
 * Each pitched part is one voice ({@code V:}), a single line of notes: notes that start together become a chord
 * ({@code [CEG]}) as long as its shortest note, and a note still sounding when the next one starts is cut there.
 * Drum parts are left out. Unit length is an eighth ({@code L:1/8}); notes crossing a bar line are tied ({@code -});
 * accidentals are written against the key signature and carried through the bar as ABC reads them. Chord symbols of
 * the score are quoted before the first voice's note at their tick (the note is split there if needed). Meter, key
 * and tempo changes become inline fields; each voice gets an abc2midi {@code %%MIDI program} line.
 */
final class AbcText {
    private static final String[] SHARP_STEPS = {"C", "C", "D", "D", "E", "F", "F", "G", "G", "A", "A", "B"};
    private static final int[] SHARP_ALTERS = {0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0};
    private static final String[] FLAT_STEPS = {"C", "D", "D", "E", "E", "F", "G", "G", "A", "A", "B", "B"};
    private static final int[] FLAT_ALTERS = {0, -1, 0, -1, 0, 0, -1, 0, -1, 0, -1, 0};
    private static final String SHARP_ORDER = "FCGDAEB";
    private static final String[] MAJOR_TONICS = {"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"};
    private static final Map<String, Integer> MODE_DEGREE = Map.of("major", 0, "ionian", 0, "dorian", 2, "phrygian", 4,
            "lydian", 5, "mixolydian", 7, "minor", 9, "aeolian", 9, "locrian", 11);
    private static final int BARS_PER_LINE = 4;

    private final Score score;
    private final int tpq;
    private final List<long[]> bars = new ArrayList<>(); // {start, end, numerator, denominator}

    private AbcText(Score score) {
        this.score = score;
        this.tpq = score.ticksPerQuarter();
        List<TimeSignature> meters = new ArrayList<>(score.timeSignatures());
        if (meters.isEmpty() || meters.get(0).tick() > 0) meters.add(0, new TimeSignature(0, 4, 4));
        long end = Math.max(1, score.end()), at = 0;
        int m = 0;
        while (at < end) {
            while (m + 1 < meters.size() && meters.get(m + 1).tick() <= at) m++;
            TimeSignature t = meters.get(m);
            long next = at + Math.max(1, t.ticksPerBar(tpq));
            if (m + 1 < meters.size()) next = Math.min(next, meters.get(m + 1).tick());
            bars.add(new long[] {at, next, t.numerator(), t.denominator()});
            at = next;
        }
    }

    static String write(Score score) {
        return new AbcText(score).tune();
    }

    private String tune() {
        StringBuilder sb = new StringBuilder();
        sb.append("X:1\n");
        sb.append("T:").append(score.title().isBlank() ? "Untitled" : oneLine(score.title())).append('\n');
        sb.append("M:").append(bars.get(0)[2]).append('/').append(bars.get(0)[3]).append('\n');
        sb.append("L:1/8\n");
        if (!score.tempos().isEmpty() && score.tempos().get(0).tick() == 0)
            sb.append("Q:1/4=").append(Math.round(score.tempos().get(0).bpm())).append('\n');
        List<Part> parts = score.parts().stream().filter(p -> !p.drums()).toList();
        if (parts.size() > 1)
            for (int i = 0; i < parts.size(); i++)
                sb.append("V:").append(i + 1).append(" name=\"").append(oneLine(parts.get(i).name()).replace("\"", "'"))
                        .append("\"\n");
        sb.append("K:").append(keyName(keyAt(0))).append('\n');
        if (parts.isEmpty()) {
            for (int b = 0; b < bars.size(); b++) sb.append("z").append(length(bars.get(b)[1] - bars.get(b)[0])).append(b + 1 == bars.size() ? "|]\n" : "|");
            return sb.toString();
        }
        for (int i = 0; i < parts.size(); i++) {
            if (parts.size() > 1) sb.append("V:").append(i + 1).append('\n');
            sb.append("%%MIDI program ").append(parts.get(i).program()).append('\n');
            voice(sb, parts.get(i), i == 0);
        }
        return sb.toString();
    }

    /** One part as a line of chords and rests, split at bar lines and (first voice) at chord symbols. */
    private void voice(StringBuilder sb, Part part, boolean first) {
        record Event(long start, long end, int[] pitches) {}
        // Group by onset; cut at the next onset.
        TreeSet<Long> onsets = new TreeSet<>();
        for (Note n : part.notes()) onsets.add(n.onset());
        List<Event> events = new ArrayList<>();
        for (long onset : onsets) {
            List<Note> here = part.notes().stream().filter(n -> n.onset() == onset).toList();
            long end = here.stream().mapToLong(Note::end).min().orElseThrow();
            Long next = onsets.higher(onset);
            if (next != null) end = Math.min(end, next);
            events.add(new Event(onset, end, here.stream().mapToInt(Note::pitch).distinct().sorted().toArray()));
        }
        TreeSet<Long> cuts = new TreeSet<>();
        Map<Long, String> symbols = new HashMap<>();
        if (first)
            for (Annotation a : score.annotations())
                if (a.kind() == Annotation.Kind.CHORD_SYMBOL) {
                    cuts.add(a.tick());
                    symbols.merge(a.tick(), a.text(), (x, y) -> y);
                }

        int e = 0;
        long lastMicros = score.tempos().isEmpty() ? -1 : score.tempos().get(0).microsPerQuarter();
        KeySignature key = keyAt(0);
        for (int b = 0; b < bars.size(); b++) {
            long bs = bars.get(b)[0], be = bars.get(b)[1];
            if (b > 0 && first) { // inline changes, written once in the first voice
                if (bars.get(b)[2] != bars.get(b - 1)[2] || bars.get(b)[3] != bars.get(b - 1)[3])
                    sb.append("[M:").append(bars.get(b)[2]).append('/').append(bars.get(b)[3]).append(']');
                for (TempoChange t : score.tempos())
                    if (t.tick() >= bs && t.tick() < be && t.microsPerQuarter() != lastMicros) {
                        lastMicros = t.microsPerQuarter();
                        sb.append("[Q:1/4=").append(Math.round(t.bpm())).append(']');
                    }
            }
            KeySignature k = keyAt(bs);
            if (b > 0 && (k.fifths() != key.fifths() || !k.mode().equals(key.mode()))) sb.append("[K:").append(keyName(k)).append(']');
            key = k;
            Map<String, Integer> barAlters = new HashMap<>();
            long at = bs;
            while (at < be) {
                while (e < events.size() && events.get(e).end <= at) e++;
                Event ev = e < events.size() && events.get(e).start <= at ? events.get(e) : null;
                long next = be;
                if (ev != null) next = Math.min(next, ev.end);
                else if (e < events.size()) next = Math.min(next, events.get(e).start);
                Long cut = cuts.higher(at);
                if (cut != null) next = Math.min(next, cut);
                String symbol = symbols.get(at);
                if (symbol != null) sb.append('"').append(symbol.replace("\"", "")).append('"');
                if (ev == null) {
                    sb.append('z').append(length(next - at));
                } else {
                    if (ev.pitches.length > 1) sb.append('[');
                    for (int p : ev.pitches) {
                        sb.append(pitch(p, key, barAlters));
                        if (ev.pitches.length > 1) sb.append(length(next - at)).append(next < ev.end ? "-" : "");
                    }
                    if (ev.pitches.length > 1) sb.append(']');
                    else sb.append(length(next - at)).append(next < ev.end ? "-" : "");
                }
                at = next;
            }
            sb.append(b + 1 == bars.size() ? "|]\n" : (b + 1) % BARS_PER_LINE == 0 ? "|\n" : "|");
        }
    }

    /** The note name in ABC, with an accidental only where the key and the bar so far would read it differently. */
    private static String pitch(int midi, KeySignature key, Map<String, Integer> barAlters) {
        int pc = midi % 12, octave = midi / 12 - 1;
        boolean flats = key.fifths() < 0;
        String step = flats ? FLAT_STEPS[pc] : SHARP_STEPS[pc];
        int alter = flats ? FLAT_ALTERS[pc] : SHARP_ALTERS[pc];
        String slot = step + octave;
        int inForce = barAlters.getOrDefault(slot, keyAlter(step, key.fifths()));
        StringBuilder sb = new StringBuilder();
        if (alter != inForce) {
            sb.append(alter == 1 ? "^" : alter == -1 ? "_" : "=");
            barAlters.put(slot, alter);
        }
        if (octave >= 5) {
            sb.append(step.toLowerCase(Locale.ROOT));
            sb.append("'".repeat(octave - 5));
        } else {
            sb.append(step);
            sb.append(",".repeat(4 - octave));
        }
        return sb.toString();
    }

    private static int keyAlter(String step, int fifths) {
        int i = SHARP_ORDER.indexOf(step);
        if (fifths > 0) return i < fifths ? 1 : 0;
        if (fifths < 0) return 6 - i < -fifths ? -1 : 0;
        return 0;
    }

    /** Length in eighths: "" for 1, "2", "/2", "3/2". */
    private String length(long ticks) {
        long num = ticks * 2, den = tpq;
        long g = gcd(num, den);
        num /= g;
        den /= g;
        if (den == 1) return num == 1 ? "" : String.valueOf(num);
        return (num == 1 ? "" : String.valueOf(num)) + "/" + den;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private KeySignature keyAt(long tick) {
        KeySignature k = new KeySignature(0, 0, "major");
        for (KeySignature s : score.keySignatures()) if (s.tick() <= tick) k = s;
        return k;
    }

    /** "F", "Am", "D dor": the tonic of the mode whose signature has {@code fifths} sharps or flats. */
    static String keyName(KeySignature k) {
        Integer degree = MODE_DEGREE.get(k.mode());
        if (degree == null) return MAJOR_TONICS[k.fifths() + 7];
        // The mode's tonic lies {@code degree} semitones above the major tonic; moving by fifths keeps the spelling.
        int steps = switch (degree) {
            case 0 -> 0; case 2 -> 2; case 4 -> 4; case 5 -> -1; case 7 -> 1; case 9 -> 3; default -> 5;
        };
        int index = k.fifths() + 7 + steps;
        String tonic = index >= 0 && index < MAJOR_TONICS.length ? MAJOR_TONICS[index] : tonicBeyond(index);
        return switch (k.mode()) {
            case "major", "ionian" -> tonic;
            case "minor", "aeolian" -> tonic + "m";
            default -> tonic + " " + k.mode().substring(0, 3);
        };
    }

    /** Tonics past C# or Cb on the circle of fifths (G#, D#, A#, Fb...). */
    private static String tonicBeyond(int index) {
        String[] sharps = {"G#", "D#", "A#", "E#", "B#"};
        String[] flats = {"Fb", "Bbb", "Ebb", "Abb", "Dbb"};
        return index >= MAJOR_TONICS.length ? sharps[Math.min(4, index - MAJOR_TONICS.length)] : flats[Math.min(4, -index - 1)];
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
