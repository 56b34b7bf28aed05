package dev.cadenza.formats.abc;

import dev.cadenza.music.Annotation;
import dev.cadenza.music.KeySignature;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Pitch;
import dev.cadenza.music.ProgramChange;
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
 * Reads one tune: first the written events of each voice (notes with their pitches already resolved against key, bar
 * accidentals and the voice's transposition, bar lines, overlays, marks), then each voice's playback order (parts and
 * repeats expanded), then its timeline, one {@link Part} per voice. One instance per tune; not thread-safe.
 */
final class AbcTuneParser {
    static final int VELOCITY = 80;
    /** Longest field value read; longer ones are refused rather than handed to the pattern matchers. */
    private static final int MAX_FIELD = 500;

    // ---------------------------------------------------------------- the written events of a voice

    /** A note, chord or rest as written: one length per pitch, the advance of the time cursor, where it was written. */
    private record Sound(int[] pitches, Rational[] lengths, boolean[] tied, Rational advance, int line, int column) {
        Sound scaled(Rational factor) {
            Rational[] l = new Rational[lengths.length];
            for (int k = 0; k < l.length; k++) l[k] = lengths[k].times(factor);
            return new Sound(pitches, l, tied, advance.times(factor), line, column);
        }

        Sound withTies() {
            boolean[] t = new boolean[tied.length];
            Arrays.fill(t, true);
            return new Sound(pitches, lengths, t, advance, line, column);
        }
    }

    /** A bar line; {@code endings} non-null when it opens a numbered ending ({@code [1}, {@code :|2}). */
    private record Bar(boolean repeatEnd, boolean repeatStart, boolean sectionEnd, int[] endings) {}

    private record Text(Annotation.Kind kind, String text) {}

    /** A meter; numerator 0 for free meter. */
    private record MeterMark(int numerator, int denominator) {}

    private record KeyMark(int fifths, String mode) {}

    private record TempoMark(int microsPerQuarter) {}

    private record PartMark(String label) {}

    private record ProgramMark(int program) {}

    /** {@code &}: the notes that follow, up to the bar line, start again at the start of the bar. */
    private record OverlayMark() {}

    /** A key: signature, mode, and the alteration of each letter C..B it gives. */
    private record Key(int fifths, String mode, int[] accidentals) {
        static final Key C_MAJOR = new Key(0, "major", new int[7]);
    }

    /** A voice ({@code V:}) and its state while its music is read; the tune without V: fields has one. */
    private final class Voice {
        final String id;
        String name = "";
        final List<Object> events = new ArrayList<>();
        Rational unitLength;
        int meterNumerator, meterDenominator;
        boolean freeMeter;
        Key key;
        /** Explicit accidentals of the current bar per letter (C=0..B=6), as abc2midi applies them: in every octave. */
        final Integer[] barAccidentals = new Integer[7];
        int tupletLeft;
        Rational tupletFactor = Rational.ONE;
        Rational nextFactor;
        int lastSound = -1;
        /** Sounding pitch = written + transpose + 12 (clefOctave + codeOctave): transpose=, a clef's +8/-8, octave=. */
        int transpose, clefOctave, codeOctave;
        int program = -1;
        boolean used;

        Voice(String id) {
            this.id = id;
            unitLength = tuneUnitLength();
            meterNumerator = AbcTuneParser.this.meterNumerator;
            meterDenominator = AbcTuneParser.this.meterDenominator;
            freeMeter = AbcTuneParser.this.freeMeter;
            key = tuneKey;
            transpose = tuneTranspose;
            clefOctave = tuneClefOctave;
            codeOctave = tuneCodeOctave;
            program = tuneProgram;
            events.add(new MeterMark(freeMeter ? 0 : meterNumerator, meterDenominator));
            events.add(new KeyMark(key.fifths(), key.mode()));
            if (currentPart != null) events.add(new PartMark(currentPart));
        }

        void resetBar() {
            Arrays.fill(barAccidentals, null);
        }

        /** What was pending from the notes before (a tuplet, a broken rhythm, a tie) ends here. */
        void breakFlow() {
            tupletLeft = 0;
            nextFactor = null;
            lastSound = -1;
        }
    }

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z+]):(.*)$");
    /** Chord symbols as the corpora write them: root, quality, extensions, optional bass; "(E7)" as optional chord. */
    private static final Pattern CHORD_SYMBOL = Pattern.compile(
            "\\(?[A-G][#b]?(maj|min|dim|aug|sus|m|M|d|a|o|\\+)?(([#b]|add|sus)?[0-9]{1,2})*(/[A-Ga-g][#b+\\-]?)?\\)?");
    /** The decoration letters of ABC 2.1 and their names; {@code U:} adds and redefines. */
    private static final Map<Character, String> DEFAULT_DECORATIONS = Map.ofEntries(
            Map.entry('~', "roll"), Map.entry('.', "staccato"), Map.entry('H', "fermata"), Map.entry('L', "accent"),
            Map.entry('M', "lowermordent"), Map.entry('O', "coda"), Map.entry('P', "uppermordent"),
            Map.entry('S', "segno"), Map.entry('T', "trill"), Map.entry('u', "upbow"), Map.entry('v', "downbow"));
    /** A clef as a key or voice field may give it: treble, bass3, alto1, tenor, treble-8, clef=F4, perc. */
    private static final Pattern CLEF = Pattern.compile("(?i)(clef=)?(treble|bass|alto|tenor|baritone|soprano|mezzosoprano"
            + "|mezzo|perc|percussion|drum)([1-5])?([+-](8|15))?|(?i)clef=([CFGP])([1-5])?([+-](8|15))?|(?i)clef=none");
    private static final Map<String, Integer> MODES = Map.ofEntries(
            Map.entry("major", 0), Map.entry("lydian", 1), Map.entry("mixolydian", -1),
            Map.entry("dorian", -2), Map.entry("minor", -3), Map.entry("phrygian", -4), Map.entry("locrian", -5));

    private final String source;
    private final AbcTune tune;
    private final String[] lines;

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private String number;
    private String title;

    // The tune's defaults, from the header: each voice starts from them.
    private Rational unitLength;
    private int meterNumerator = 4, meterDenominator = 4;
    private boolean freeMeter = true;
    private Key tuneKey = Key.C_MAJOR;
    private boolean keySet;
    private int tuneTranspose, tuneClefOctave, tuneCodeOctave;
    private int tuneProgram = -1;
    private final List<Integer> headerTempos = new ArrayList<>();
    private final Map<Character, String> decorations = new HashMap<>(DEFAULT_DECORATIONS);

    // Voices in order of first appearance; the header may define them (V:) before the body uses them.
    private final Map<String, Voice> voices = new LinkedHashMap<>();
    private final Map<String, String> headerVoiceParameters = new LinkedHashMap<>();
    private final List<String> scoreOrder = new ArrayList<>();
    private Voice voice;
    /** The tune has V: fields: parts are named after their voices. */
    private boolean voiced;
    private String currentPart;
    private boolean inBody;

    private int line;
    private int column;

    AbcTuneParser(AbcTune tune, String source) {
        this.tune = tune;
        this.source = source;
        this.lines = tune.text().split("\n", -1);
        this.number = tune.number();
        this.title = tune.title();
    }

    /** The warnings of the last {@link #parse()}: constructs read approximately or skipped, with their place. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    Score parse() throws AbcParseException {
        int li = readHeader();
        inBody = true;
        for (; li < lines.length; li++) li = bodyLine(li);
        return timeline();
    }

    // ---------------------------------------------------------------- header

    private int readHeader() throws AbcParseException {
        boolean sawKey = false;
        int li = 0;
        String lengthValue = null;
        for (; li < lines.length && !sawKey; li++) {
            line = li;
            column = 0;
            if (lines[li].startsWith("%%")) {
                li = directive(li);
                continue;
            }
            String raw = stripComment(lines[li]);
            if (raw.isBlank() || raw.startsWith("%")) continue;
            while (raw.stripTrailing().endsWith("\\") && li + 1 < lines.length) // a header field continued on the next line
                raw = raw.stripTrailing().substring(0, raw.stripTrailing().length() - 1) + stripComment(lines[++li]);
            Matcher m = FIELD.matcher(raw);
            if (!m.matches())
                throw error("expected a header field (X:, T:, M:, L:, K: ...) before the music; the header must end with a K: line");
            char f = m.group(1).charAt(0);
            String value = m.group(2).trim();
            column = raw.indexOf(':') + 1;
            checkLength(value);
            if (f != '+') keep(String.valueOf(f), value);
            switch (f) {
                case 'X' -> { if (number.isEmpty()) number = value; }
                case 'T' -> { if (title.isEmpty()) title = value; }
                case 'M' -> meterOfTune(firstToken(value));
                case 'L' -> {
                    lengthValue = value;
                    unitLength = length(firstToken(value));
                }
                case 'Q' -> {
                    Integer q = tempo(value);
                    if (q != null) headerTempos.add(q);
                }
                case 'K' -> {
                    sawKey = true;
                    tuneKey(value);
                }
                case 'V' -> voiceDefinition(value);
                case 'U' -> userSymbol(value);
                case 'I' -> instruction(value);
                case 'P' -> { } // the part order, applied in playbackOrder()
                default -> { } // other fields (Z, S, R, N, C, O, ...) are kept as metadata only
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

    private Rational tuneUnitLength() {
        return unitLength != null ? unitLength : defaultUnitLength();
    }

    /** ABC's default unit length: 1/16 when the meter is below 3/4, else 1/8 (1/8 for free meter). */
    private Rational defaultUnitLength() {
        if (freeMeter) return Rational.of(1, 8);
        return 4L * meterNumerator < 3L * meterDenominator ? Rational.of(1, 16) : Rational.of(1, 8);
    }

    private void keep(String field, String value) {
        metadata.merge(field, value, (a, b) -> a + "\n" + b);
    }

    private void checkLength(String value) throws AbcParseException {
        if (value.length() > MAX_FIELD) throw error("field value of " + value.length() + " characters: at most " + MAX_FIELD);
    }

    /** A {@code %%} line: voice groupings, a MIDI program, or a text block, whose lines are skipped. */
    private int directive(int li) throws AbcParseException {
        String d = stripComment(lines[li].substring(2)).trim();
        String word = firstToken(d).toLowerCase(Locale.ROOT);
        column = 2;
        switch (word) {
            case "begintext" -> {
                int end = li + 1;
                while (end < lines.length && !lines[end].trim().toLowerCase(Locale.ROOT).startsWith("%%endtext")) end++;
                if (end == lines.length) warn("%%begintext without %%endtext: the rest of the tune is read as text");
                return Math.min(end, lines.length - 1);
            }
            case "score", "staves" -> scoreDirective(d.substring(word.length()));
            case "midi" -> midi(d.substring(word.length()).trim());
            default -> { } // formatting (%%pagewidth, %%vskip ...) and other players' settings do not change notes
        }
        return li;
    }

    /** {@code I:score ...} is {@code %%score ...}; other instructions are formatting. */
    private void instruction(String value) throws AbcParseException {
        String word = firstToken(value).toLowerCase(Locale.ROOT);
        if (word.equals("score") || word.equals("staves")) scoreDirective(value.trim().substring(word.length()));
        else if (word.equals("midi")) midi(value.trim().substring(word.length()).trim());
    }

    /** The voices of {@code %%score (S A) {RH | LH}}: the order of the parts. Brackets group staves only. */
    private void scoreDirective(String groups) {
        if (!scoreOrder.isEmpty()) return; // the first grouping gives the order
        for (String id : groups.split("[\\s()\\[\\]{}|*]+")) if (!id.isEmpty()) scoreOrder.add(id);
        metadata.putIfAbsent("%%score", groups.trim());
    }

    /** {@code %%MIDI program [channel] n} sets the voice's General MIDI program; other MIDI settings are playback. */
    private void midi(String args) throws AbcParseException {
        String[] t = args.split("\\s+");
        if (t.length == 2 && t[0].equalsIgnoreCase("transpose")) { // abc2midi's playback transposition, in semitones
            int semitones = signed(t[1], 48, "%%MIDI transpose");
            if (!inBody) tuneTranspose = semitones;
            else currentVoice().transpose = semitones;
            return;
        }
        if (t.length < 2 || !t[0].equalsIgnoreCase("program")) return;
        String last = t[t.length >= 3 && t[2].matches("[0-9]{1,3}") ? 2 : 1];
        if (!last.matches("[0-9]{1,3}") || Integer.parseInt(last) > 127)
            throw error("%%MIDI program '" + args.substring(7).trim() + "': expected a program number 0 to 127");
        int program = Integer.parseInt(last);
        if (!inBody) tuneProgram = program;
        else {
            Voice v = currentVoice();
            if (!v.used) v.program = program;
            else v.events.add(new ProgramMark(program));
        }
    }

    /** {@code U:T=!trill!}: a letter that stands for a decoration (or, with quotes, an annotation). */
    private void userSymbol(String value) throws AbcParseException {
        Matcher m = Pattern.compile("([~H-Wh-w])\\s*=\\s*(.*)").matcher(value);
        if (!m.matches()) throw error("user symbol '" + value + "': expected a letter H-W, h-w or ~, '=' and a decoration");
        String d = m.group(2).trim();
        if (d.length() >= 2 && (d.charAt(0) == '!' || d.charAt(0) == '+') && d.charAt(d.length() - 1) == d.charAt(0))
            d = d.substring(1, d.length() - 1);
        decorations.put(m.group(1).charAt(0), d);
    }

    // ---------------------------------------------------------------- voices

    /** A header {@code V:} line: defines a voice (its name, clef, transposition) without switching to it. */
    private void voiceDefinition(String value) throws AbcParseException {
        String id = firstToken(value);
        if (id.isEmpty()) throw error("V: needs a voice id, e.g. V:1 or V:T1 clef=bass");
        voiced = true;
        headerVoiceParameters.merge(id, value.trim().substring(id.length()), (a, b) -> a + " " + b);
    }

    /** The voice music goes to: without any V: so far, the first voice the header defined, else an unnamed one. */
    private Voice currentVoice() throws AbcParseException {
        if (voice == null) {
            String first = headerVoiceParameters.isEmpty() ? "" : headerVoiceParameters.keySet().iterator().next();
            voice = voice(first);
        }
        return voice;
    }

    private Voice voice(String id) throws AbcParseException {
        Voice v = voices.get(id);
        if (v == null) {
            v = new Voice(id);
            voices.put(id, v);
            String defined = headerVoiceParameters.get(id);
            if (defined != null) voiceParameters(v, defined);
        }
        return v;
    }

    /** A body {@code V:} field or {@code [V:...]}: switches to the voice, creating it on first use, and applies its parameters. */
    private void switchVoice(String value) throws AbcParseException {
        checkLength(value);
        String id = firstToken(value);
        if (id.isEmpty()) throw error("V: needs a voice id, e.g. V:1 or V:T1 clef=bass");
        voiced = true;
        Voice unnamed = voices.get("");
        if (unnamed != null && voices.size() == 1 && !voices.containsKey(id)) {
            // Music before the first V: field belongs to that voice (abc2midi: "will combine this body with this voice").
            voices.clear();
            Voice named = new Voice(id);
            copyState(unnamed, named);
            voices.put(id, named);
            String defined = headerVoiceParameters.get(id);
            if (defined != null) voiceParameters(named, defined);
        }
        Voice next = voice(id);
        if (next != voice && voice != null) voice.breakFlow();
        voice = next;
        voiceParameters(voice, value.trim().substring(id.length()));
    }

    private static void copyState(Voice from, Voice to) {
        to.events.clear();
        to.events.addAll(from.events);
        to.name = from.name;
        to.unitLength = from.unitLength;
        to.meterNumerator = from.meterNumerator;
        to.meterDenominator = from.meterDenominator;
        to.freeMeter = from.freeMeter;
        to.key = from.key;
        to.transpose = from.transpose;
        to.clefOctave = from.clefOctave;
        to.codeOctave = from.codeOctave;
        to.program = from.program;
        to.used = from.used;
        to.lastSound = from.lastSound;
    }

    /**
     * The parameters of a voice (or key) field: {@code name="Tenor" clef=bass transpose=-2 octave=1 treble-8}. As ABC
     * 2.1 says, a clef's +8/-8 makes the notes sound an octave higher or lower (a clef without them, as written),
     * {@code octave=n} moves the music code by n octaves, and {@code transpose=n} moves the sound by n semitones; they
     * add up.
     */
    private void voiceParameters(Voice v, String params) throws AbcParseException {
        for (String token : parameterTokens(params)) {
            int eq = token.indexOf('=');
            String name = eq < 0 ? "" : token.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? token : unquote(token.substring(eq + 1));
            Matcher clef = CLEF.matcher(token);
            if (clef.matches()) {
                v.clefOctave = clefOctave(clef);
            } else if (name.equals("octave")) {
                v.codeOctave = signed(value, 4, "octave");
            } else if (name.equals("transpose")) {
                v.transpose = signed(value, 48, "transpose");
            } else if ((name.equals("name") || name.equals("nm")) && v != null) {
                v.name = value;
            }
            // subname, stem, middle, stafflines and other layout parameters do not change the notes
        }
    }

    private static int clefOctave(Matcher clef) {
        String shift = clef.group(4) != null ? clef.group(4) : clef.group(8);
        if (shift == null) return 0;
        int octaves = shift.endsWith("15") ? 2 : 1;
        return shift.startsWith("-") ? -octaves : octaves;
    }

    /** Splits parameters at spaces outside quotes: {@code name="Tenor I" clef=bass}. */
    private static List<String> parameterTokens(String params) {
        List<String> out = new ArrayList<>();
        StringBuilder t = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '"') quoted = !quoted;
            if (Character.isWhitespace(c) && !quoted) {
                if (t.length() > 0) out.add(t.toString());
                t.setLength(0);
            } else t.append(c);
        }
        if (t.length() > 0) out.add(t.toString());
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private int signed(String value, int max, String what) throws AbcParseException {
        String v = value.startsWith("+") ? value.substring(1) : value;
        boolean negative = v.startsWith("-");
        if (negative) v = v.substring(1);
        if (v.isEmpty() || !v.chars().allMatch(Character::isDigit))
            throw error(what + "=" + value + ": expected a whole number from -" + max + " to " + max);
        int n = number(v, max, what);
        return negative ? -n : n;
    }

    // ---------------------------------------------------------------- body lines

    /** Reads body line {@code li}; returns the last line it used (a text block uses several). */
    private int bodyLine(int li) throws AbcParseException {
        String raw = lines[li];
        line = li;
        column = 0;
        if (raw.startsWith("%%")) return directive(li);
        if (raw.startsWith("%")) return li; // comments do not change the notes
        String text = stripComment(raw);
        if (text.isBlank()) return li; // a blank line inside a tune is read as a line break (see AbcReader)
        Matcher m = FIELD.matcher(text);
        try {
            if (m.matches()) bodyField(m.group(1).charAt(0), m.group(2), text.indexOf(':') + 1, text);
            else music(text, 0);
        } catch (ArithmeticException e) {
            throw error("note lengths too fine or too long to be added up exactly");
        }
        return li;
    }

    private void bodyField(char f, String rawValue, int valueStart, String text) throws AbcParseException {
        column = valueStart;
        String value = rawValue.trim();
        switch (f) {
            case 'K' -> {
                checkLength(value);
                Voice v = currentVoice();
                v.resetBar();
                voiceKey(v, value);
            }
            case 'M', 'L' -> {
                // A meter or length token followed by music on the same line (three tunes of irish.abc write
                // "M:6/8 Ddd e3|..."): the token is the field, the rest is read as music of that line.
                String token = firstToken(value);
                Voice v = currentVoice();
                if (f == 'M') voiceMeter(v, token);
                else v.unitLength = length(token);
                int at = text.indexOf(token, valueStart) + token.length();
                if (at < text.length() && !text.substring(at).isBlank()) music(text, at);
            }
            case 'Q' -> {
                checkLength(value);
                Integer q = tempo(value);
                if (q != null) currentVoice().events.add(new TempoMark(q));
            }
            case 'P' -> partLabel(value);
            case 'V' -> switchVoice(value);
            case 'T' -> keep("T", value);
            case 'U' -> userSymbol(value);
            case 'I' -> instruction(value);
            default -> { } // lyrics (w:, W:), notes (N:), symbol lines (s:), continuations (+:) carry no notes
        }
    }

    /** A part label in the body applies to every voice from here on. */
    private void partLabel(String label) throws AbcParseException {
        currentPart = label;
        if (voices.isEmpty()) currentVoice();
        else for (Voice v : voices.values()) v.events.add(new PartMark(label));
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

    private void warn(String message) {
        if (warnings.size() < 100)
            warnings.add("line " + (tune.firstLine() + line) + ", column " + (column + 1) + ": " + message);
    }

    // ---------------------------------------------------------------- music

    private void music(String s, int from) throws AbcParseException {
        int n = s.length();
        int i = from;
        Voice v = currentVoice();
        while (i < n) {
            char c = s.charAt(i);
            column = i;
            if (c == ' ' || c == '\t' || c == '\\' || c == '`' || c == ')') {
                i++; // beam breaks, continuations and slur ends do not change the notes
            } else if (c == 'y') {
                i++; // a spacer; abcm2ps gives it a width (y20)
                while (i < n && Character.isDigit(s.charAt(i))) i++;
            } else if (c == '"') {
                int j = s.indexOf('"', i + 1);
                if (j < 0) throw error("unclosed chord symbol or annotation: expected a closing '\"'");
                text(v, s.substring(i + 1, j));
                i = j + 1;
            } else if (c == '!') {
                i = decoration(v, s, i, '!');
            } else if (c == '+') {
                int next = decoration(v, s, i, '+');
                if (next == i + 1) throw error("unexpected '+': expected a +decoration+");
                i = next;
            } else if ((c == 'K' || c == 'M' || c == 'L' || c == 'Q') && i + 1 < n && s.charAt(i + 1) == ':') {
                // An unbracketed field in the middle of a line ("| M:4/4 egdB", irish.abc X:138): read up to the
                // next space as if it were written [M:4/4].
                int j = i + 2;
                while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
                inlineField(c, s.substring(i + 2, j));
                i = j;
                v = currentVoice();
            } else if (c == '.' && i + 1 < n && s.charAt(i + 1) == '|') {
                i = bar(v, s, i + 1); // a dotted bar line
            } else if (decorations.containsKey(c)) {
                v.events.add(new Text(Annotation.Kind.DECORATION, decorations.get(c)));
                i++;
            } else if (c == 'J' || c == 'R' || c == 'N') {
                // ABC 2.1 keeps these letters for U: definitions; abcm2ps gives them a decoration of its own.
                warn("'" + c + "' (abcm2ps's " + (c == 'J' ? "slide" : c == 'R' ? "roll" : "tenuto") + ") is not ABC 2.1: skipped");
                i++;
            } else if (c == '{') {
                i = graceNotes(v, s, i);
            } else if (c == '(') {
                if (i + 1 < n && s.charAt(i + 1) == '&')
                    throw error("'(&' (abcm2ps's overlay over several bars) is not ABC 2.1: write '&' in each bar");
                i = (i + 1 < n && Character.isDigit(s.charAt(i + 1))) ? tuplet(v, s, i) : i + 1; // else a slur
            } else if (c == '[') {
                if (i + 2 < n && Character.isLetter(s.charAt(i + 1)) && s.charAt(i + 2) == ':') {
                    int j = s.indexOf(']', i);
                    if (j < 0) throw error("unclosed inline field: expected ']'");
                    column = i + 3;
                    inlineField(s.charAt(i + 1), s.substring(i + 3, j));
                    v = currentVoice();
                    i = j + 1;
                } else if (i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
                    i = ending(v, s, i + 1, false, false, false);
                } else if (i + 1 < n && s.charAt(i + 1) == '|') {
                    i = bar(v, s, i);
                } else if (i + 1 < n && s.charAt(i + 1) == ']') {
                    warn("empty chord '[]' (an abcm2ps spacer): skipped");
                    i += 2;
                } else {
                    i = chord(v, s, i);
                }
            } else if (c == '|' || c == ':') {
                i = bar(v, s, i);
            } else if (c == '<' || c == '>') {
                i = broken(v, s, i);
            } else if (c == '-') {
                if (v.lastSound < 0) throw error("a tie '-' must follow a note");
                v.events.set(v.lastSound, ((Sound) v.events.get(v.lastSound)).withTies());
                i++;
            } else if (c == 'Z' || c == 'X') {
                i = multiMeasureRest(v, s, i);
            } else if (c == '&') {
                if (i + 1 < n && s.charAt(i + 1) == ')')
                    throw error("'&)' (abcm2ps's overlay over several bars) is not ABC 2.1: write '&' in each bar");
                v.events.add(new OverlayMark());
                v.resetBar(); // an overlay has accidentals of its own, as in abc2midi
                v.breakFlow();
                i++;
            } else if (isNoteStart(c)) {
                i = note(v, s, i);
            } else if (c == ']') {
                throw error("unexpected ']' without a matching '['");
            } else if (Character.isDigit(c) || c == '/') {
                throw error("unexpected length '" + c + "': a length must follow a note or rest");
            } else {
                throw error("unexpected character '" + printable(c) + "'");
            }
        }
    }

    /**
     * A run of digits as a number: more than {@code max} (a number of any length is read without overflow) is an
     * error at the current place.
     */
    private int number(String digits, int max, String what) throws AbcParseException {
        int v = 0;
        for (int i = 0; i < digits.length(); i++) {
            v = v * 10 + (digits.charAt(i) - '0');
            if (v > max) {
                String shown = digits.length() > 12 ? digits.substring(0, 12) + "..." : digits;
                throw error(what + " " + shown + " is too large: at most " + max);
            }
        }
        return v;
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static boolean isNoteStart(char c) {
        return c == '^' || c == '_' || c == '=' || (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g') || c == 'z' || c == 'x';
    }

    /**
     * {@code !trill!}, {@code !+!}, {@code +fermata+}: a decoration, kept as an annotation of the next note; a lone
     * '!' (irish.abc ends body lines with it) is an old-style line break.
     */
    private int decoration(Voice v, String s, int i, char delimiter) {
        int j = s.indexOf(delimiter, i + 1);
        if (j > i && j - i <= 60) {
            String word = s.substring(i + 1, j);
            if (!word.isEmpty() && word.matches("[A-Za-z0-9<>().^_'+/=#\\-]+") && !(delimiter == '+' && word.equals("+"))) {
                v.events.add(new Text(Annotation.Kind.DECORATION, word));
                return j + 1;
            }
        }
        return i + 1;
    }

    private void text(Voice v, String t) {
        String trimmed = t.trim();
        if (trimmed.length() <= 30 && CHORD_SYMBOL.matcher(trimmed).matches())
            v.events.add(new Text(Annotation.Kind.CHORD_SYMBOL, trimmed));
        else if (!t.isEmpty() && "^_<>@".indexOf(t.charAt(0)) >= 0) v.events.add(new Text(Annotation.Kind.TEXT, t.substring(1))); // placement mark
        else v.events.add(new Text(Annotation.Kind.TEXT, t));
    }

    /**
     * {@code {ga}}, {@code {/g}}: grace notes, kept as a {@link Annotation.Kind#GRACE_NOTES} annotation of the next
     * note (their pitches, in the key and with the bar's accidentals); they take no time of the written notes.
     */
    private int graceNotes(Voice v, String s, int i) throws AbcParseException {
        int j = s.indexOf('}', i + 1);
        if (j < 0) throw error("unclosed grace notes: expected '}'");
        StringBuilder names = new StringBuilder();
        int k = i + 1;
        if (k < j && s.charAt(k) == '/') {
            names.append('/');
            k++;
        }
        Integer[] saved = v.barAccidentals.clone();
        while (k < j) {
            char c = s.charAt(k);
            column = k;
            if (c == ' ' || c == '[' || c == ']' || c == '-' || c == '(' || c == ')' || c == '>' || c == '<') k++;
            else if (isNoteStart(c) && c != 'z' && c != 'x') {
                Written w = written(v, s.substring(0, j), k);
                if (names.length() > 1 || (names.length() == 1 && names.charAt(0) != '/')) names.append(' ');
                names.append(Pitch.name(w.pitch()));
                k = w.next();
            } else throw error("unexpected '" + printable(c) + "' in grace notes: expected notes and '}'");
        }
        System.arraycopy(saved, 0, v.barAccidentals, 0, 7); // grace notes' accidentals do not carry through the bar
        String text = names.toString();
        if (!text.isEmpty() && !text.equals("/")) v.events.add(new Text(Annotation.Kind.GRACE_NOTES, text));
        return j + 1;
    }

    private void inlineField(char f, String value) throws AbcParseException {
        checkLength(value);
        switch (f) {
            case 'K' -> {
                Voice v = currentVoice();
                v.resetBar();
                voiceKey(v, value.trim());
            }
            case 'M' -> voiceMeter(currentVoice(), firstToken(value));
            case 'L' -> currentVoice().unitLength = length(firstToken(value));
            case 'Q' -> {
                Integer q = tempo(value.trim());
                if (q != null) currentVoice().events.add(new TempoMark(q));
            }
            case 'P' -> partLabel(value.trim());
            case 'V' -> switchVoice(value);
            case 'I' -> instruction(value);
            case 'U' -> userSymbol(value);
            default -> { } // [r:remark], [w:...] carry no notes
        }
    }

    private int tuplet(Voice v, String s, int i) throws AbcParseException {
        int j = i + 1;
        int p = s.charAt(j++) - '0';
        if (j < s.length() && Character.isDigit(s.charAt(j))) {
            column = i + 1;
            throw error("tuplet (" + p + s.charAt(j) + ": expected (2 to (9");
        }
        Integer q = null, r = null;
        if (j < s.length() && s.charAt(j) == ':') {
            j++;
            int k = j;
            while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
            column = j;
            if (k > j) q = number(s.substring(j, k), 99, "tuplet time q");
            j = k;
            if (j < s.length() && s.charAt(j) == ':') {
                j++;
                k = j;
                while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
                column = j;
                if (k > j) r = number(s.substring(j, k), 99, "tuplet note count r");
                j = k;
            }
        }
        column = i;
        if (p < 2) throw error("tuplet (" + p + ": expected (2 to (9");
        if (q == null) {
            boolean compound = !v.freeMeter && v.meterNumerator % 3 == 0 && v.meterNumerator > 3;
            q = switch (p) {
                case 2, 4, 8 -> 3;
                case 3, 6 -> 2;
                default -> compound ? 3 : 2;
            };
        }
        if (q < 1) throw error("tuplet (" + p + ":" + q + ": the time must be at least 1");
        if (r != null && r < 1) throw error("tuplet (" + p + ":" + q + ":" + r + ": at least one note");
        v.tupletFactor = Rational.of(q, p);
        v.tupletLeft = r == null ? p : r;
        return j;
    }

    /** Reads a bar-line run such as {@code |}, {@code ||}, {@code :|}, {@code |:}, {@code ::}, {@code :|2}, {@code [|]}. */
    private int bar(Voice v, String s, int i) throws AbcParseException {
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
        if (run.equals(":")) throw error("a ':' alone (abcm2ps's dashed bar line) is not ABC 2.1: expected a bar line such as ':|', '|:' or '.|'");
        if (run.indexOf('|') < 0 && !run.matches("::+")) throw error("unexpected '" + run + "': expected a bar line such as ':|' or '|:'");
        boolean repeatEnd = run.startsWith(":");
        boolean repeatStart = run.endsWith(":") && (run.length() > 1);
        boolean sectionEnd = run.contains("||") || run.contains("|]") || run.contains("[|");
        if (run.equals("[|]")) sectionEnd = false; // an invisible bar line
        v.resetBar();
        if (j < n && Character.isDigit(s.charAt(j)) && run.endsWith("|"))
            return ending(v, s, j, repeatEnd, repeatStart, sectionEnd);
        v.events.add(new Bar(repeatEnd, repeatStart, sectionEnd, null));
        return j;
    }

    /** Reads the numbers of an ending ({@code 1}, {@code 2}, {@code 1,3}, {@code 1-3}) starting at {@code j}. */
    private int ending(Voice v, String s, int j, boolean repeatEnd, boolean repeatStart, boolean sectionEnd) throws AbcParseException {
        int n = s.length();
        List<Integer> numbers = new ArrayList<>();
        while (j < n && Character.isDigit(s.charAt(j))) {
            int k = j;
            while (k < n && Character.isDigit(s.charAt(k))) k++;
            column = j;
            int first = number(s.substring(j, k), 99, "ending number");
            int last = first;
            j = k;
            if (j + 1 < n && s.charAt(j) == '-' && Character.isDigit(s.charAt(j + 1))) {
                k = j + 1;
                while (k < n && Character.isDigit(s.charAt(k))) k++;
                column = j + 1;
                last = number(s.substring(j + 1, k), 99, "ending number");
                j = k;
            }
            if (first < 1 || last < first) throw error("ending numbers must be 1..99 in increasing order");
            for (int e = first; e <= last; e++) numbers.add(e);
            if (j + 1 < n && s.charAt(j) == ',' && Character.isDigit(s.charAt(j + 1))) j++;
            else break;
        }
        v.resetBar();
        int[] endings = numbers.stream().mapToInt(Integer::intValue).toArray();
        v.events.add(new Bar(repeatEnd, repeatStart, sectionEnd, endings));
        return j;
    }

    private int broken(Voice v, String s, int i) throws AbcParseException {
        char c = s.charAt(i);
        int j = i;
        while (j < s.length() && s.charAt(j) == c) j++;
        int k = j - i;
        if (k > 3) throw error("broken rhythm '" + s.substring(i, j) + "': at most three '" + c + "'");
        if (v.lastSound < 0) throw error("broken rhythm '" + c + "' must follow a note");
        long den = 1L << k;
        Rational longer = Rational.of(2 * den - 1, den), shorter = Rational.of(1, den);
        Sound previous = (Sound) v.events.get(v.lastSound);
        v.events.set(v.lastSound, previous.scaled(c == '>' ? longer : shorter));
        v.nextFactor = c == '>' ? shorter : longer;
        return j;
    }

    private int multiMeasureRest(Voice v, String s, int i) throws AbcParseException {
        int j = i + 1;
        int k = j;
        while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
        column = j;
        int bars = k > j ? number(s.substring(j, k), 9999, "multi-measure rest length") : 1;
        column = i;
        if (v.freeMeter) throw error("multi-measure rest '" + s.charAt(i) + "' needs a meter (M:)");
        if (bars < 1) throw error("multi-measure rest of " + bars + " bars");
        Rational bar = Rational.of((long) v.meterNumerator * bars, v.meterDenominator);
        v.events.add(new Sound(new int[0], new Rational[0], new boolean[0], bar, line, column));
        v.used = true;
        v.lastSound = -1;
        return k;
    }

    /** One parsed note inside a chord or alone: MIDI pitch (-1 for a rest), length, tie, next index. */
    private record Written(int pitch, Rational length, boolean tied, int next) {}

    private int note(Voice v, String s, int i) throws AbcParseException {
        int start = i;
        Written w = written(v, s, i);
        int j = w.next();
        if (w.pitch() < 0) addSound(v, new int[0], new Rational[0], new boolean[0], w.length(), start);
        else addSound(v, new int[] {w.pitch()}, new Rational[] {w.length()}, new boolean[] {w.tied()}, w.length(), start);
        return j;
    }

    private Written written(Voice v, String s, int i) throws AbcParseException {
        int n = s.length();
        int start = i;
        Integer accidental = null;
        char a = s.charAt(i);
        if (a == '=') {
            accidental = 0;
            i++;
        } else if (a == '^' || a == '_') {
            int sign = a == '^' ? 1 : -1;
            i++;
            if (i < n && s.charAt(i) == a) {
                accidental = 2 * sign;
                i++;
            } else if (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '/')) {
                i = microtone(s, i, sign);
                accidental = lastMicrotone;
            } else accidental = sign;
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
            if (Math.abs(octave) > 10) throw error("more than ten octave marks");
        }
        int[] next = {i};
        Rational length = v.unitLength.times(multiplier(s, next));
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
            v.barAccidentals[index] = accidental;
            alter = accidental;
        } else if (v.barAccidentals[index] != null) {
            alter = v.barAccidentals[index];
        } else {
            alter = v.key.accidentals()[index];
        }
        int pitch = base + alter + v.transpose + 12 * (v.clefOctave + v.codeOctave);
        if (pitch < 0 || pitch > 127) {
            column = start;
            throw error("note '" + s.substring(start, i) + "' is outside the MIDI range 0..127");
        }
        return new Written(pitch, length, tied, i);
    }

    private int lastMicrotone;

    /**
     * A microtonal accidental {@code ^/}, {@code _3/2}, {@code ^22/100} (semitones, {@code /} alone is 1/2): read as
     * the nearest semitone, a half rounded towards the natural (abc2midi plays the natural with a pitch bend), with a
     * warning. Sets {@link #lastMicrotone}; returns the index after it.
     */
    private int microtone(String s, int i, int sign) throws AbcParseException {
        int n = s.length(), k = i;
        while (k < n && Character.isDigit(s.charAt(k))) k++;
        column = i;
        int num = k > i ? number(s.substring(i, k), 999, "microtone numerator") : 1;
        if (k >= n || s.charAt(k) != '/') throw error("accidental '" + s.substring(i - 1, k) + "': expected '/' of a microtone such as ^/ or ^3/2, or a note letter");
        int d = ++k;
        while (k < n && Character.isDigit(s.charAt(k))) k++;
        column = d;
        int den = k > d ? number(s.substring(d, k), 999, "microtone denominator") : 2;
        if (den == 0) throw error("microtone with a zero denominator");
        int semitones = num / den + (2 * (num % den) > den ? 1 : 0);
        if (num % den != 0)
            warn("microtonal accidental '" + s.substring(i - 1, k) + "' read as " + (sign * semitones) + " semitones (its nearest semitone)");
        lastMicrotone = sign * semitones;
        return k;
    }

    /** Reads a length multiplier: {@code 2}, {@code /2}, {@code 3/2}, {@code /}, {@code //}; none is 1. */
    private Rational multiplier(String s, int[] at) throws AbcParseException {
        int i = at[0];
        int n = s.length();
        long num = 1, den = 1;
        int k = i;
        while (k < n && Character.isDigit(s.charAt(k))) k++;
        if (k > i) {
            column = i;
            num = number(s.substring(i, k), 9999, "length");
            i = k;
        }
        while (i < n && s.charAt(i) == '/') {
            i++;
            k = i;
            while (k < n && Character.isDigit(s.charAt(k))) k++;
            if (k > i) {
                column = i;
                den *= number(s.substring(i, k), 4096, "length divisor");
                i = k;
            } else {
                den *= 2;
            }
            if (den > 1 << 12) throw error("length divisor is too large: at most 4096");
        }
        if (num == 0 || den == 0) throw error("a length must not be zero");
        at[0] = i;
        return Rational.of(num, den);
    }

    private int chord(Voice v, String s, int i) throws AbcParseException {
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
            else if (c == '!' || c == '+') {
                int next = decoration(v, s, i, c);
                if (next == i + 1 && c == '+') throw error("unexpected '+' inside a chord: expected a +decoration+");
                i = next;
            } else if (decorations.containsKey(c) || c == '(' || c == ')') {
                if (decorations.containsKey(c)) v.events.add(new Text(Annotation.Kind.DECORATION, decorations.get(c)));
                i++;
            } else if (c == '"') {
                int j = s.indexOf('"', i + 1);
                if (j < 0) throw error("unclosed annotation inside a chord: expected '\"'");
                text(v, s.substring(i + 1, j));
                i = j + 1;
            } else if (isNoteStart(c) && c != 'z' && c != 'x') {
                Written w = written(v, s, i);
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
        // Every note of the chord lasts as long as its first note, and the chord advances by it, as abc2midi plays it.
        Rational length = notes.get(0).length().times(factor);
        for (int k = 0; k < pitches.length; k++) {
            pitches[k] = notes.get(k).pitch();
            lengths[k] = length;
            tied[k] = tieAll || notes.get(k).tied();
        }
        addSound(v, pitches, lengths, tied, length, open);
        return i;
    }

    private void addSound(Voice v, int[] pitches, Rational[] lengths, boolean[] tied, Rational advance, int at) {
        Sound sound = new Sound(pitches, lengths, tied, advance, line, at);
        if (v.tupletLeft > 0) {
            sound = sound.scaled(v.tupletFactor);
            v.tupletLeft--;
        }
        if (v.nextFactor != null) {
            sound = sound.scaled(v.nextFactor);
            v.nextFactor = null;
        }
        v.events.add(sound);
        v.used = true;
        v.lastSound = v.events.size() - 1;
    }

    // ---------------------------------------------------------------- field values

    /** The header's meter: the default of every voice. */
    private void meterOfTune(String value) throws AbcParseException {
        int[] m = meter(value);
        if (m == null) freeMeter = true;
        else {
            meterNumerator = m[0];
            meterDenominator = m[1];
            freeMeter = false;
        }
    }

    private void voiceMeter(Voice v, String value) throws AbcParseException {
        int[] m = meter(value);
        if (m == null) v.freeMeter = true;
        else {
            v.meterNumerator = m[0];
            v.meterDenominator = m[1];
            v.freeMeter = false;
        }
        v.events.add(new MeterMark(v.freeMeter ? 0 : v.meterNumerator, v.meterDenominator));
    }

    /**
     * {@code C}, {@code C|}, {@code 6/8}, {@code 2+3+2/8}, {@code (2+3+2)/8}: numerator and denominator; null for free
     * meter ({@code none} or empty).
     */
    private int[] meter(String value) throws AbcParseException {
        String v = value.trim();
        if (v.equals("C")) return new int[] {4, 4};
        if (v.equals("C|")) return new int[] {2, 2};
        if (v.isEmpty() || v.equalsIgnoreCase("none")) return null;
        int slash = v.indexOf('/');
        String top = slash < 0 ? "" : v.substring(0, slash), bottom = slash < 0 ? "" : v.substring(slash + 1);
        if (top.startsWith("(") && top.endsWith(")")) top = top.substring(1, top.length() - 1);
        if (top.isEmpty() || bottom.isEmpty() || !top.matches("[0-9+]+") || top.startsWith("+") || top.endsWith("+")
                || top.contains("++") || !bottom.matches("[0-9]+"))
            throw error("meter '" + v + "': expected C, C|, none or n/d such as 6/8 or 2+3+2/8");
        int num = 0;
        for (String part : top.split("\\+")) num += number(part, 999, "meter numerator");
        int den = number(bottom, 999, "meter denominator");
        if (num <= 0 || num > 999 || den <= 0)
            throw error("meter '" + v + "': expected a positive numerator and denominator");
        if (Integer.bitCount(den) != 1)
            throw error("meter '" + v + "': the denominator must be a power of two (1, 2, 4, 8, 16 ...) to be played");
        if (den > 64) throw error("meter '" + v + "': the denominator must be at most 64");
        return new int[] {num, den};
    }

    private Rational length(String value) throws AbcParseException {
        Matcher m = Pattern.compile("([0-9]{1,4})(?:/([0-9]{1,4}))?").matcher(value.trim());
        if (!m.matches()) throw error("unit length '" + value + "': expected a fraction such as 1/8");
        long num = Long.parseLong(m.group(1));
        long den = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
        if (num == 0 || den == 0) throw error("unit length '" + value + "' must not be zero");
        return Rational.of(num, den);
    }

    /**
     * Tempo in microseconds per quarter, or null when the field gives only words ({@code Q:"Andante"}): {@code 1/4=120},
     * {@code "Allegro" 1/4=120}, {@code 1/4=ca. 80}, {@code 1/8 3/8=40}, or a plain number, which ABC 1.6 (and abc2midi)
     * read as unit notes (L:) per minute.
     */
    private Integer tempo(String value) throws AbcParseException {
        String v = value.replaceAll("\"[^\"]*\"", " ").trim();
        if (v.isEmpty()) return null;
        double quartersPerBeat;
        String rate;
        int eq = v.indexOf('=');
        if (eq >= 0) {
            String beat = v.substring(0, eq).trim();
            rate = v.substring(eq + 1).trim();
            if (beat.matches("C[0-9]*")) { // ABC 1.6: C=120 is the unit length
                Rational unit = voice != null ? voice.unitLength : tuneUnitLength();
                quartersPerBeat = 4.0 * unit.num() / unit.den() * (beat.length() > 1 ? number(beat.substring(1), 99, "tempo") : 1);
            } else {
                Rational sum = Rational.ZERO;
                for (String f : beat.split("\\s+")) {
                    if (!f.matches("[0-9]{1,4}/[0-9]{1,4}")) throw error("tempo '" + value + "': expected a beat such as 1/4 before '='");
                    sum = sum.plus(length(f));
                }
                quartersPerBeat = 4.0 * sum.num() / sum.den();
            }
        } else {
            Rational unit = voice != null ? voice.unitLength : tuneUnitLength();
            quartersPerBeat = 4.0 * unit.num() / unit.den();
            rate = v;
        }
        Matcher r = Pattern.compile("(?i)(?:ca\\.?|c\\.|circa|approx\\.?|~)?\\s*([0-9]{1,7}(?:\\.[0-9]{1,6})?)\\b.*").matcher(rate);
        if (!r.matches()) throw error("tempo '" + value + "': expected a beat and a rate such as 1/4=120");
        double quartersPerMinute = Double.parseDouble(r.group(1)) * quartersPerBeat;
        if (!(quartersPerMinute >= 1 && quartersPerMinute <= 100_000))
            throw error("tempo '" + value + "': expected 1 to 100000 quarter notes per minute");
        return (int) Math.round(60_000_000.0 / quartersPerMinute);
    }

    /** The header's K: field: the key of every voice, and the clef and transposition voices start with. */
    private void tuneKey(String value) throws AbcParseException {
        Key k = key(value, null);
        if (k != null) tuneKey = k;
        Voice holder = new Voice("(header)");
        voiceParameters(holder, keyParameters(value));
        tuneClefOctave = holder.clefOctave;
        tuneCodeOctave = holder.codeOctave;
        tuneTranspose = holder.transpose;
    }

    /** A K: field of the body changes the current voice's key, and its clef and transposition when it gives them. */
    private void voiceKey(Voice v, String value) throws AbcParseException {
        Key k = key(value, v.key);
        if (k != null) {
            v.key = k;
            v.events.add(new KeyMark(k.fifths(), k.mode()));
        }
        voiceParameters(v, keyParameters(value));
    }

    /** The tokens of a key field after the key: clef and transposition. */
    private static String keyParameters(String value) {
        StringBuilder out = new StringBuilder();
        for (String t : parameterTokens(value))
            if (CLEF.matcher(t).matches() || t.contains("=")) out.append(' ').append(t);
        return out.toString();
    }

    /**
     * The key of a K: field: a tonic with mode ({@code G}, {@code Am}, {@code A Dorian}, {@code Bbmix}), {@code none},
     * {@code HP}/{@code Hp}, explicit accidentals ({@code K:D ^g}, {@code K:C^f^c}, {@code exp} to give them all);
     * null when the field gives only a clef or voice parameters ({@code [K:bass3]}), which keep {@code current}.
     */
    private Key key(String value, Key current) throws AbcParseException {
        List<String> tokens = new ArrayList<>(parameterTokens(value));
        tokens.removeIf(t -> CLEF.matcher(t).matches() || t.contains("="));
        if (tokens.isEmpty() && (current != null || keySet) && !value.isBlank()) return null;
        keySet = true;
        int fifths;
        String mode;
        String accidentalText = "";
        int t = 0;
        if (tokens.isEmpty() || tokens.get(0).equalsIgnoreCase("none")) {
            fifths = 0;
            mode = "major";
            t = tokens.isEmpty() ? 0 : 1;
        } else if (tokens.get(0).equals("HP") || tokens.get(0).equals("Hp")) {
            // Highland pipes: abc2midi (and ABC 2.1) play F sharp, C sharp and G natural, A mixolydian's notes; HP
            // only prints no signature.
            fifths = 2;
            mode = "mixolydian";
            t = 1;
        } else {
            String tok = tokens.get(0);
            char tonic = tok.charAt(0);
            int letterFifths = "FCGDAEB".indexOf(Character.toUpperCase(tonic)) - 1;
            if (letterFifths < -1 || !Character.isLetter(tonic))
                throw error("key '" + value.trim() + "': expected a tonic A-G (G, Am, Bb, D Mixolydian, A Dorian), none, HP, or a clef");
            int k = 1;
            if (k < tok.length() && (tok.charAt(k) == '#' || tok.charAt(k) == 'b')) {
                letterFifths += tok.charAt(k) == '#' ? 7 : -7;
                k++;
            }
            int modeEnd = k;
            while (modeEnd < tok.length() && Character.isLetter(tok.charAt(modeEnd))) modeEnd++;
            String modeText = tok.substring(k, modeEnd);
            accidentalText = tok.substring(modeEnd);
            if (!accidentalText.matches("((\\^\\^|\\^|__|_|=)[A-Ga-g])*"))
                throw error("key '" + value.trim() + "': unknown mode '" + tok.substring(k) + "'; expected major, minor (m), dorian, mixolydian, ...");
            t = 1;
            if (modeText.isEmpty() && accidentalText.isEmpty() && tokens.size() > 1 && tokens.get(1).matches("[A-Za-z]+")
                    && modeName(tokens.get(1)) != null) {
                modeText = tokens.get(1);
                t = 2;
            }
            mode = modeText.isEmpty() ? "major" : modeName(modeText);
            if (mode == null)
                throw error("key '" + value.trim() + "': unknown mode '" + modeText + "'; expected major, minor (m), dorian, mixolydian, ...");
            fifths = letterFifths + MODES.get(mode);
            if (fifths < -7 || fifths > 7) throw error("key '" + value.trim() + "' needs more than 7 sharps or flats");
        }
        int[] accidentals = new int[7];
        for (int f = 0; f < Math.abs(fifths); f++) {
            int letter = "CDEFGAB".indexOf(fifths > 0 ? "FCGDAEB".charAt(f) : "BEADGCF".charAt(f));
            accidentals[letter] = fifths > 0 ? 1 : -1;
        }
        StringBuilder rest = new StringBuilder(accidentalText);
        for (; t < tokens.size(); t++) rest.append(' ').append(tokens.get(t));
        String extra = rest.toString().trim();
        if (extra.toLowerCase(Locale.ROOT).startsWith("exp")) { // exactly the accidentals given
            Arrays.fill(accidentals, 0);
            extra = extra.substring(3);
        }
        Matcher m = Pattern.compile("(\\^\\^|\\^|__|_|=)([A-Ga-g])").matcher(extra);
        int at = 0;
        while (m.find()) {
            if (!extra.substring(at, m.start()).isBlank()) break;
            int alter = switch (m.group(1)) { case "^^" -> 2; case "^" -> 1; case "__" -> -2; case "_" -> -1; default -> 0; };
            accidentals["CDEFGAB".indexOf(Character.toUpperCase(m.group(2).charAt(0)))] = alter;
            at = m.end();
        }
        if (!extra.substring(at).isBlank())
            warn("key '" + value.trim() + "': '" + extra.substring(at).trim() + "' is neither an accidental nor a clef: ignored");
        return new Key(fifths, mode, accidentals);
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

    /**
     * Event indices of a voice in playback order: header P: part order (when the body labels its parts), then
     * repeats. Bar lines stay in the order (the timeline needs them for overlays).
     */
    private List<Integer> playbackOrder(List<Object> events) {
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
            return expandRepeats(events, all);
        }
        List<Integer> played = new ArrayList<>(expandRepeats(events, intro));
        for (String label : partOrder(order.split("\n")[0])) {
            List<Integer> part = parts.get(label);
            if (part != null) played.addAll(expandRepeats(events, part));
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
            List<String> top = stack.get(stack.size() - 1);
            if (Character.isLetter(c)) {
                last = List.of(String.valueOf(c));
                top.addAll(last);
            } else if (Character.isDigit(c)) {
                int times = c - '0';
                for (int k = 1; k < times && top.size() < 10_000; k++) top.addAll(last);
            } else if (c == '(') {
                stack.add(new ArrayList<>());
            } else if (c == ')' && stack.size() > 1) {
                last = stack.remove(stack.size() - 1);
                stack.get(stack.size() - 1).addAll(last);
            }
        }
        while (stack.size() > 1) { // unclosed groups: played as written
            List<String> open = stack.remove(stack.size() - 1);
            stack.get(stack.size() - 1).addAll(open);
        }
        List<String> all = stack.get(0);
        return all.size() > 10_000 ? all.subList(0, 10_000) : all;
    }

    /**
     * Plays {@code |: :|} sections twice and numbered endings on their pass. A {@code :|} goes back to the last
     * {@code |:}; without one, to the start of the tune, or (once a repeat has been played) to the last
     * {@code ||}, {@code |]} or end of a repeat, as abc2midi does. After numbered endings closed by {@code ||} or
     * {@code |]}, a new section starts there (abc2midi instead goes back to the section before the endings).
     */
    private List<Integer> expandRepeats(List<Object> events, List<Integer> indices) {
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
                    out.add(indices.get(k));
                } else if (b.endings() == null && (b.repeatStart() || (b.sectionEnd() && !b.repeatEnd()))) {
                    skipping = false;
                    region = null;
                    pass = 1;
                    start = k + 1;
                    out.add(indices.get(k));
                }
                continue;
            }
            out.add(indices.get(k));
            if (b.repeatEnd()) {
                int passes = region == null ? 2 : Math.max(2, maxEndingFrom(events, indices, k, region));
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
    private static int maxEndingFrom(List<Object> events, List<Integer> indices, int k, int[] region) {
        int max = Arrays.stream(region).max().orElse(1);
        for (int j = k + 1; j < indices.size(); j++) {
            if (!(events.get(indices.get(j)) instanceof Bar b)) continue;
            if (b.endings() != null) max = Math.max(max, Arrays.stream(b.endings()).max().orElse(1));
            else if (b.repeatStart() || b.sectionEnd()) break;
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

    /** The voices that hold music, in the order of {@code %%score}, then of their first appearance. */
    private List<Voice> voicesInScoreOrder() {
        List<Voice> used = new ArrayList<>();
        for (String id : scoreOrder) {
            Voice v = voices.get(id);
            if (v != null && v.used && !used.contains(v)) used.add(v);
        }
        for (Voice v : voices.values()) if (v.used && !used.contains(v)) used.add(v);
        if (used.isEmpty() && !voices.isEmpty()) used.add(voices.values().iterator().next());
        return used;
    }

    private Score timeline() throws AbcParseException {
        int tpq = AbcReader.TICKS_PER_QUARTER;
        List<Voice> ordered = voicesInScoreOrder();
        if (ordered.isEmpty()) ordered = List.of(currentVoice());
        List<Part> parts = new ArrayList<>();
        List<TempoChange> tempos = new ArrayList<>();
        List<TimeSignature> meters = new ArrayList<>();
        List<KeySignature> keys = new ArrayList<>();
        List<Annotation> annotations = new ArrayList<>();
        for (int q : headerTempos) replaceAt(tempos, new TempoChange(0, q), TempoChange::tick);
        Rational firstEnd = null;
        for (int p = 0; p < ordered.size(); p++) {
            Voice v = ordered.get(p);
            List<Note> notes = new ArrayList<>();
            List<ProgramChange> programs = new ArrayList<>();
            Rational end;
            try {
                end = voiceTimeline(v, p, notes, programs, tempos, p == 0 ? meters : null, p == 0 ? keys : null, annotations);
            } catch (ArithmeticException e) {
                throw error("note lengths too fine or too long to be added up exactly");
            }
            if (firstEnd == null) firstEnd = end;
            else if (!end.equals(firstEnd))
                warn("voice V:" + v.id + " lasts " + quarters(end) + " quarter notes, the first voice "
                        + quarters(firstEnd) + ": their bars do not line up");
            String name = !v.name.isEmpty() ? v.name : voiced && ordered.size() > 1 ? v.id : "melody";
            if (voiced && ordered.size() == 1 && v.name.isEmpty() && !v.id.isEmpty()) name = v.id;
            parts.add(new Part(name, Math.max(0, v.program), -1, false, notes, List.of(), programs));
        }
        tempos.sort(java.util.Comparator.comparingLong(TempoChange::tick));
        List<TempoChange> oneEach = new ArrayList<>();
        for (TempoChange t : tempos) replaceAt(oneEach, t, TempoChange::tick);
        if (oneEach.isEmpty() || oneEach.get(0).tick() > 0) oneEach.add(0, new TempoChange(0, Score.DEFAULT_MICROS_PER_QUARTER));
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        line = 0;
        column = 0;
        return new Score(title, tpq, parts, oneEach, dedupe(meters), dedupe(keys), annotations, meta);
    }

    private static String quarters(Rational whole) {
        Rational q = whole.times(4, 1);
        return q.den() == 1 ? Long.toString(q.num()) : q.toString();
    }

    /**
     * Lays out one voice: its notes (ties joined, each overlay layer on its own), program changes, its annotations,
     * and (for the first voice) the meters and keys. Returns the time its music ends.
     */
    private Rational voiceTimeline(Voice v, int part, List<Note> out, List<ProgramChange> programs, List<TempoChange> tempos,
                                   List<TimeSignature> meters, List<KeySignature> keys, List<Annotation> annotations) {
        int tpq = AbcReader.TICKS_PER_QUARTER;
        Rational now = Rational.ZERO, barStart = Rational.ZERO, mainEnd = null;
        int layer = 0;
        List<Sounding> sounding = new ArrayList<>();
        Map<Integer, Map<Integer, Sounding>> ties = new HashMap<>(); // per overlay layer, by pitch
        for (int index : playbackOrder(v.events)) {
            Object e = v.events.get(index);
            long tick = now.ticks(tpq);
            if (e instanceof Sound s) {
                line = s.line();
                column = s.column();
                Map<Integer, Sounding> layerTies = ties.getOrDefault(layer, Map.of());
                Map<Integer, Sounding> nextTies = new HashMap<>();
                for (int k = 0; k < s.pitches().length; k++) {
                    Rational end = now.plus(s.lengths()[k]);
                    Sounding held = layerTies.get(s.pitches()[k]);
                    if (held != null && held.end.equals(now)) held.end = end;
                    else {
                        held = new Sounding(s.pitches()[k], now, end);
                        sounding.add(held);
                    }
                    if (s.tied()[k]) nextTies.put(s.pitches()[k], held);
                }
                ties.put(layer, nextTies);
                now = now.plus(s.advance());
            } else if (e instanceof Bar) {
                if (layer > 0) now = mainEnd;
                layer = 0;
                barStart = now;
            } else if (e instanceof OverlayMark) {
                if (layer == 0) mainEnd = now;
                layer++;
                now = barStart;
            } else if (e instanceof Text t) {
                annotations.add(new Annotation(tick, t.kind(), t.text(), part));
            } else if (e instanceof MeterMark m) {
                if (meters != null && m.numerator() > 0)
                    replaceAt(meters, new TimeSignature(tick, m.numerator(), m.denominator()), TimeSignature::tick);
            } else if (e instanceof KeyMark k) {
                if (keys != null) replaceAt(keys, new KeySignature(tick, k.fifths(), k.mode()), KeySignature::tick);
            } else if (e instanceof TempoMark q) {
                tempos.add(new TempoChange(tick, q.microsPerQuarter()));
            } else if (e instanceof ProgramMark pm) {
                programs.add(new ProgramChange(tick, pm.program()));
            }
        }
        if (layer > 0) now = mainEnd; // a tune that ends inside an overlay ends with its main voice
        for (Sounding s : sounding) {
            long on = s.onset.ticks(tpq);
            long off = s.end.ticks(tpq);
            out.add(new Note(s.pitch, VELOCITY, on, Math.max(1, off - on)));
        }
        return now;
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
