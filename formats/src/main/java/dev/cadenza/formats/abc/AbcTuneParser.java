package dev.cadenza.formats.abc;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one tune: first the written events (notes with their pitches already resolved against key and bar
 * accidentals, bar lines, marks), then the playback order (parts and repeats expanded), then the timeline.
 * One instance per tune; not thread-safe.
 */
final class AbcTuneParser {
    static final int VELOCITY = 80;

    /** A note, chord or rest as written: one length per pitch, the advance of the time cursor. */
    private record Sound(int[] pitches, Rational[] lengths, boolean[] tied, Rational advance) {
        Sound scaled(Rational factor) {
            Rational[] l = new Rational[lengths.length];
            for (int k = 0; k < l.length; k++) l[k] = lengths[k].times(factor);
            return new Sound(pitches, l, tied, advance.times(factor));
        }

        Sound withTies() {
            boolean[] t = new boolean[tied.length];
            Arrays.fill(t, true);
            return new Sound(pitches, lengths, t, advance);
        }
    }

    /** A bar line; {@code endings} non-null when it opens a numbered ending ({@code [1}, {@code :|2}). */
    private record Bar(boolean repeatEnd, boolean repeatStart, boolean sectionEnd, int[] endings) {}

    private record Text(Annotation.Kind kind, String text) {}

    private record MeterMark(int numerator, int denominator) {}

    private record KeyMark(int fifths, String mode) {}

    private record TempoMark(int microsPerQuarter) {}

    private record PartMark(String label) {}

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z]):(.*)$");
    /** Chord symbols as the corpora write them: root, quality, extensions, optional bass; "(E7)" as optional chord. */
    private static final Pattern CHORD_SYMBOL = Pattern.compile(
            "\\(?[A-G][#b]?(maj|min|dim|aug|sus|m|M|d|a|o|\\+)?(([#b]|add|sus)?[0-9]{1,2})*(/[A-Ga-g][#b+\\-]?)?\\)?");
    private static final String DECORATION_LETTERS = "~.HLMOPSTuv";

    private final String source;
    private final AbcTune tune;
    private final String[] lines;

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String number = "";
    private String title = "";

    // State while reading the body.
    private Rational unitLength;
    private int meterNumerator = 4, meterDenominator = 4;
    private boolean freeMeter = true;
    private final int[] keyAccidentals = new int[7];
    /** Explicit accidentals of the current bar per letter (C=0..B=6), as abc2midi applies them: in every octave. */
    private final Integer[] barAccidentals = new Integer[7];
    private int tupletLeft;
    private Rational tupletFactor = Rational.ONE;
    private Rational nextFactor;
    private int lastSound = -1;
    private String voice;

    private final List<Object> events = new ArrayList<>();

    private int line;
    private int column;

    AbcTuneParser(AbcTune tune, String source) {
        this.tune = tune;
        this.source = source;
        this.lines = tune.text().split("\n", -1);
        this.number = tune.number();
        this.title = tune.title();
    }

    Score parse() {
        int li = readHeader();
        for (; li < lines.length; li++) bodyLine(li);
        return timeline();
    }

    // ---------------------------------------------------------------- header

    private int readHeader() {
        boolean sawKey = false;
        int li = 0;
        String lengthValue = null;
        for (; li < lines.length && !sawKey; li++) {
            String raw = stripComment(lines[li]);
            line = li;
            column = 0;
            if (raw.isBlank() || raw.startsWith("%")) continue;
            Matcher m = FIELD.matcher(raw);
            if (!m.matches())
                throw error("expected a header field (X:, T:, M:, L:, K: ...) before the music; the header must end with a K: line");
            char f = m.group(1).charAt(0);
            String value = m.group(2).trim();
            column = raw.indexOf(':') + 1;
            keep(String.valueOf(f), value);
            switch (f) {
                case 'X' -> { if (number.isEmpty()) number = value; }
                case 'T' -> { if (title.isEmpty()) title = value; }
                case 'M' -> meter(firstToken(value));
                case 'L' -> {
                    lengthValue = value;
                    unitLength = length(firstToken(value));
                }
                case 'Q' -> events.add(new TempoMark(tempo(value)));
                case 'K' -> {
                    sawKey = true;
                    key(value);
                }
                case 'V' -> voice(value);
                default -> { } // other fields (Z, S, R, N, P, Y, C, O, ...) are kept as metadata only
            }
        }
        if (!sawKey) {
            line = Math.max(0, lines.length - 1);
            column = 0;
            throw error("the tune has no K: field; the header must end with a K: line");
        }
        if (unitLength == null) unitLength = defaultUnitLength();
        if (lengthValue == null) metadata.putIfAbsent("L(default)", unitLength.toString());
        return li;
    }

    /** ABC's default unit length: 1/16 when the meter is below 3/4, else 1/8 (1/8 for free meter). */
    private Rational defaultUnitLength() {
        if (freeMeter) return Rational.of(1, 8);
        return 4L * meterNumerator < 3L * meterDenominator ? Rational.of(1, 16) : Rational.of(1, 8);
    }

    private void keep(String field, String value) {
        metadata.merge(field, value, (a, b) -> a + "\n" + b);
    }

    // ---------------------------------------------------------------- body lines

    private void bodyLine(int li) {
        String raw = lines[li];
        line = li;
        column = 0;
        if (raw.startsWith("%")) return; // comments and %% directives (MIDI, formatting) do not change the notes
        String text = stripComment(raw);
        if (text.isBlank()) return; // a blank line inside a tune is read as a line break (see AbcReader)
        Matcher m = FIELD.matcher(text);
        if (m.matches()) {
            bodyField(m.group(1).charAt(0), m.group(2), text.indexOf(':') + 1, li);
            return;
        }
        music(text, 0);
    }

    private void bodyField(char f, String rawValue, int valueStart, int li) {
        column = valueStart;
        String value = rawValue.trim();
        switch (f) {
            case 'K' -> {
                Arrays.fill(barAccidentals, null);
                key(value);
            }
            case 'M', 'L' -> {
                // A meter or length token followed by music on the same line (three tunes of irish.abc write
                // "M:6/8 Ddd e3|..."): the token is the field, the rest is read as music of that line.
                String token = firstToken(value);
                if (f == 'M') meter(token);
                else unitLength = length(token);
                int at = lines[li].indexOf(token, valueStart) + token.length();
                if (at < stripComment(lines[li]).length() && !stripComment(lines[li]).substring(at).isBlank())
                    music(stripComment(lines[li]), at);
            }
            case 'Q' -> events.add(new TempoMark(tempo(value)));
            case 'P' -> events.add(new PartMark(value));
            case 'V' -> voice(value);
            case 'T' -> keep("T", value);
            default -> { } // lyrics (w:, W:), notes (N:) and other fields carry no pitches or times
        }
    }

    private void voice(String value) {
        String id = firstToken(value);
        if (voice == null) voice = id;
        else if (!voice.equals(id))
            throw error("a second voice V:" + id + " (after V:" + voice + "): only single-voice tunes are supported");
    }

    private static String stripComment(String s) {
        int i = s.indexOf('%');
        while (i > 0 && s.charAt(i - 1) == '\\') i = s.indexOf('%', i + 1);
        return i < 0 ? s : s.substring(0, i);
    }

    private static String firstToken(String value) {
        String v = value.trim();
        int sp = 0;
        while (sp < v.length() && !Character.isWhitespace(v.charAt(sp))) sp++;
        return v.substring(0, sp);
    }

    // ---------------------------------------------------------------- music

    private void music(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            column = i;
            if (c == ' ' || c == '\t' || c == '\\' || c == '`' || c == 'y' || c == ')') {
                i++; // beam breaks, continuations, spacers and slur ends do not change the notes
            } else if (c == '"') {
                int j = s.indexOf('"', i + 1);
                if (j < 0) throw error("unclosed chord symbol or annotation: expected a closing '\"'");
                text(s.substring(i + 1, j));
                i = j + 1;
            } else if (c == '!') {
                i = decoration(s, i, '!');
            } else if (c == '+') {
                int next = decoration(s, i, '+');
                if (next == i + 1) throw error("unexpected '+': expected a +decoration+");
                i = next;
            } else if ((c == 'K' || c == 'M' || c == 'L' || c == 'Q') && i + 1 < n && s.charAt(i + 1) == ':') {
                // An unbracketed field in the middle of a line ("| M:4/4 egdB", irish.abc X:138): read up to the
                // next space as if it were written [M:4/4].
                int j = i + 2;
                while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
                inlineField(c, s.substring(i + 2, j));
                i = j;
            } else if (DECORATION_LETTERS.indexOf(c) >= 0) {
                i++; // decorations: ornaments do not change pitch or length
            } else if (c == '{') {
                int j = s.indexOf('}', i + 1);
                if (j < 0) throw error("unclosed grace notes: expected '}'");
                i = j + 1; // grace notes are skipped: they take no time of their own
            } else if (c == '(') {
                i = (i + 1 < n && Character.isDigit(s.charAt(i + 1))) ? tuplet(s, i) : i + 1; // else a slur
            } else if (c == '[') {
                if (i + 2 < n && Character.isLetter(s.charAt(i + 1)) && s.charAt(i + 2) == ':') {
                    int j = s.indexOf(']', i);
                    if (j < 0) throw error("unclosed inline field: expected ']'");
                    column = i + 3;
                    inlineField(s.charAt(i + 1), s.substring(i + 3, j));
                    i = j + 1;
                } else if (i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                    i = ending(s, i + 1, false, false, false);
                } else if (i + 1 < n && s.charAt(i + 1) == '|') {
                    i = bar(s, i);
                } else {
                    i = chord(s, i);
                }
            } else if (c == '|' || c == ':') {
                i = bar(s, i);
            } else if (c == '<' || c == '>') {
                i = broken(s, i);
            } else if (c == '-') {
                if (lastSound < 0) throw error("a tie '-' must follow a note");
                events.set(lastSound, ((Sound) events.get(lastSound)).withTies());
                i++;
            } else if (c == 'Z' || c == 'X') {
                i = multiMeasureRest(s, i);
            } else if (isNoteStart(c)) {
                i = note(s, i);
            } else if (c == ']') {
                throw error("unexpected ']' without a matching '['");
            } else if (Character.isDigit(c) || c == '/') {
                throw error("unexpected length '" + c + "': a length must follow a note or rest");
            } else if (c == '&') {
                throw error("voice overlay '&' is not supported");
            } else {
                throw error("unexpected character '" + printable(c) + "'");
            }
        }
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static boolean isNoteStart(char c) {
        return c == '^' || c == '_' || c == '=' || (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g') || c == 'z' || c == 'x';
    }

    /** Skips {@code !trill!}; a lone '!' (irish.abc ends body lines with it) is an old-style line break. */
    private int decoration(String s, int i, char delimiter) {
        int j = s.indexOf(delimiter, i + 1);
        if (j > i + 1) {
            String word = s.substring(i + 1, j);
            if (word.matches("[A-Za-z0-9<>().^_'+\\-]+") && !word.equals("+")) return j + 1;
        }
        return i + 1;
    }

    private void text(String t) {
        String trimmed = t.trim();
        if (CHORD_SYMBOL.matcher(trimmed).matches()) events.add(new Text(Annotation.Kind.CHORD_SYMBOL, trimmed));
        else if (!t.isEmpty() && "^_<>@".indexOf(t.charAt(0)) >= 0) events.add(new Text(Annotation.Kind.TEXT, t.substring(1))); // placement mark
        else events.add(new Text(Annotation.Kind.TEXT, t));
    }

    private void inlineField(char f, String value) {
        switch (f) {
            case 'K' -> {
                Arrays.fill(barAccidentals, null);
                key(value.trim());
            }
            case 'M' -> meter(firstToken(value));
            case 'L' -> unitLength = length(firstToken(value));
            case 'Q' -> events.add(new TempoMark(tempo(value.trim())));
            case 'P' -> events.add(new PartMark(value.trim()));
            case 'V' -> voice(value);
            default -> { } // [r:remark], [I:...], [w:...] carry no notes
        }
    }

    private int tuplet(String s, int i) {
        int j = i + 1;
        int p = s.charAt(j++) - '0';
        Integer q = null, r = null;
        if (j < s.length() && s.charAt(j) == ':') {
            j++;
            int k = j;
            while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
            if (k > j) q = Integer.parseInt(s.substring(j, k));
            j = k;
            if (j < s.length() && s.charAt(j) == ':') {
                j++;
                k = j;
                while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
                if (k > j) r = Integer.parseInt(s.substring(j, k));
                j = k;
            }
        }
        if (p < 2) throw error("tuplet (" + p + ": expected (2 to (9");
        if (q == null) {
            boolean compound = !freeMeter && meterNumerator % 3 == 0 && meterNumerator > 3;
            q = switch (p) {
                case 2, 4, 8 -> 3;
                case 3, 6 -> 2;
                default -> compound ? 3 : 2;
            };
        }
        if (q < 1) throw error("tuplet (" + p + ":" + q + ": the time must be at least 1");
        tupletFactor = Rational.of(q, p);
        tupletLeft = r == null ? p : r;
        return j;
    }

    /** Reads a bar-line run such as {@code |}, {@code ||}, {@code :|}, {@code |:}, {@code ::}, {@code :|2}, {@code [|}. */
    private int bar(String s, int i) {
        int j = i;
        int n = s.length();
        while (j < n) {
            char c = s.charAt(j);
            if (c == '|' || c == ':') j++;
            else if (c == ']' && j > i && s.charAt(j - 1) == '|') j++;
            else if (c == '[' && j + 1 < n && s.charAt(j + 1) == '|') j++;
            else break;
        }
        String run = s.substring(i, j);
        if (run.indexOf('|') < 0 && !run.equals("::")) throw error("unexpected '" + run + "': expected a bar line such as ':|' or '|:'");
        boolean repeatEnd = run.startsWith(":");
        boolean repeatStart = run.endsWith(":") && (run.length() > 1);
        boolean sectionEnd = run.contains("||") || run.contains("|]") || run.contains("[|");
        Arrays.fill(barAccidentals, null);
        if (j < n && Character.isDigit(s.charAt(j)) && run.endsWith("|"))
            return ending(s, j, repeatEnd, repeatStart, sectionEnd);
        events.add(new Bar(repeatEnd, repeatStart, sectionEnd, null));
        return j;
    }

    /** Reads the numbers of an ending ({@code 1}, {@code 2}, {@code 1,3}, {@code 1-3}) starting at {@code j}. */
    private int ending(String s, int j, boolean repeatEnd, boolean repeatStart, boolean sectionEnd) {
        int n = s.length();
        List<Integer> numbers = new ArrayList<>();
        while (j < n && Character.isDigit(s.charAt(j))) {
            int k = j;
            while (k < n && Character.isDigit(s.charAt(k))) k++;
            int first = Integer.parseInt(s.substring(j, k));
            int last = first;
            j = k;
            if (j + 1 < n && s.charAt(j) == '-' && Character.isDigit(s.charAt(j + 1))) {
                k = j + 1;
                while (k < n && Character.isDigit(s.charAt(k))) k++;
                last = Integer.parseInt(s.substring(j + 1, k));
                j = k;
            }
            if (first < 1 || last < first || last > 99) throw error("ending numbers must be 1..99 in increasing order");
            for (int e = first; e <= last; e++) numbers.add(e);
            if (j + 1 < n && s.charAt(j) == ',' && Character.isDigit(s.charAt(j + 1))) j++;
            else break;
        }
        int[] endings = numbers.stream().mapToInt(Integer::intValue).toArray();
        events.add(new Bar(repeatEnd, repeatStart, sectionEnd, endings));
        return j;
    }

    private int broken(String s, int i) {
        char c = s.charAt(i);
        int j = i;
        while (j < s.length() && s.charAt(j) == c) j++;
        int k = j - i;
        if (k > 3) throw error("broken rhythm '" + s.substring(i, j) + "': at most three '" + c + "'");
        if (lastSound < 0) throw error("broken rhythm '" + c + "' must follow a note");
        long den = 1L << k;
        Rational longer = Rational.of(2 * den - 1, den), shorter = Rational.of(1, den);
        Sound previous = (Sound) events.get(lastSound);
        events.set(lastSound, previous.scaled(c == '>' ? longer : shorter));
        nextFactor = c == '>' ? shorter : longer;
        return j;
    }

    private int multiMeasureRest(String s, int i) {
        int j = i + 1;
        int k = j;
        while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
        int bars = k > j ? Integer.parseInt(s.substring(j, k)) : 1;
        if (freeMeter) throw error("multi-measure rest '" + s.charAt(i) + "' needs a meter (M:)");
        if (bars < 1) throw error("multi-measure rest of " + bars + " bars");
        Rational bar = Rational.of((long) meterNumerator * bars, meterDenominator);
        events.add(new Sound(new int[0], new Rational[0], new boolean[0], bar));
        lastSound = -1;
        return k;
    }

    /** One parsed note inside a chord or alone: MIDI pitch (-1 for a rest), length, tie, next index. */
    private record Written(int pitch, Rational length, boolean tied, int next) {}

    private int note(String s, int i) {
        Written w = written(s, i);
        int j = w.next();
        if (w.pitch() < 0) addSound(new int[0], new Rational[0], new boolean[0], w.length());
        else addSound(new int[] {w.pitch()}, new Rational[] {w.length()}, new boolean[] {w.tied()}, w.length());
        return j;
    }

    private Written written(String s, int i) {
        int n = s.length();
        int start = i;
        Integer accidental = null;
        if (s.charAt(i) == '^' || s.charAt(i) == '_' || s.charAt(i) == '=') {
            char a = s.charAt(i);
            if (a == '=') {
                accidental = 0;
                i++;
            } else {
                accidental = a == '^' ? 1 : -1;
                i++;
                if (i < n && s.charAt(i) == a) {
                    accidental *= 2;
                    i++;
                }
            }
        }
        column = i;
        if (i >= n) throw error("expected a note letter after the accidental");
        char letter = s.charAt(i);
        boolean rest = letter == 'z' || letter == 'x';
        if (!rest && "CDEFGABcdefgab".indexOf(letter) < 0)
            throw error("expected a note letter A-G or a-g, found '" + printable(letter) + "'");
        if (rest && accidental != null) throw error("a rest cannot have an accidental");
        i++;
        int octave = 0;
        while (i < n && (s.charAt(i) == '\'' || s.charAt(i) == ',')) {
            octave += s.charAt(i) == '\'' ? 1 : -1;
            i++;
        }
        int[] next = {i};
        Rational length = unitLength.times(multiplier(s, next));
        i = next[0];
        boolean tied = false;
        if (i < n && s.charAt(i) == '-') {
            tied = true;
            i++;
        }
        if (rest) return new Written(-1, length, false, i);
        int index = "CDEFGAB".indexOf(Character.toUpperCase(letter));
        int base = new int[] {0, 2, 4, 5, 7, 9, 11}[index] + 60 + (Character.isLowerCase(letter) ? 12 : 0) + 12 * octave;
        int alter;
        if (accidental != null) {
            barAccidentals[index] = accidental;
            alter = accidental;
        } else if (barAccidentals[index] != null) {
            alter = barAccidentals[index];
        } else {
            alter = keyAccidentals[index];
        }
        int pitch = base + alter;
        if (pitch < 0 || pitch > 127) {
            column = start;
            throw error("note '" + s.substring(start, i) + "' is outside the MIDI range 0..127");
        }
        return new Written(pitch, length, tied, i);
    }

    /** Reads a length multiplier: {@code 2}, {@code /2}, {@code 3/2}, {@code /}, {@code //}; none is 1. */
    private Rational multiplier(String s, int[] at) {
        int i = at[0];
        int n = s.length();
        long num = 1, den = 1;
        int k = i;
        while (k < n && Character.isDigit(s.charAt(k))) k++;
        if (k > i) {
            if (k - i > 4) throw error("length '" + s.substring(i, k) + "' is too long");
            num = Long.parseLong(s.substring(i, k));
            i = k;
        }
        while (i < n && s.charAt(i) == '/') {
            i++;
            k = i;
            while (k < n && Character.isDigit(s.charAt(k))) k++;
            if (k > i) {
                if (k - i > 4) throw error("length '/" + s.substring(i, k) + "' is too long");
                den *= Long.parseLong(s.substring(i, k));
                i = k;
            } else {
                den *= 2;
            }
            if (den > 1 << 12) throw error("length divisor is too large");
        }
        if (num == 0 || den == 0) throw error("a length must not be zero");
        at[0] = i;
        return Rational.of(num, den);
    }

    private int chord(String s, int i) {
        int open = i;
        int n = s.length();
        i++;
        List<Written> notes = new ArrayList<>();
        while (true) {
            if (i >= n) {
                column = open;
                throw error("unclosed chord: expected ']'");
            }
            char c = s.charAt(i);
            if (c == ']') break;
            column = i;
            if (c == ' ' || c == '\t') i++;
            else if (c == '!' || c == '+') i = decoration(s, i, c);
            else if (DECORATION_LETTERS.indexOf(c) >= 0 || c == '(' || c == ')') i++;
            else if (c == '"') {
                int j = s.indexOf('"', i + 1);
                if (j < 0) throw error("unclosed annotation inside a chord: expected '\"'");
                text(s.substring(i + 1, j));
                i = j + 1;
            } else if (isNoteStart(c) && c != 'z' && c != 'x') {
                Written w = written(s, i);
                notes.add(w);
                i = w.next();
            } else throw error("unexpected '" + printable(c) + "' inside a chord: expected notes and ']'");
        }
        i++;
        if (notes.isEmpty()) {
            column = open;
            throw error("empty chord '[]'");
        }
        int[] next = {i};
        column = i;
        Rational factor = multiplier(s, next);
        i = next[0];
        boolean tieAll = false;
        if (i < n && s.charAt(i) == '-') {
            tieAll = true;
            i++;
        }
        int[] pitches = new int[notes.size()];
        Rational[] lengths = new Rational[notes.size()];
        boolean[] tied = new boolean[notes.size()];
        for (int k = 0; k < pitches.length; k++) {
            pitches[k] = notes.get(k).pitch();
            lengths[k] = notes.get(k).length().times(factor);
            tied[k] = tieAll || notes.get(k).tied();
        }
        // The chord advances by its first note, as abc2midi plays it.
        addSound(pitches, lengths, tied, lengths[0]);
        return i;
    }

    private void addSound(int[] pitches, Rational[] lengths, boolean[] tied, Rational advance) {
        Sound sound = new Sound(pitches, lengths, tied, advance);
        if (tupletLeft > 0) {
            sound = sound.scaled(tupletFactor);
            tupletLeft--;
        }
        if (nextFactor != null) {
            sound = sound.scaled(nextFactor);
            nextFactor = null;
        }
        events.add(sound);
        lastSound = events.size() - 1;
    }

    // ---------------------------------------------------------------- field values

    private void meter(String value) {
        String v = value.trim();
        if (v.equals("C")) setMeter(4, 4);
        else if (v.equals("C|")) setMeter(2, 2);
        else if (v.isEmpty() || v.equalsIgnoreCase("none")) freeMeter = true;
        else {
            Matcher m = Pattern.compile("\\(?([0-9]+(?:\\+[0-9]+)*)\\)?/([0-9]+)").matcher(v);
            if (!m.matches()) throw error("meter '" + v + "': expected C, C|, none or n/d such as 6/8");
            int num = 0;
            for (String part : m.group(1).split("\\+")) num += Integer.parseInt(part);
            int den = Integer.parseInt(m.group(2));
            if (num <= 0 || num > 64 || den <= 0 || Integer.bitCount(den) != 1 || den > 64)
                throw error("meter '" + v + "': expected a positive numerator and a power-of-two denominator");
            setMeter(num, den);
        }
        events.add(new MeterMark(freeMeter ? 0 : meterNumerator, meterDenominator));
    }

    private void setMeter(int num, int den) {
        meterNumerator = num;
        meterDenominator = den;
        freeMeter = false;
    }

    private Rational length(String value) {
        Matcher m = Pattern.compile("([0-9]{1,4})(?:/([0-9]{1,4}))?").matcher(value.trim());
        if (!m.matches()) throw error("unit length '" + value + "': expected a fraction such as 1/8");
        long num = Long.parseLong(m.group(1));
        long den = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
        if (num == 0 || den == 0) throw error("unit length '" + value + "' must not be zero");
        return Rational.of(num, den);
    }

    /**
     * Tempo in microseconds per quarter: {@code 1/4=120}, {@code "Allegro" 3/8=60}, or a plain number, which ABC 1.6
     * (and abc2midi) read as unit notes (L:) per minute.
     */
    private int tempo(String value) {
        String v = value.replaceAll("\"[^\"]*\"", " ").trim();
        if (v.isEmpty()) return Score.DEFAULT_MICROS_PER_QUARTER; // text only, e.g. Q:"Allegro"
        Matcher m = Pattern.compile("((?:[0-9]+/[0-9]+\\s*)+)=\\s*([0-9]+(?:\\.[0-9]+)?)").matcher(v);
        Matcher old = Pattern.compile("(?:C[0-9]*\\s*=\\s*)?([0-9]+(?:\\.[0-9]+)?)").matcher(v);
        double quartersPerBeat;
        double bpm;
        if (m.matches()) {
            Rational beat = Rational.ZERO;
            for (String f : m.group(1).trim().split("\\s+")) beat = beat.plus(length(f));
            quartersPerBeat = 4.0 * beat.num() / beat.den();
            bpm = Double.parseDouble(m.group(2));
        } else if (old.matches()) {
            Rational unit = unitLength != null ? unitLength : defaultUnitLength();
            quartersPerBeat = 4.0 * unit.num() / unit.den();
            bpm = Double.parseDouble(old.group(1));
        } else throw error("tempo '" + value + "': expected a beat and a rate such as 1/4=120");
        double quartersPerMinute = bpm * quartersPerBeat;
        if (!(quartersPerMinute >= 1 && quartersPerMinute <= 100_000))
            throw error("tempo '" + value + "': expected 1 to 100000 quarter notes per minute");
        return (int) Math.round(60_000_000.0 / quartersPerMinute);
    }

    private static final Map<String, Integer> MODES = Map.ofEntries(
            Map.entry("major", 0), Map.entry("ionian", 0), Map.entry("lydian", 1), Map.entry("mixolydian", -1),
            Map.entry("dorian", -2), Map.entry("minor", -3), Map.entry("phrygian", -4), Map.entry("locrian", -5));

    private void key(String value) {
        String v = value.trim();
        // Clef and other voice properties may follow the key: only the key itself and explicit accidentals count.
        String[] tokens = v.isEmpty() ? new String[0] : v.split("\\s+");
        int fifths;
        String mode;
        int t = 0;
        if (tokens.length == 0 || tokens[0].equalsIgnoreCase("none") || tokens[0].equals("HP")) {
            fifths = 0;
            mode = "major";
            t = tokens.length == 0 ? 0 : 1;
        } else {
            String tok = tokens[0];
            char tonic = tok.charAt(0);
            int letterFifths = "FCGDAEB".indexOf(Character.toUpperCase(tonic)) - 1;
            if (letterFifths < -1 || !Character.isLetter(tonic))
                throw error("key '" + v + "': expected a tonic A-G, e.g. G, Am, Bb, D Mixolydian or A Dorian");
            int k = 1;
            if (k < tok.length() && (tok.charAt(k) == '#' || tok.charAt(k) == 'b')) {
                letterFifths += tok.charAt(k) == '#' ? 7 : -7;
                k++;
            }
            String modeText = tok.substring(k);
            t = 1;
            if (modeText.isEmpty() && tokens.length > 1 && tokens[1].matches("[A-Za-z]+") && modeName(tokens[1]) != null) {
                modeText = tokens[1];
                t = 2;
            }
            mode = modeText.isEmpty() ? "major" : modeName(modeText);
            if (mode == null)
                throw error("key '" + v + "': unknown mode '" + modeText + "'; expected major, minor (m), dorian, mixolydian, ...");
            fifths = letterFifths + MODES.get(mode);
            if (fifths < -7 || fifths > 7) throw error("key '" + v + "' needs more than 7 sharps or flats");
        }
        Arrays.fill(keyAccidentals, 0);
        for (int f = 0; f < Math.abs(fifths); f++) {
            int letter = "CDEFGAB".indexOf(fifths > 0 ? "FCGDAEB".charAt(f) : "BEADGCF".charAt(f));
            keyAccidentals[letter] = fifths > 0 ? 1 : -1;
        }
        for (; t < tokens.length; t++) {
            String tok = tokens[t];
            Matcher m = Pattern.compile("(\\^\\^|\\^|__|_|=)([A-Ga-g])").matcher(tok);
            if (m.matches()) {
                int alter = switch (m.group(1)) { case "^^" -> 2; case "^" -> 1; case "__" -> -2; case "_" -> -1; default -> 0; };
                keyAccidentals["CDEFGAB".indexOf(Character.toUpperCase(m.group(2).charAt(0)))] = alter;
            }
            // other tokens (clef=treble, transpose=..., middle=...) do not change sounding pitches we read
        }
        events.add(new KeyMark(fifths, mode));
    }

    private static String modeName(String text) {
        String m = text.toLowerCase(Locale.ROOT);
        if (m.equals("m")) return "minor";
        if (m.length() < 3) return null;
        String p = m.substring(0, 3);
        return switch (p) {
            case "maj", "ion" -> "major";
            case "min", "aeo" -> "minor";
            case "dor" -> "dorian";
            case "phr" -> "phrygian";
            case "lyd" -> "lydian";
            case "mix" -> "mixolydian";
            case "loc" -> "locrian";
            default -> null;
        };
    }

    // ---------------------------------------------------------------- playback order

    /** Event indices in playback order: header P: part order (when the body labels its parts), then repeats. */
    private List<Integer> playbackOrder() {
        String order = metadata.get("P");
        Map<String, List<Integer>> parts = new LinkedHashMap<>();
        List<Integer> intro = new ArrayList<>();
        List<Integer> current = intro;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof PartMark p) {
                current = parts.computeIfAbsent(p.label(), k -> new ArrayList<>());
                current.add(i);
            } else current.add(i);
        }
        if (order == null || parts.isEmpty()) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) all.add(i);
            return expandRepeats(all);
        }
        List<Integer> played = new ArrayList<>(expandRepeats(intro));
        for (String label : partOrder(order.split("\n")[0])) {
            List<Integer> part = parts.get(label);
            if (part != null) played.addAll(expandRepeats(part));
        }
        return played;
    }

    /** "ABACA" -> A B A C A; "A2B" -> A A B; "(AB)2" -> A B A B. Dots and spaces are separators. */
    private List<String> partOrder(String spec) {
        List<List<String>> stack = new ArrayList<>();
        stack.add(new ArrayList<>());
        List<String> last = List.of();
        String s = spec.replaceAll("[.\\s]", "");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                last = List.of(String.valueOf(c));
                stack.get(stack.size() - 1).addAll(last);
            } else if (Character.isDigit(c)) {
                int times = c - '0';
                List<String> top = stack.get(stack.size() - 1);
                for (int k = 1; k < times; k++) top.addAll(last);
            } else if (c == '(') {
                stack.add(new ArrayList<>());
            } else if (c == ')' && stack.size() > 1) {
                last = stack.remove(stack.size() - 1);
                stack.get(stack.size() - 1).addAll(last);
            }
        }
        return stack.get(0);
    }

    /**
     * Plays {@code |: :|} sections twice and numbered endings on their pass. A {@code :|} goes back to the last
     * {@code |:}; without one, to the start of the tune, or (once a repeat has been played) to the last
     * {@code ||}, {@code |]} or end of a repeat, as abc2midi does. After numbered endings closed by {@code ||} or
     * {@code |]}, a new section starts there (abc2midi instead goes back to the section before the endings).
     */
    private List<Integer> expandRepeats(List<Integer> indices) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        int pass = 1;
        int[] region = null; // endings of the numbered ending being played
        boolean skipping = false;
        boolean repeated = false; // a repeat has been completed: from now on || and |] also start sections
        boolean open = false; // a |: waits for its :|, so || and |] inside that section do not move the start
        int guard = 0;
        for (int k = 0; k < indices.size(); k++) {
            if (++guard > 100 * (indices.size() + 10)) // cannot happen: each jump back raises the pass, at most 99
                throw new IllegalStateException("repeat expansion of tune X:" + number + " does not end");
            Object e = events.get(indices.get(k));
            if (!(e instanceof Bar b)) {
                if (!skipping) out.add(indices.get(k));
                continue;
            }
            if (skipping) {
                if (b.endings() != null && contains(b.endings(), pass)) {
                    skipping = false;
                    region = b.endings();
                } else if (b.endings() == null && (b.repeatStart() || (b.sectionEnd() && !b.repeatEnd()))) {
                    skipping = false;
                    region = null;
                    pass = 1;
                    start = k + 1;
                }
                continue;
            }
            if (b.repeatEnd()) {
                int passes = region == null ? 2 : Math.max(2, maxEndingFrom(indices, k, region));
                if (pass < passes) {
                    pass++;
                    region = null;
                    k = start - 1;
                    continue;
                }
                pass = 1;
                region = null;
                start = k + 1;
                repeated = true;
                open = false;
            } else if (b.sectionEnd() || b.repeatStart()) {
                if (region != null || (pass == 1 && repeated && !open)) {
                    if (region != null) repeated = true; // the endings closed here finish a repeat
                    region = null;
                    pass = 1;
                    start = k + 1;
                }
            }
            if (b.repeatStart()) {
                pass = 1;
                region = null;
                start = k + 1;
                open = true;
            }
            if (b.endings() != null) {
                if (contains(b.endings(), pass)) region = b.endings();
                else skipping = true;
            }
        }
        return out;
    }

    private static boolean contains(int[] endings, int pass) {
        for (int e : endings) if (e == pass) return true;
        return false;
    }

    /** The highest ending number from the current region on to the end of this repeat section. */
    private int maxEndingFrom(List<Integer> indices, int k, int[] region) {
        int max = Arrays.stream(region).max().orElse(1);
        for (int j = k + 1; j < indices.size(); j++) {
            if (!(events.get(indices.get(j)) instanceof Bar b)) continue;
            if (b.endings() != null) max = Math.max(max, Arrays.stream(b.endings()).max().orElse(1));
            else if (b.repeatStart() || b.sectionEnd()) break;
            else if (b.repeatEnd()) continue;
        }
        return max;
    }

    // ---------------------------------------------------------------- timeline

    private static final class Sounding {
        final int pitch;
        final Rational onset;
        Rational end;

        Sounding(int pitch, Rational onset, Rational end) {
            this.pitch = pitch;
            this.onset = onset;
            this.end = end;
        }
    }

    private Score timeline() {
        int tpq = AbcReader.TICKS_PER_QUARTER;
        Rational now = Rational.ZERO;
        List<Sounding> sounding = new ArrayList<>();
        Map<Integer, Sounding> ties = new HashMap<>();
        List<TempoChange> tempos = new ArrayList<>();
        List<TimeSignature> meters = new ArrayList<>();
        List<KeySignature> keys = new ArrayList<>();
        List<Annotation> annotations = new ArrayList<>();
        for (int index : playbackOrder()) {
            Object e = events.get(index);
            long tick = now.ticks(tpq);
            if (e instanceof Sound s) {
                Map<Integer, Sounding> nextTies = new HashMap<>();
                for (int k = 0; k < s.pitches().length; k++) {
                    Rational end = now.plus(s.lengths()[k]);
                    Sounding held = ties.get(s.pitches()[k]);
                    if (held != null && held.end.equals(now)) held.end = end;
                    else {
                        held = new Sounding(s.pitches()[k], now, end);
                        sounding.add(held);
                    }
                    if (s.tied()[k]) nextTies.put(s.pitches()[k], held);
                }
                ties = nextTies;
                now = now.plus(s.advance());
            } else if (e instanceof Text t) {
                annotations.add(new Annotation(tick, t.kind(), t.text()));
            } else if (e instanceof MeterMark m) {
                if (m.numerator() > 0) replaceAt(meters, new TimeSignature(tick, m.numerator(), m.denominator()), TimeSignature::tick);
            } else if (e instanceof KeyMark k) {
                replaceAt(keys, new KeySignature(tick, k.fifths(), k.mode()), KeySignature::tick);
            } else if (e instanceof TempoMark q) {
                replaceAt(tempos, new TempoChange(tick, q.microsPerQuarter()), TempoChange::tick);
            }
        }
        if (tempos.isEmpty() || tempos.get(0).tick() > 0) tempos.add(0, new TempoChange(0, Score.DEFAULT_MICROS_PER_QUARTER));
        List<Note> notes = new ArrayList<>(sounding.size());
        for (Sounding s : sounding) {
            long on = s.onset.ticks(tpq);
            long off = s.end.ticks(tpq);
            notes.add(new Note(s.pitch, VELOCITY, on, Math.max(1, off - on)));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        Part part = Part.of("melody", 0, notes);
        return new Score(title, tpq, List.of(part), tempos, dedupe(meters), dedupe(keys), annotations, meta);
    }

    /** Keeps one mark per tick (the last written wins), so header and body restating a meter give one entry. */
    private static <T> void replaceAt(List<T> list, T mark, java.util.function.ToLongFunction<T> tick) {
        if (!list.isEmpty() && tick.applyAsLong(list.get(list.size() - 1)) == tick.applyAsLong(mark)) list.set(list.size() - 1, mark);
        else list.add(mark);
    }

    /** Drops marks that restate the one before them (a repeated section replays its meter and key marks). */
    private static <T> List<T> dedupe(List<T> marks) {
        List<T> out = new ArrayList<>();
        for (T m : marks) {
            if (!out.isEmpty() && sameValue(out.get(out.size() - 1), m)) continue;
            out.add(m);
        }
        return out;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof TimeSignature x && b instanceof TimeSignature y)
            return x.numerator() == y.numerator() && x.denominator() == y.denominator();
        if (a instanceof KeySignature x && b instanceof KeySignature y) return x.fifths() == y.fifths() && x.mode().equals(y.mode());
        return false;
    }

    private AbcParseException error(String problem) {
        return new AbcParseException(source, number, title, tune.firstLine() + line, column + 1, problem);
    }
}
