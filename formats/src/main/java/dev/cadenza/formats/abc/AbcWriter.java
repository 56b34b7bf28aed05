package dev.cadenza.formats.abc;

import dev.cadenza.formats.notation.Anacrusis;
import dev.cadenza.formats.notation.KeyFinder;
import dev.cadenza.formats.notation.MeterBeats;
import dev.cadenza.formats.notation.Spelling;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Pitch;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a score as one ABC tune that {@link AbcReader} reads back to the same notes (pitch, onset, duration of every
 * part) and that abc2midi plays and abcm2ps engraves.
 * <p>
 * The header holds {@code X T M L Q K} (the first meter, tempo and key; {@code L:1/8}); a score without a key
 * signature gets the key {@link KeyFinder} hears in it. Each pitched part becomes a voice {@code V:1}, {@code V:2}
 * ... with its name, a bass clef when it lies low (a treble clef an octave down for a tenor), and its General MIDI
 * program as {@code %%MIDI program}; a tune of one part named "melody" (or unnamed) is written without {@code V:}.
 * The voices are written system by system, {@link Options#barsPerLine()} bars at a time. Drum parts are left out.
 * <p>
 * How the notes are written, as a musician writes them: a tune that starts with a pickup starts with a short bar
 * ({@link Anacrusis}); every voice fills every bar (rests {@code z}); notes that
 * start and end together are a chord {@code [CEG]}; notes of one part that overlap are written as voice overlays
 * ({@code &}, invisible rests {@code x}), so nothing is cut; notes and rests are split and tied at bar lines and at the
 * meter's beats ({@link MeterBeats}: no sixteenths tied across a beat, no double dots); notes are beamed by beat (no
 * space inside a beat); three equal triplet notes are written {@code (3abc}, another triplet length as a one-note
 * tuplet {@code (3:2:1}. Pitches are spelled in the key ({@link Spelling}); once a letter has an accidental in a bar,
 * it is written on every later note of that letter in the bar, so that readers that carry accidentals per octave
 * (ABC 2.1) and per letter (abc2midi) agree. Tempo changes become {@code [Q:1/4=...]} in the first voice (those of 10% or
 * more; all of them, exact to the microsecond, with {@link Options#exactTempos()}), meter and key changes {@code [M:]} and {@code [K:]} in every voice. Annotations are written in their
 * part (those of the whole score in the first voice) before the note or rest at their tick: chord symbols as
 * {@code "G"}, text as {@code "^text"}, decorations as {@code !trill!}, grace notes as {@code {ga}}. What ABC cannot
 * hold is not written: velocities, controllers, program changes inside a part.
 * <p>
 * {@link Options#grid()} rounds onsets and ends first, for scores read from MIDI. Exact lengths need at most 2048 ticks
 * per quarter (finer ones are valid ABC that the reader refuses: use a grid). This class is stateless and
 * thread-safe.
 */
public final class AbcWriter {
    /**
     * How to write a tune.
     *
     * @param referenceNumber the {@code X:} number, at least 1
     * @param barsPerLine bars per line of music, at least 1
     * @param part {@link #ALL_PARTS} to write every pitched (non-drum) part as a voice, or the index of one pitched part
     *             to write alone, without {@code V:}
     * @param grid 0 to write exact lengths, or steps per quarter note (e.g. 12: sixteenths and triplets) to which
     *             onsets and ends are rounded first. Exact lengths that are neither binary nor triplet fractions
     *             (479/240 from an unquantized MIDI file) are valid ABC, but abc2midi misplays them: use a grid for
     *             scores that do not come from notation.
     * @param exactTempos true to write every tempo change of the score; false (the default) to write, as a musician
     *             would, only those that differ by 10% or more from the last one written: a performed MIDI file changes
     *             its tempo every beat, and each change would split the notes it falls in
     */
    public record Options(int referenceNumber, int barsPerLine, int part, int grid, boolean exactTempos) {
        /** {@link #part()} value that writes every pitched part. */
        public static final int ALL_PARTS = -1;
        /** One tune numbered 1, four bars per line, every pitched part, exact lengths, tempo marks only. */
        public static final Options DEFAULT = new Options(1, 4, ALL_PARTS, 0, false);

        /**
         * Checks the ranges.
         *
         * @param referenceNumber {@code >= 1}
         * @param barsPerLine {@code >= 1}
         * @param part a pitched part's index, or {@link #ALL_PARTS}
         * @param grid 0, or 1..960
         * @param exactTempos whether to write every tempo change
         * @throws IllegalArgumentException when a value is out of range
         */
        public Options {
            if (referenceNumber < 1) throw new IllegalArgumentException("referenceNumber must be >= 1, was " + referenceNumber);
            if (barsPerLine < 1) throw new IllegalArgumentException("barsPerLine must be >= 1, was " + barsPerLine);
            if (part < ALL_PARTS) throw new IllegalArgumentException("part must be >= 0, or -1 for all parts, was " + part);
            if (grid < 0 || grid > 960) throw new IllegalArgumentException("grid must be 0 (exact) or 1..960 steps per quarter, was " + grid);
        }

        /**
         * Tempo marks only (see {@link #exactTempos()}).
         *
         * @param referenceNumber the {@code X:} number, {@code >= 1}
         * @param barsPerLine bars per line of music, {@code >= 1}
         * @param part a pitched part's index, or {@link #ALL_PARTS}
         * @param grid 0, or steps per quarter note, 1..960
         */
        public Options(int referenceNumber, int barsPerLine, int part, int grid) {
            this(referenceNumber, barsPerLine, part, grid, false);
        }

        /**
         * Exact lengths (no grid), tempo marks only.
         *
         * @param referenceNumber the {@code X:} number, {@code >= 1}
         * @param barsPerLine bars per line of music, {@code >= 1}
         * @param part a pitched part's index, or {@link #ALL_PARTS}
         */
        public Options(int referenceNumber, int barsPerLine, int part) {
            this(referenceNumber, barsPerLine, part, 0, false);
        }

        /**
         * These options with onsets and ends rounded to {@code stepsPerQuarter} steps per quarter note.
         *
         * @param stepsPerQuarter 0 for exact lengths, or 1..960
         * @return new options
         */
        public Options withGrid(int stepsPerQuarter) {
            return new Options(referenceNumber, barsPerLine, part, stepsPerQuarter, exactTempos);
        }

        /**
         * These options writing only pitched part {@code index}, or {@link #ALL_PARTS}.
         *
         * @param index a pitched part's index, or {@link #ALL_PARTS}
         * @return new options
         */
        public Options withPart(int index) {
            return new Options(referenceNumber, barsPerLine, index, grid, exactTempos);
        }

        /**
         * These options writing every tempo change ({@code true}) or only the marks a musician would write.
         *
         * @param exact true for every tempo change
         * @return new options
         */
        public Options withExactTempos(boolean exact) {
            return new Options(referenceNumber, barsPerLine, part, grid, exact);
        }
    }

    private static final String LETTERS = "CDEFGAB";

    private AbcWriter() {}

    /**
     * Every pitched part of {@code score} as an ABC tune with {@link Options#DEFAULT}.
     *
     * @param score the score
     * @return the tune's text, from {@code X:} to the last bar line
     */
    public static String write(Score score) {
        return write(score, Options.DEFAULT);
    }

    /**
     * The score (or one pitched part of it) as an ABC tune.
     *
     * @param score the score
     * @param options the tune number, layout, part, grid and tempo choice
     * @return the tune's text
     * @throws IllegalArgumentException when {@code options.part()} is not a pitched part of the score
     */
    public static String write(Score score, Options options) {
        return new Tune(options.grid() == 0 ? score : onGrid(score, options.grid()), options).write();
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
                score.tempos().stream().map(t -> new TempoChange(at.applyAsLong(t.tick()), t.microsPerQuarter())).toList(),
                score.timeSignatures().stream().map(t -> new TimeSignature(at.applyAsLong(t.tick()), t.numerator(), t.denominator())).toList(),
                score.keySignatures().stream().map(k -> new KeySignature(at.applyAsLong(k.tick()), k.fifths(), k.mode())).toList(),
                score.annotations().stream().map(a -> a.at(at.applyAsLong(a.tick()))).toList(),
                score.metadata());
    }

    /**
     * A bar: [start, end) in ticks, with its meter (a bar cut short by a meter change is shorter than the meter);
     * {@code offset} is where in a full bar it starts (a pickup bar holds the last beats of one).
     */
    private record Bar(long start, long end, TimeSignature meter, MeterBeats beats, long offset) {
        /** The metric position of {@code tick}: ticks from the start of the full bar. */
        long position(long tick) {
            return tick - start + offset;
        }
    }

    /**
     * Notes of one layer that start and end together (ticks), pitches ascending; {@code tiedOn[k]} when pitch k goes on,
     * tied, in the layer's next group (null: none does).
     */
    private record Group(long onset, long end, int[] pitches, boolean[] tiedOn) {}

    /** abcm2ps engraves at most four voices on a staff: a part that needs more is written as chords with ties. */
    private static final int MAX_LAYERS = 4;
    /** About how many notes and rests of one voice a line holds before abcm2ps has to squeeze them too much. */
    private static final int MAX_LINE_WIDTH = 28;

    /** What is written at one place of a layer: a note, chord or rest ({@code pitches == null}) of {@code length} ticks. */
    /** {@code tied[k]}: pitch k is tied to the next piece. */
    private record Piece(long start, long length, int[] pitches, boolean[] tied, List<Annotation> before, KeySignature key) {
        long end() {
            return start + length;
        }
    }

    /** A part as a voice: its layers (the first is the voice, the others overlays) and how its notes are written. */
    private record Voice(String id, Part part, int index, List<List<Group>> layers, String clef, int writtenShift) {}

    /** The state of writing one tune. */
    private static final class Tune {
        private final Score score;
        private final Options options;
        private final int tpq;
        private final List<Bar> bars = new ArrayList<>();
        private final TreeMap<Long, KeySignature> keys = new TreeMap<>();
        private final TreeMap<Long, TimeSignature> meters = new TreeMap<>();
        /** The length of a pickup bar before the first full bar, 0 for none. */
        private long pickup;

        Tune(Score score, Options options) {
            this.score = score;
            this.options = options;
            this.tpq = score.ticksPerQuarter();
        }

        String write() {
            List<Part> pitched = score.parts().stream().filter(p -> !p.drums()).toList();
            List<Integer> written = new ArrayList<>();
            if (options.part() == Options.ALL_PARTS) {
                for (int i = 0; i < score.parts().size(); i++) if (!score.parts().get(i).drums()) written.add(i);
            } else {
                if (options.part() > 0 && options.part() >= pitched.size())
                    throw new IllegalArgumentException("ABC writer: part " + options.part() + " requested, the score has " + pitched.size() + " pitched parts");
                if (!pitched.isEmpty()) written.add(score.parts().indexOf(pitched.get(options.part())));
            }
            List<KeySignature> keyList = KeyFinder.keysOf(score);
            for (KeySignature k : keyList) keys.put(k.tick(), k);
            TimeSignature meter = score.meter();
            for (TimeSignature t : score.timeSignatures()) meters.put(t.tick(), t);
            meters.putIfAbsent(0L, meter);
            long end = 1;
            for (int i : written) end = Math.max(end, score.parts().get(i).end());
            for (Annotation a : score.annotations()) end = Math.max(end, a.tick() + 1);
            if (score.timeSignatures().size() <= 1) {
                List<Note> all = new ArrayList<>();
                for (int i : written) all.addAll(score.parts().get(i).notes());
                List<Long> chords = score.annotations().stream().filter(a -> a.kind() == Annotation.Kind.CHORD_SYMBOL)
                        .map(Annotation::tick).toList();
                pickup = Anacrusis.of(all, chords, meter, tpq);
            }
            bars(end);

            boolean named = written.size() > 1 || (written.size() == 1 && options.part() == Options.ALL_PARTS
                    && !score.parts().get(written.get(0)).name().isBlank() && !score.parts().get(written.get(0)).name().equals("melody"));
            List<Voice> voices = new ArrayList<>();
            for (int v = 0; v < written.size(); v++) voices.add(voice(String.valueOf(v + 1), written.get(v)));
            if (voices.isEmpty()) voices.add(new Voice("1", Part.of("", 0, List.of()), -1, List.of(List.of()), "", 0));

            StringBuilder out = new StringBuilder();
            out.append("X:").append(options.referenceNumber()).append('\n');
            out.append("T:").append(score.title().isBlank() ? "Untitled" : oneLine(score.title())).append('\n');
            out.append("M:").append(meter.numerator()).append('/').append(meter.denominator()).append('\n');
            out.append("L:1/8\n");
            int micros = score.tempos().isEmpty() || score.tempos().get(0).tick() > 0 ? Score.DEFAULT_MICROS_PER_QUARTER
                    : score.tempos().get(0).microsPerQuarter();
            out.append("Q:1/4=").append(bpm(micros)).append('\n');
            if (named) {
                for (Voice v : voices) {
                    out.append("V:").append(v.id());
                    if (!v.part().name().isBlank()) out.append(" name=\"").append(oneLine(v.part().name()).replace('"', '\'')).append('"');
                    if (!v.clef().isEmpty()) out.append(" clef=").append(v.clef()); // last: abc2midi reads +8/-8 only there
                    out.append('\n');
                }
            }
            out.append("K:").append(keyName(keys.firstEntry().getValue()));
            if (!named && !voices.get(0).clef().isEmpty()) out.append(" clef=").append(voices.get(0).clef()); // a tune without V:
            out.append('\n');

            List<Writer> writers = new ArrayList<>();
            for (int v = 0; v < voices.size(); v++) writers.add(new Writer(voices.get(v), v == 0));
            int perLine = options.barsPerLine();
            for (int first = 0, count; first < bars.size(); first += count) {
                count = barsOnLine(voices, first, perLine);
                for (Writer w : writers) {
                    if (named) {
                        if (first == 0) {
                            out.append("V:").append(w.voice.id()).append('\n');
                            int program = w.voice.part().program();
                            if (program != 0) out.append("%%MIDI program ").append(program).append('\n');
                        } else out.append("[V:").append(w.voice.id()).append("] ");
                    }
                    for (int b = first; b < Math.min(bars.size(), first + count); b++) w.bar(out, b, b == bars.size() - 1);
                    out.append('\n');
                }
            }
            return out.toString();
        }

        /**
         * The tempo changes after tick 0 to write: all of them with {@link Options#exactTempos()}, else those that differ
         * by 10% or more from the last one written (as the MusicXML renderer does).
         */
        private List<TempoChange> tempoMarks() {
            List<TempoChange> out = new ArrayList<>();
            double shown = score.tempos().isEmpty() || score.tempos().get(0).tick() > 0 ? 120 : score.tempos().get(0).bpm();
            for (TempoChange t : score.tempos()) {
                if (t.tick() == 0) continue;
                if (options.exactTempos()) out.add(t);
                else if (Math.abs(t.bpm() / shown - 1) >= 0.1) {
                    out.add(t);
                    shown = t.bpm();
                }
            }
            return out;
        }

        /**
         * How many bars from {@code first} go on one line: {@code perLine}, fewer when they hold more notes than a line
         * of engraved music has room for (abcm2ps refuses to squeeze more than about forty into a line).
         */
        private int barsOnLine(List<Voice> voices, int first, int perLine) {
            int count = 0, width = 0;
            while (count < perLine && first + count < bars.size()) {
                Bar bar = bars.get(first + count);
                int busiest = 0;
                for (Voice v : voices) {
                    java.util.TreeSet<Long> times = new java.util.TreeSet<>();
                    for (List<Group> layer : v.layers())
                        for (Group g : layer)
                            if (g.onset() < bar.end() && g.end() > bar.start()) {
                                times.add(Math.max(g.onset(), bar.start()));
                                times.add(Math.min(g.end(), bar.end()));
                            }
                    busiest = Math.max(busiest, times.size() + v.layers().size());
                }
                if (count > 0 && width + busiest > MAX_LINE_WIDTH) break;
                width += busiest;
                count++;
            }
            return Math.max(1, count);
        }

        /** Bars from tick 0 to {@code end}, following the meters; a meter change inside a bar ends the bar there. */
        private void bars(long end) {
            long at = 0;
            while (at < end || bars.isEmpty()) {
                TimeSignature t = meters.floorEntry(at).getValue();
                long length = t.ticksPerBar(tpq);
                if (length <= 0) throw new IllegalArgumentException("ABC writer: meter " + t.numerator() + "/" + t.denominator()
                        + " gives no whole number of ticks per bar at " + tpq + " ticks per quarter");
                long next = at + length;
                Long change = meters.higherKey(at);
                if (change != null && change < next) next = change;
                if (at == 0 && pickup > 0 && pickup < next) {
                    bars.add(new Bar(0, pickup, t, MeterBeats.of(t, tpq), length - pickup));
                    at = pickup;
                    continue;
                }
                bars.add(new Bar(at, next, t, MeterBeats.of(t, tpq), 0));
                at = next;
            }
        }

        private Voice voice(String id, int index) {
            Part part = score.parts().get(index);
            double mean = part.notes().stream().mapToInt(Note::pitch).average().orElse(67);
            int max = part.notes().stream().mapToInt(Note::pitch).max().orElse(67);
            boolean tenor = part.name().toLowerCase(Locale.ROOT).contains("tenor");
            String clef = "";
            int shift = 0;
            if (tenor && mean < 64 && max <= 74) {
                clef = "treble-8";
                shift = 12; // written an octave above its sound
            } else if (mean < 57) clef = "bass";
            return new Voice(id, part, index, layers(part.notes()), clef, shift);
        }

        /**
         * Notes that start and end together form a chord (a pitch struck twice keeps one note per layer); each chord goes
         * to the first layer that is free at its onset.
         */
        private static List<List<Group>> layers(List<Note> notes) {
            TreeMap<Long, TreeMap<Long, List<Integer>>> byOnset = new TreeMap<>();
            for (Note n : notes)
                byOnset.computeIfAbsent(n.onset(), k -> new TreeMap<>()).computeIfAbsent(n.end(), k -> new ArrayList<>()).add(n.pitch());
            List<Group> groups = new ArrayList<>();
            for (var onset : byOnset.entrySet())
                for (var end : onset.getValue().entrySet()) {
                    List<Integer> pitches = new ArrayList<>(end.getValue());
                    pitches.sort(null);
                    // the same pitch twice at one onset and end: one chord per copy
                    while (!pitches.isEmpty()) {
                        List<Integer> once = new ArrayList<>();
                        for (int i = 0; i < pitches.size(); i++)
                            if (once.isEmpty() || once.get(once.size() - 1) != pitches.get(i).intValue()) once.add(pitches.get(i));
                        for (Integer p : once) pitches.remove(p);
                        groups.add(new Group(onset.getKey(), end.getKey(), once.stream().mapToInt(Integer::intValue).toArray(), null));
                    }
                }
            List<List<Group>> layers = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            for (Group g : groups) {
                int l = 0;
                while (l < layers.size() && ends.get(l) > g.onset()) l++;
                if (l == layers.size()) {
                    layers.add(new ArrayList<>());
                    ends.add(0L);
                }
                layers.get(l).add(g);
                ends.set(l, g.end());
            }
            if (layers.isEmpty()) layers.add(new ArrayList<>());
            return layers.size() <= MAX_LAYERS ? layers : chordsWithTies(notes);
        }

        /**
         * The notes as chords with ties: each layer is cut at every onset and end of its notes, and holds at each moment
         * every note sounding then, tied on while it lasts. A pitch struck again while it sounds goes to a further layer.
         */
        private static List<List<Group>> chordsWithTies(List<Note> notes) {
            List<List<Note>> sublayers = new ArrayList<>();
            List<Map<Integer, Long>> busy = new ArrayList<>();
            for (Note n : notes) {
                int l = 0;
                while (l < sublayers.size() && busy.get(l).getOrDefault(n.pitch(), Long.MIN_VALUE) > n.onset()) l++;
                if (l == sublayers.size()) {
                    sublayers.add(new ArrayList<>());
                    busy.add(new java.util.HashMap<>());
                }
                sublayers.get(l).add(n);
                busy.get(l).merge(n.pitch(), n.end(), Math::max);
            }
            List<List<Group>> layers = new ArrayList<>();
            for (List<Note> layer : sublayers) {
                java.util.TreeSet<Long> cuts = new java.util.TreeSet<>();
                for (Note n : layer) {
                    cuts.add(n.onset());
                    cuts.add(n.end());
                }
                List<Group> groups = new ArrayList<>();
                Long from = null;
                for (long to : cuts) {
                    if (from != null) {
                        long a = from;
                        List<Note> sounding = layer.stream().filter(n -> n.onset() <= a && n.end() >= to).sorted(
                                java.util.Comparator.comparingInt(Note::pitch)).toList();
                        if (!sounding.isEmpty()) {
                            int[] pitches = sounding.stream().mapToInt(Note::pitch).toArray();
                            boolean[] tied = new boolean[pitches.length];
                            for (int k = 0; k < tied.length; k++) tied[k] = sounding.get(k).end() > to;
                            groups.add(new Group(a, to, pitches, tied));
                        }
                    }
                    from = to;
                }
                layers.add(groups);
            }
            return layers;
        }

        /** Writes one voice bar by bar. */
        private final class Writer {
            final Voice voice;
            final boolean first;
            final int[] next; // per layer: the first group not yet finished
            final List<Annotation> annotations = new ArrayList<>();
            final List<TempoChange> tempos = new ArrayList<>();
            KeySignature key;
            int[] keyAlter;
            final Integer[] barAlter = new Integer[7];
            int nextAnnotation, nextTempo;

            Writer(Voice voice, boolean first) {
                this.voice = voice;
                this.first = first;
                this.next = new int[voice.layers().size()];
                for (Annotation a : score.annotations())
                    if (a.part() == voice.index() || (first && (a.part() == Annotation.WHOLE_SCORE || a.part() >= score.parts().size())))
                        annotations.add(a);
                if (first) tempos.addAll(tempoMarks());
                setKey(keys.firstEntry().getValue());
            }

            private void setKey(KeySignature k) {
                key = k;
                keyAlter = Spelling.signature(k.fifths());
            }

            void bar(StringBuilder out, int index, boolean last) {
                Bar bar = bars.get(index);
                if (index > 0 && !sameMeter(bars.get(index - 1).meter(), bar.meter()))
                    out.append("[M:").append(bar.meter().numerator()).append('/').append(bar.meter().denominator()).append(']');
                // a key that changes at the bar line is written before the bar's first note, so every layer has it
                KeySignature barKey = keys.floorEntry(bar.start()).getValue();
                if (!sameKey(barKey, key)) {
                    out.append("[K:").append(keyName(barKey)).append(']');
                    setKey(barKey);
                }
                int layersInBar = 1;
                for (int l = 1; l < voice.layers().size(); l++) if (hasNotes(l, bar)) layersInBar = l + 1;
                for (int l = 0; l < layersInBar; l++) {
                    if (l > 0) out.append("& ");
                    Arrays.fill(barAlter, null); // an overlay has accidentals of its own
                    writePieces(out, pieces(l, bar), bar, l);
                }
                if (out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
                out.append(last ? "|]" : "|");
                Arrays.fill(barAlter, null);
            }

            private boolean hasNotes(int layer, Bar bar) {
                List<Group> groups = voice.layers().get(layer);
                for (int i = next[layer]; i < groups.size() && groups.get(i).onset() < bar.end(); i++)
                    if (groups.get(i).end() > bar.start()) return true;
                return false;
            }

            /** The pieces of one layer in one bar: its notes and the rests between them, split where they must be. */
            private List<Piece> pieces(int layer, Bar bar) {
                List<Piece> out = new ArrayList<>();
                List<Group> groups = voice.layers().get(layer);
                int i = next[layer];
                while (i < groups.size() && groups.get(i).end() <= bar.start()) i++;
                next[layer] = i;
                long at = bar.start();
                for (int j = i; j < groups.size() && groups.get(j).onset() < bar.end(); j++) {
                    Group g = groups.get(j);
                    long from = Math.max(g.onset(), bar.start()), to = Math.min(g.end(), bar.end());
                    if (from > at) segment(out, layer, bar, at, from, null, false, null);
                    segment(out, layer, bar, from, to, g.pitches(), g.end() > bar.end(), g.tiedOn());
                    at = to;
                }
                // overlays are filled to the bar line too: abc2midi goes on in an overlay from where it stopped
                if (at < bar.end()) segment(out, layer, bar, at, bar.end(), null, false, null);
                return out;
            }

            /**
             * A note or rest from {@code from} to {@code to}, split at key changes, at the annotations of the first layer
             * and at the beats; {@code tieOut} when the note goes on into the next bar, {@code tiedOn} (or null) the pitches
             * that go on, tied, in the layer's next group.
             */
            private void segment(List<Piece> out, int layer, Bar bar, long from, long to, int[] pitches, boolean tieOut,
                                 boolean[] tiedOn) {
                List<Long> cuts = new ArrayList<>();
                for (Long k : keys.subMap(from, false, to, false).keySet()) cuts.add(k);
                if (layer == 0)
                    for (Annotation a : annotations) if (a.tick() > from && a.tick() < to) cuts.add(a.tick());
                if (layer == 0) for (TempoChange t : tempos) if (t.tick() > from && t.tick() < to) cuts.add(t.tick());
                cuts.add(to);
                cuts = cuts.stream().distinct().sorted().toList();
                long at = from;
                for (long cut : cuts) {
                    boolean wholeBarRest = pitches == null && at == bar.start() && cut == bar.end()
                            && bar.end() - bar.start() == bar.beats().barTicks();
                    List<Long> lengths = wholeBarRest ? List.of(cut - at) : bar.beats().split(bar.position(at), bar.position(cut));
                    for (long length : lengths) {
                        List<Annotation> before = new ArrayList<>();
                        if (layer == 0)
                            while (nextAnnotation < annotations.size() && annotations.get(nextAnnotation).tick() <= at)
                                before.add(annotations.get(nextAnnotation++));
                        boolean[] tied = null;
                        if (pitches != null) {
                            tied = new boolean[pitches.length];
                            for (int k = 0; k < tied.length; k++)
                                tied[k] = at + length < to || tieOut || (tiedOn != null && tiedOn[k]);
                        }
                        out.add(new Piece(at, length, pitches, tied, before, keys.floorEntry(at).getValue()));
                        at += length;
                    }
                }
            }

            /**
             * Writes the pieces of one layer of a bar. Key changes inside the bar and tempo changes are written in the
             * first layer only; overlays are spelled in the key the first layer ends in, which is the key the reader
             * reads them in.
             */
            private void writePieces(StringBuilder out, List<Piece> pieces, Bar bar, int layer) {
                char rest = layer == 0 ? 'z' : 'x';
                for (int i = 0; i < pieces.size(); i++) {
                    Piece p = pieces.get(i);
                    if (layer == 0 && !sameKey(p.key(), key)) {
                        out.append("[K:").append(keyName(p.key())).append(']');
                        setKey(p.key());
                        Arrays.fill(barAlter, null); // the reader starts the bar's accidentals again at a key change
                    }
                    while (layer == 0 && nextTempo < tempos.size() && tempos.get(nextTempo).tick() <= p.start())
                        out.append("[Q:1/4=").append(bpm(tempos.get(nextTempo++).microsPerQuarter())).append(']');
                    for (Annotation a : p.before()) out.append(annotation(a));
                    if (tripletGroup(pieces, i, bar)) {
                        out.append("(3");
                        for (int k = 0; k < 3; k++) {
                            Piece q = pieces.get(i + k);
                            if (k > 0) for (Annotation a : q.before()) out.append(annotation(a));
                            element(out, q, tupletLength(q.length()), rest);
                        }
                        i += 2;
                        space(out, pieces.get(i), bar);
                        continue;
                    }
                    if (triplet(p.length())) {
                        out.append("(3:2:1");
                        element(out, p, tupletLength(p.length()), rest);
                    } else element(out, p, length(p.length()), rest);
                    space(out, p, bar);
                }
            }

            /** Whether pieces i..i+2 are three equal triplet notes that fill two plain values ({@code (3abc}). */
            private boolean tripletGroup(List<Piece> pieces, int i, Bar bar) {
                if (i + 2 >= pieces.size()) return false;
                Piece a = pieces.get(i);
                long l = a.length();
                if (!triplet(l) || (l * 3) % 2 != 0 || triplet(l * 3 / 2)) return false;
                for (int k = 1; k < 3; k++) {
                    Piece b = pieces.get(i + k);
                    if (b.length() != l || !sameKey(b.key(), key) || b.start() != a.start() + k * l) return false;
                }
                return sameKey(a.key(), key) && bar.position(a.start()) % (3 * l) == 0;
            }

            /** A space after a piece that ends on a beat or lasts a beat or more: notes are beamed by beat. */
            private void space(StringBuilder out, Piece p, Bar bar) {
                if (bar.beats().onBeat(bar.position(p.end())) || p.end() == bar.end()) out.append(' ');
            }

            private void element(StringBuilder out, Piece p, String length, char rest) {
                if (p.pitches() == null) {
                    out.append(rest).append(length);
                    return;
                }
                boolean all = true;
                for (boolean t : p.tied()) all &= t;
                if (p.pitches().length == 1) out.append(note(p.pitches()[0])).append(length);
                else {
                    out.append('[');
                    for (int k = 0; k < p.pitches().length; k++) {
                        out.append(note(p.pitches()[k]));
                        if (!all && p.tied()[k]) out.append('-'); // only some notes of the chord go on
                    }
                    out.append(']').append(length);
                }
                if (all) out.append('-');
            }

            /** The pitch spelled in the current key, with an accidental where the key or the bar needs one. */
            private String note(int midi) {
                return note(midi, false);
            }

            private String note(int midi, boolean accidental) {
                Spelling s = Spelling.of(midi + voice.writtenShift(), key);
                int letter = s.letter(), alter = s.alter();
                StringBuilder sb = new StringBuilder();
                if (accidental) {
                    sb.append(switch (alter) { case 2 -> "^^"; case 1 -> "^"; case -1 -> "_"; case -2 -> "__"; default -> "="; });
                } else if (barAlter[letter] != null || alter != keyAlter[letter]) {
                    sb.append(switch (alter) { case 2 -> "^^"; case 1 -> "^"; case -1 -> "_"; case -2 -> "__"; default -> "="; });
                    barAlter[letter] = alter;
                }
                int octave = s.octave() - 4; // 0 for C4..B4 (uppercase)
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

            private String annotation(Annotation a) {
                String text = oneLine(a.text());
                return switch (a.kind()) {
                    case CHORD_SYMBOL -> '"' + text.replace('"', '\'') + '"';
                    case TEXT -> "\"^" + text.replace('"', '\'') + '"';
                    case DECORATION -> text.matches("[A-Za-z0-9<>().^_'+/=#\\-]+") && !text.contains("!") ? "!" + text + "!"
                            : "\"^" + text.replace('"', '\'') + '"';
                    case GRACE_NOTES -> graceNotes(text);
                };
            }

            /**
             * "G5 A5" (with "/" first for an acciaccatura) as {@code {=g=a}}: every grace note with its accidental, so
             * that it reads right whatever the bar's accidentals (grace notes do not change them). Text that is not pitch
             * names is written as words.
             */
            private String graceNotes(String text) {
                String t = text.trim();
                StringBuilder sb = new StringBuilder("{");
                if (t.startsWith("/")) {
                    sb.append('/');
                    t = t.substring(1).trim();
                }
                int notes = 0;
                for (String name : t.split("\\s+")) {
                    if (name.isEmpty()) continue;
                    try {
                        sb.append(note(Pitch.parse(name), true));
                        notes++;
                    } catch (IllegalArgumentException e) {
                        return "\"^" + oneLine(text).replace('"', '\'') + '"';
                    }
                }
                return notes == 0 ? "" : sb.append('}').toString();
            }
        }

        /** A triplet length: its eighths have a factor 3 in the denominator (2/3, 1/3), so it is written in a tuplet. */
        private boolean triplet(long ticks) {
            long num = 2 * ticks, den = tpq;
            long g = gcd(num, den);
            return (den / g) % 3 == 0;
        }

        /** The written length of a note in a triplet: 3/2 of its length. */
        private String tupletLength(long ticks) {
            return length(3 * ticks, 2);
        }

        private String length(long ticks) {
            return length(ticks, 1);
        }

        /** A length of {@code ticks / divisor} in eighth notes (L:1/8): "" for 1, "2", "/", "3/2". */
        private String length(long ticks, long divisor) {
            long num = 2 * ticks, den = (long) tpq * divisor;
            long g = gcd(num, den);
            num /= g;
            den /= g;
            if (den == 1) return num == 1 ? "" : Long.toString(num);
            if (num == 1 && den == 2) return "/";
            return (num == 1 ? "" : Long.toString(num)) + "/" + den;
        }
    }

    private static boolean sameKey(KeySignature a, KeySignature b) {
        return a.fifths() == b.fifths() && a.mode().equals(b.mode());
    }

    private static boolean sameMeter(TimeSignature a, TimeSignature b) {
        return a.numerator() == b.numerator() && a.denominator() == b.denominator();
    }

    private static long gcd(long a, long b) {
        return java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).longValue(); // non-negative, gcd(0, 0) = 0
    }

    /** Quarter notes per minute as written in Q:, exact enough that the reader gets {@code micros} back. */
    static String bpm(int micros) {
        if (60_000_000 % micros == 0) return Long.toString(60_000_000L / micros);
        for (int digits = 0; digits <= 6; digits++) {
            BigDecimal q = BigDecimal.valueOf(60_000_000.0 / micros).setScale(digits, RoundingMode.HALF_UP);
            if (Math.round(60_000_000.0 / q.doubleValue()) == micros) return q.stripTrailingZeros().toPlainString();
        }
        return BigDecimal.valueOf(60_000_000.0 / micros).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
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
