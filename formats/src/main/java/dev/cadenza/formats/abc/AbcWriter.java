package dev.cadenza.formats.abc;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a melody as one ABC tune that {@link AbcReader} and abc2midi read back to the same notes.
 * <p>
 * The header holds {@code X T M L Q K} (meter, tempo and key from the score's first marks; {@code L:1/8}). The body
 * is written out in playback order, without repeats: notes that start together become a chord {@code [CEG]}, a note
 * that overlaps the next onset is cut there (the writer makes a melody of any part), gaps become rests
 * {@code z}, and notes crossing a bar line are split and tied. Accidentals follow the key; once a letter has an
 * accidental in a bar it is written explicitly for the rest of that bar, so readers that carry accidentals per
 * octave (ABC 2.1) and per letter (abc2midi) agree. {@code CHORD_SYMBOL} annotations are written as {@code "G"},
 * other annotations as {@code "^text"}, before the note or rest at or after their tick. Key and meter changes become
 * inline fields. {@link Options#grid()} rounds onsets and ends first, for scores read from MIDI. This class is
 * stateless and thread-safe.
 */
public final class AbcWriter {
    /**
     * How to write a tune.
     *
     * @param referenceNumber the {@code X:} number, at least 1
     * @param barsPerLine bars per line of music, at least 1
     * @param part index of the part to write among the score's pitched (non-drum) parts
     * @param grid 0 to write exact lengths, or steps per quarter note (e.g. 12: sixteenths and triplets) to which
     *             onsets and ends are rounded first. Exact lengths that are neither binary nor triplet fractions
     *             (479/240 from an unquantized MIDI file) are valid ABC, but abc2midi misplays them: use a grid for
     *             scores that do not come from notation.
     */
    public record Options(int referenceNumber, int barsPerLine, int part, int grid) {
        public static final Options DEFAULT = new Options(1, 4, 0, 0);

        public Options {
            if (referenceNumber < 1) throw new IllegalArgumentException("referenceNumber must be >= 1, was " + referenceNumber);
            if (barsPerLine < 1) throw new IllegalArgumentException("barsPerLine must be >= 1, was " + barsPerLine);
            if (part < 0) throw new IllegalArgumentException("part must be >= 0, was " + part);
            if (grid < 0 || grid > 960) throw new IllegalArgumentException("grid must be 0 (exact) or 1..960 steps per quarter, was " + grid);
        }

        /** Exact lengths (no grid). */
        public Options(int referenceNumber, int barsPerLine, int part) {
            this(referenceNumber, barsPerLine, part, 0);
        }

        /** These options with onsets and ends rounded to {@code stepsPerQuarter} steps per quarter note. */
        public Options withGrid(int stepsPerQuarter) {
            return new Options(referenceNumber, barsPerLine, part, stepsPerQuarter);
        }
    }

    private static final String LETTERS = "CDEFGAB";
    private static final int[] NATURAL = {0, 2, 4, 5, 7, 9, 11};

    private AbcWriter() {}

    /** The first pitched part of {@code score} as an ABC tune with {@link Options#DEFAULT}. */
    public static String write(Score score) {
        return write(score, Options.DEFAULT);
    }

    /** One pitched part of {@code score} as an ABC tune. */
    public static String write(Score score, Options options) {
        return new Run(options.grid() == 0 ? score : onGrid(score, options.grid()), options).write();
    }

    /**
     * The score at {@code steps} ticks per quarter: every time rounded to the nearest step, a note at least one step
     * long. Notes that fall on one step become a chord.
     */
    static Score onGrid(Score score, int steps) {
        int tpq = score.ticksPerQuarter();
        java.util.function.LongUnaryOperator at = t -> Math.round((double) t * steps / tpq);
        List<Part> parts = new ArrayList<>();
        for (Part p : score.parts()) {
            List<Note> notes = new ArrayList<>(p.notes().size());
            for (Note n : p.notes()) {
                long on = at.applyAsLong(n.onset());
                notes.add(new Note(n.pitch(), n.velocity(), on, Math.max(1, at.applyAsLong(n.end()) - on)));
            }
            parts.add(p.withNotes(notes));
        }
        return new Score(score.title(), steps, parts,
                score.tempos().stream().map(t -> new dev.cadenza.music.TempoChange(at.applyAsLong(t.tick()), t.microsPerQuarter())).toList(),
                score.timeSignatures().stream().map(t -> new TimeSignature(at.applyAsLong(t.tick()), t.numerator(), t.denominator())).toList(),
                score.keySignatures().stream().map(k -> new KeySignature(at.applyAsLong(k.tick()), k.fifths(), k.mode())).toList(),
                score.annotations().stream().map(a -> new Annotation(at.applyAsLong(a.tick()), a.kind(), a.text())).toList(),
                score.metadata());
    }

    /** The state of writing one tune. */
    private static final class Run {
        private final Score score;
        private final Options options;
        private final StringBuilder out = new StringBuilder();
        private final int[] keyAlter = new int[7];
        /** Letters that had an accidental in the current bar, with the alteration last written. */
        private final Integer[] barAlter = new Integer[7];
        private int fifths;
        private long barStart;
        private long barTicks;
        private int barsOnLine;

        Run(Score score, Options options) {
            this.score = score;
            this.options = options;
        }

        String write() {
            List<Part> pitched = score.parts().stream().filter(p -> !p.drums()).toList();
            if (options.part() > 0 && options.part() >= pitched.size())
                throw new IllegalArgumentException("ABC writer: part " + options.part() + " requested, the score has " + pitched.size() + " pitched parts");
            List<Note> notes = pitched.isEmpty() ? List.of() : pitched.get(options.part()).notes();
            TimeSignature meter = score.meter();
            KeySignature key = score.keySignatures().isEmpty() ? new KeySignature(0, 0, "major") : score.keySignatures().get(0);

            out.append("X:").append(options.referenceNumber()).append('\n');
            out.append("T:").append(score.title().isBlank() ? "Untitled" : oneLine(score.title())).append('\n');
            out.append("M:").append(meter.numerator()).append('/').append(meter.denominator()).append('\n');
            out.append("L:1/8\n");
            int micros = score.tempos().isEmpty() || score.tempos().get(0).tick() > 0 ? Score.DEFAULT_MICROS_PER_QUARTER
                    : score.tempos().get(0).microsPerQuarter();
            out.append("Q:1/4=").append(Math.max(1, Math.round(60_000_000.0 / micros))).append('\n');
            out.append("K:").append(keyName(key)).append('\n');
            setKey(key);
            barStart = 0;
            barTicks = meter.ticksPerBar(score.ticksPerQuarter());

            TreeMap<Long, List<Object>> marks = marks(meter, key);
            List<long[]> groups = groups(notes);
            List<Annotation> annotations = new ArrayList<>(score.annotations());
            int nextAnnotation = 0;
            long now = 0;
            for (int g = 0; g < groups.size(); g++) {
                long onset = groups.get(g)[0];
                long nextOnset = g + 1 < groups.size() ? groups.get(g + 1)[0] : Long.MAX_VALUE;
                long length = Math.min(groups.get(g)[1], nextOnset - onset);
                int[] pitches = Arrays.stream(groups.get(g), 2, groups.get(g).length).mapToInt(p -> (int) p).toArray();
                if (onset > now) nextAnnotation = element(now, onset - now, null, marks, annotations, nextAnnotation);
                nextAnnotation = element(onset, length, pitches, marks, annotations, nextAnnotation);
                now = onset + length;
            }
            // annotations after the last note get a rest to hang on
            if (nextAnnotation < annotations.size()) {
                long last = annotations.get(annotations.size() - 1).tick();
                long end = Math.max(last + 1, now);
                long restEnd = ((end - barStart + barTicks - 1) / barTicks) * barTicks + barStart;
                element(now, Math.max(1, restEnd - now), null, marks, annotations, nextAnnotation);
            }
            if (out.charAt(out.length() - 1) == '\n' && out.length() >= 2 && out.charAt(out.length() - 2) == '|') {
                out.setLength(out.length() - 1);
                out.append("]\n");
            } else if (out.charAt(out.length() - 1) == '|') {
                out.append("]\n");
            } else if (out.charAt(out.length() - 1) != '\n') {
                out.append("|]\n");
            }
            return out.toString();
        }

        /** Key and meter changes after tick 0, by tick. */
        private TreeMap<Long, List<Object>> marks(TimeSignature meter, KeySignature key) {
            TreeMap<Long, List<Object>> marks = new TreeMap<>();
            for (TimeSignature t : score.timeSignatures())
                if (t != meter && t.tick() > 0) marks.computeIfAbsent(t.tick(), k -> new ArrayList<>()).add(t);
            for (KeySignature k : score.keySignatures())
                if (k != key && k.tick() > 0) marks.computeIfAbsent(k.tick(), x -> new ArrayList<>()).add(k);
            return marks;
        }

        /** Notes grouped by onset: {onset, longest duration, pitches...}, sorted by onset. */
        private static List<long[]> groups(List<Note> notes) {
            Map<Long, List<Note>> byOnset = new TreeMap<>();
            for (Note n : notes) byOnset.computeIfAbsent(n.onset(), k -> new ArrayList<>()).add(n);
            List<long[]> groups = new ArrayList<>();
            for (Map.Entry<Long, List<Note>> e : byOnset.entrySet()) {
                int[] pitches = e.getValue().stream().mapToInt(Note::pitch).distinct().sorted().toArray();
                long[] g = new long[2 + pitches.length];
                g[0] = e.getKey();
                g[1] = e.getValue().stream().mapToLong(Note::duration).max().orElse(1);
                for (int i = 0; i < pitches.length; i++) g[2 + i] = pitches[i];
                groups.add(g);
            }
            return groups;
        }

        /** Writes a note, chord or rest ({@code pitches == null}) of {@code length} ticks, split and tied at bars. */
        private int element(long onset, long length, int[] pitches, TreeMap<Long, List<Object>> marks,
                            List<Annotation> annotations, int nextAnnotation) {
            long at = onset;
            long end = onset + length;
            while (at < end) {
                applyMarks(at, marks);
                long barEnd = barStart + barTicks;
                long pieceEnd = Math.min(end, barEnd);
                // a mark inside this piece splits it, so that the change is written where it happens
                Long nextMark = marks.higherKey(at);
                if (nextMark != null && nextMark < pieceEnd) pieceEnd = nextMark;
                while (nextAnnotation < annotations.size() && annotations.get(nextAnnotation).tick() <= at) {
                    Annotation a = annotations.get(nextAnnotation++);
                    String text = oneLine(a.text()).replace('"', '\'');
                    out.append('"').append(a.kind() == Annotation.Kind.CHORD_SYMBOL ? "" : "^").append(text).append('"');
                }
                // an annotation inside the piece splits it too (a chord symbol on the second half of a tied note)
                if (nextAnnotation < annotations.size() && annotations.get(nextAnnotation).tick() < pieceEnd)
                    pieceEnd = annotations.get(nextAnnotation).tick();
                boolean tie = pitches != null && pieceEnd < end;
                String written = length(pieceEnd - at);
                out.append(tuplet(pieceEnd - at));
                if (pitches == null) out.append('z').append(written);
                else if (pitches.length == 1) out.append(note(pitches[0])).append(written).append(tie ? "-" : "");
                else {
                    out.append('[');
                    for (int p : pitches) out.append(note(p)).append(written).append(tie ? "-" : "");
                    out.append(']');
                }
                at = pieceEnd;
                if (at == barEnd) bar();
                else out.append(' ');
            }
            return nextAnnotation;
        }

        private void bar() {
            barStart += barTicks;
            Arrays.fill(barAlter, null);
            out.append('|');
            if (++barsOnLine >= options.barsPerLine()) {
                out.append('\n');
                barsOnLine = 0;
            }
        }

        private void applyMarks(long at, TreeMap<Long, List<Object>> marks) {
            while (!marks.isEmpty() && marks.firstKey() <= at) {
                for (Object m : marks.pollFirstEntry().getValue()) {
                    if (m instanceof TimeSignature t) {
                        out.append("[M:").append(t.numerator()).append('/').append(t.denominator()).append(']');
                        barTicks = t.ticksPerBar(score.ticksPerQuarter());
                        barStart = at; // a meter change starts a new bar
                    } else if (m instanceof KeySignature k) {
                        out.append("[K:").append(keyName(k)).append(']');
                        setKey(k);
                    }
                }
            }
        }

        private void setKey(KeySignature key) {
            fifths = key.fifths();
            Arrays.fill(keyAlter, 0);
            for (int f = 0; f < Math.abs(fifths); f++)
                keyAlter[LETTERS.indexOf(fifths > 0 ? "FCGDAEB".charAt(f) : "BEADGCF".charAt(f))] = fifths > 0 ? 1 : -1;
            Arrays.fill(barAlter, null);
        }

        /**
         * A triplet length (its eighths have a factor 3 in the denominator, such as 2/3) is written as a one-note
         * tuplet {@code (3:2:1} of 3/2 that length, because abc2midi misplays lengths like {@code A2/3}.
         */
        private String tuplet(long ticks) {
            return triplet(ticks) ? "(3:2:1" : "";
        }

        private boolean triplet(long ticks) {
            long num = 2 * ticks, den = score.ticksPerQuarter();
            long g = gcd(num, den);
            return (den / g) % 3 == 0;
        }

        /** A length in eighth notes (L:1/8): "" for 1, "2", "/2", "3/2"; for a triplet the written 3/2 of it. */
        private String length(long ticks) {
            long num = 2 * ticks, den = score.ticksPerQuarter();
            if (triplet(ticks)) num *= 3;
            if (triplet(ticks)) den *= 2;
            long g = gcd(num, den);
            num /= g;
            den /= g;
            if (den == 1) return num == 1 ? "" : Long.toString(num);
            return (num == 1 ? "" : Long.toString(num)) + "/" + den;
        }

        private static long gcd(long a, long b) {
            while (b != 0) {
                long t = a % b;
                a = b;
                b = t;
            }
            return a;
        }

        /** The pitch spelled in the current key, with an accidental where the key or the bar needs one. */
        private String note(int midi) {
            int pc = Math.floorMod(midi, 12);
            int letter = -1, alter = 0;
            for (int l = 0; l < 7 && letter < 0; l++)
                if (Math.floorMod(NATURAL[l] + keyAlter[l], 12) == pc) {
                    letter = l;
                    alter = keyAlter[l];
                }
            if (letter < 0) {
                for (int l = 0; l < 7 && letter < 0; l++) if (NATURAL[l] == pc) letter = l;
                if (letter < 0) {
                    // a black key outside the key: sharp in sharp keys, flat in flat keys
                    if (fifths >= 0) {
                        letter = Arrays.binarySearch(NATURAL, pc - 1);
                        alter = 1;
                    } else {
                        letter = Arrays.binarySearch(NATURAL, pc + 1);
                        alter = -1;
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            boolean explicit = barAlter[letter] != null || alter != keyAlter[letter];
            if (explicit) {
                sb.append(switch (alter) { case 2 -> "^^"; case 1 -> "^"; case -1 -> "_"; case -2 -> "__"; default -> "="; });
                barAlter[letter] = alter;
            }
            int base = midi - alter; // the natural letter's pitch
            int octave = Math.floorDiv(base, 12) - 5; // 0 for C4..B4 (uppercase)
            char c = LETTERS.charAt(letter);
            if (octave >= 1) {
                sb.append(Character.toLowerCase(c));
                sb.append("'".repeat(octave - 1));
            } else {
                sb.append(c);
                sb.append(",".repeat(-octave));
            }
            return sb.toString();
        }
    }

    /** The ABC key name: "G", "Em", "ADor", "DMix", ... */
    static String keyName(KeySignature key) {
        int offset = switch (key.mode()) {
            case "minor", "aeolian" -> -3;
            case "dorian" -> -2;
            case "mixolydian" -> -1;
            case "lydian" -> 1;
            case "phrygian" -> -4;
            case "locrian" -> -5;
            default -> 0;
        };
        String suffix = switch (key.mode()) {
            case "minor", "aeolian" -> "m";
            case "dorian" -> "Dor";
            case "mixolydian" -> "Mix";
            case "lydian" -> "Lyd";
            case "phrygian" -> "Phr";
            case "locrian" -> "Loc";
            default -> "";
        };
        int tonic = key.fifths() - offset; // the tonic's position on the circle of fifths, C = 0
        int index = Math.floorMod(tonic + 1, 7);
        int accidentals = Math.floorDiv(tonic + 1, 7);
        String name = String.valueOf("FCGDAEB".charAt(index));
        if (accidentals > 0) name += "#".repeat(accidentals);
        if (accidentals < 0) name += "b".repeat(-accidentals);
        return name + suffix;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
