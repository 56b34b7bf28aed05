package dev.cadenza.samplers;

import java.util.List;

/**
 * The ABC syntax of the irish.abc dialect as a character-level state machine, for {@link AbcGrammar}: one
 * {@link #accept(char)} or {@link #allows(char)} costs a constant amount of work, whatever the length of the text.
 * <p>
 * A tune is the header lines {@code X:} (a number), then optionally {@code T:}, {@code Z:} and {@code R:} (free text),
 * {@code M:} (a meter such as C, C|, 6/8) and {@code L:} (1/4, 1/8 or 1/16), each at most once and in this order, and
 * last {@code K:} (a tonic with an optional accidental and mode, as in "G Major", "A Dorian", "Em"); fields are
 * optional so that a vocabulary without one of their letters (a corpus that never writes {@code Z:}) never dead-ends;
 * then body lines, and a blank line that ends the tune. A body line
 * holds notes ({@code ^ ^^ _ __ =} accidentals, a letter, octave marks, a length such as 2, 3/2, /, /2), rests
 * ({@code z}), bar lines ({@code | || |] :|}), endings ({@code [1} after a bar, {@code [2} after the {@code :|}
 * that closes it), tuplets ({@code (3} followed by that many notes or rests), ties ({@code -} after a note), broken
 * rhythm ({@code > <} between two notes), single spaces and an optional {@code !} just before the line end; or it
 * is a {@code K:} / {@code M:} field line.
 * <p>
 * Beyond syntax, it keeps the rules that make abc2midi (the reference player) report an error: a note after a tie
 * repeats the tied pitch as written, in the same bar; the two notes of a broken rhythm have the same written length
 * and are not in a tuplet or another broken rhythm; lengths below the line are 1, 2, 4, 8 or 16; a first ending
 * never follows a plain {@code :|}, is closed by {@code :|} and followed by a second ending, which a {@code ||} or
 * {@code |]} closes before the tune ends. A tuplet, broken rhythm or tie is completed on its line.
 * <p>
 * Once a tune is {@code maxTuneLength} characters long, {@link #allows(char)} admits only characters that lead to
 * its end (the way out of an open construct, owed notes, line ends), so every tune can and does end;
 * {@link #accept(char)} is not limited, so a long primer is still read.
 */
public final class AbcSyntax {
    private static final String HEADER = "XTZRMLK";
    private static final int BETWEEN = 0, FIELD_LETTER = 1, FIELD_COLON = 2, NUMBER_VALUE = 3, TEXT_VALUE = 4,
            WORD_VALUE = 5, LINE_START = 6, BOUNDARY = 7, ACCIDENTAL = 8, NOTE = 9, BAR = 10, COLON = 11,
            COLON_BAR = 12, BRACKET = 13, TUPLET = 14, BANG = 15;
    private static final int NO_ENDING = 0, FIRST = 1, AFTER_FIRST = 2, SECOND = 3;
    private static final String[] STATE_NAMES = {"between tunes", "header field", "header field", "X: number",
            "header text", "header value", "body line start", "body", "accidental", "note", "bar line", "bar line",
            "bar line", "ending", "tuplet", "line end"};

    private static final Trie METERS = Trie.withOptionalSpace(List.of("C", "C|", "2/2", "3/2", "2/4", "3/4", "4/4",
            "5/4", "6/4", "3/8", "6/8", "7/8", "9/8", "12/8"));
    private static final Trie UNIT_LENGTHS = Trie.withOptionalSpace(List.of("1/4", "1/8", "1/16"));
    private static final Trie KEYS = Trie.withOptionalSpace(keys());

    private final int maxTuneLength;
    private final int maxTextLength;

    private int state = BETWEEN;
    private int field;           // index into HEADER of the field being read
    private boolean fieldInBody; // a K:/M: line inside the body rather than the header
    private Trie node;           // position in METERS / UNIT_LENGTHS / KEYS
    private int count;           // digits of X:, characters of a text field
    private boolean visible;     // a text field has a non-space character
    private int tuneLength;
    private boolean noteInTune;
    private int tupletLeft;      // notes a tuplet still needs
    private boolean brokenPending, tiePending;
    private boolean lastSpace, lastBar; // lastBar outlives a line end: "[1" may open the next line after a bar
    private int ending;                 // NO_ENDING, FIRST, AFTER_FIRST (":|" seen, "[2" owed), SECOND
    private boolean endingNoteOwed;     // "[1" or "[2" waits for its first note
    private boolean sectionRepeated;    // a plain ":|" (not closing an ending) has been seen in this tune
    private char accidental;
    private int accidentals;
    private boolean upper, rest;
    private int octaves, lengthPhase, lengthDigits, slashes;
    private char noteLetter, denominatorFirst;
    private boolean secondOfBroken;
    private boolean tupletNote;      // the note just read is in a tuplet, so its length is not as written  // the note just read ends a broken rhythm, whose length abc2midi has changed
    // abc2midi ties only equal pitches and breaks rhythm only between equal lengths: what the next note must match.
    private char tieLetter;
    private int tieOctaves;
    private int octaveTarget = -1;   // octave marks the tied note must have, -1 when free
    private String length = "";      // the length of the note being read, as written
    private String lengthTarget;     // the length the second note of a broken rhythm must have, null when free
    private String brokenLength = "";

    /**
     * @param maxTuneLength characters after which only the way to the tune's end is allowed ({@code >= 1})
     * @param maxTextLength characters after which a T:, Z: or R: text must end ({@code >= 1})
     */
    public AbcSyntax(int maxTuneLength, int maxTextLength) {
        if (maxTuneLength < 1) throw new IllegalArgumentException("max tune length must be >= 1, was " + maxTuneLength);
        if (maxTextLength < 1) throw new IllegalArgumentException("max text length must be >= 1, was " + maxTextLength);
        this.maxTuneLength = maxTuneLength;
        this.maxTextLength = maxTextLength;
    }

    /** Keys of at most seven sharps or flats, the ones a signature can hold (the reader refuses Fb major). */
    private static List<String> keys() {
        List<String> keys = new java.util.ArrayList<>();
        String[] modes = {"", "m", " Major", " Minor", " Dorian", " Mixolydian", " Phrygian", " Lydian", " Locrian",
                " Aeolian", " Ionian"};
        int[] modeFifths = {0, -3, 0, -3, -2, -1, -4, 1, -5, -3, 0};
        for (char tonic = 'A'; tonic <= 'G'; tonic++)
            for (String accidental : new String[] {"", "#", "b"})
                for (int m = 0; m < modes.length; m++) {
                    int fifths = "FCGDAEB".indexOf(tonic) - 1 + (accidental.equals("#") ? 7 : accidental.equals("b") ? -7 : 0)
                            + modeFifths[m];
                    if (Math.abs(fifths) <= 7) keys.add(tonic + accidental + modes[m]);
                }
        return keys;
    }

    /**
     * An independent copy of the syntax state (beam search branches with it).
     *
     * @return a new syntax at the same place
     */
    public AbcSyntax copy() {
        AbcSyntax c = new AbcSyntax(maxTuneLength, maxTextLength);
        c.state = state;
        c.field = field;
        c.fieldInBody = fieldInBody;
        c.node = node;
        c.count = count;
        c.visible = visible;
        c.tuneLength = tuneLength;
        c.noteInTune = noteInTune;
        c.tupletLeft = tupletLeft;
        c.brokenPending = brokenPending;
        c.tiePending = tiePending;
        c.lastSpace = lastSpace;
        c.lastBar = lastBar;
        c.accidental = accidental;
        c.accidentals = accidentals;
        c.upper = upper;
        c.rest = rest;
        c.octaves = octaves;
        c.lengthPhase = lengthPhase;
        c.lengthDigits = lengthDigits;
        c.slashes = slashes;
        c.ending = ending;
        c.endingNoteOwed = endingNoteOwed;
        c.sectionRepeated = sectionRepeated;
        c.noteLetter = noteLetter;
        c.denominatorFirst = denominatorFirst;
        c.secondOfBroken = secondOfBroken;
        c.tupletNote = tupletNote;
        c.tieLetter = tieLetter;
        c.tieOctaves = tieOctaves;
        c.octaveTarget = octaveTarget;
        c.length = length;
        c.lengthTarget = lengthTarget;
        c.brokenLength = brokenLength;
        return c;
    }

    /**
     * Whether {@code c} may come next (within the tune length budget).
     *
     * @param c the next character
     * @return true when it is allowed and the tune can still be closed within its length budget
     */
    public boolean allows(char c) {
        if (!copy().advance(c)) return false;
        if (tuneLength < maxTuneLength || !inBody()) return true;
        // Closing: only what leads to the blank line: bounded continuations, owed notes, then the shortest way out.
        if (state == COLON || state == BRACKET || state == TUPLET || state == ACCIDENTAL || state == BANG
                || state == FIELD_COLON || state == WORD_VALUE) return true;
        if (state == NOTE && !noteCanEnd()) return true; // the octave marks or length a tie or rhythm needs
        boolean noteOwed = tupletLeft > 0 || brokenPending || tiePending || endingNoteOwed || !noteInTune
                || ((ending == FIRST || ending == SECOND) && lastBar && (state == BOUNDARY || state == LINE_START));
        if (isNoteLetter(c)) return noteOwed;
        return switch (ending) {
            case FIRST -> c == ':' || c == '\n' || c == '!';       // the first ending is closed by ":|" ...
            case AFTER_FIRST -> c == '[' || c == '\n' || c == '!'; // ... followed by "[2" ...
            case SECOND -> c == '|' || c == ']';                   // ... which a "||" or "|]" closes
            default -> c == '\n' || c == '!';
        };
    }

    /**
     * Moves past {@code c}; a character the syntax does not allow here is an IllegalArgumentException saying what was
     * expected.
     *
     * @param c the next character
     * @throws IllegalArgumentException when it is not allowed here
     */
    public void accept(char c) {
        AbcSyntax next = copy();
        if (!next.advance(c))
            throw new IllegalArgumentException("ABC syntax: " + printable(c) + " is not allowed here (" + STATE_NAMES[state]
                    + "); expected one of " + expected());
        copyFrom(next);
    }

    /**
     * Whether the current tune may end here (the end token in place of the blank line, or of the last line end).
     *
     * @return true when a tune is open, has a note, and is not inside an unfinished first or second ending
     */
    public boolean canEndTune() {
        if (!inBody() || !noteInTune || ending != NO_ENDING) return false;
        return state == LINE_START || (state != BANG && copy().advance('\n'));
    }

    /** Ends the tune (as an end token does): the next character starts a new one. */
    public void endTune() {
        if (!canEndTune()) throw new IllegalArgumentException("ABC syntax: the tune cannot end here (" + STATE_NAMES[state] + ")");
        resetTune();
    }

    /**
     * True between tunes: after a blank line or an end token, before the next X:.
     *
     * @return true between tunes
     */
    public boolean betweenTunes() {
        return state == BETWEEN;
    }

    /**
     * The characters allowed next, for messages.
     *
     * @return the allowed printable characters, in brackets
     */
    public String expected() {
        StringBuilder sb = new StringBuilder("[");
        AbcSyntax probe = copy();
        for (char c = 9; c < 127; c++) {
            if (c < 32 && c != '\n') continue;
            if (probe.copy().advance(c)) sb.append(printable(c)).append(' ');
        }
        if (sb.length() > 1) sb.setLength(sb.length() - 1);
        return sb.append(']').toString();
    }

    private static String printable(char c) {
        return c == '\n' ? "'\\n'" : c == ' ' ? "' '" : "'" + c + "'";
    }

    private void copyFrom(AbcSyntax o) {
        state = o.state;
        field = o.field;
        fieldInBody = o.fieldInBody;
        node = o.node;
        count = o.count;
        visible = o.visible;
        tuneLength = o.tuneLength;
        noteInTune = o.noteInTune;
        tupletLeft = o.tupletLeft;
        brokenPending = o.brokenPending;
        tiePending = o.tiePending;
        lastSpace = o.lastSpace;
        lastBar = o.lastBar;
        accidental = o.accidental;
        accidentals = o.accidentals;
        upper = o.upper;
        rest = o.rest;
        octaves = o.octaves;
        lengthPhase = o.lengthPhase;
        lengthDigits = o.lengthDigits;
        slashes = o.slashes;
        ending = o.ending;
        endingNoteOwed = o.endingNoteOwed;
        sectionRepeated = o.sectionRepeated;
        noteLetter = o.noteLetter;
        denominatorFirst = o.denominatorFirst;
        secondOfBroken = o.secondOfBroken;
        tupletNote = o.tupletNote;
        tieLetter = o.tieLetter;
        tieOctaves = o.tieOctaves;
        octaveTarget = o.octaveTarget;
        length = o.length;
        lengthTarget = o.lengthTarget;
        brokenLength = o.brokenLength;
    }

    private boolean inBody() {
        return state >= LINE_START || fieldInBody;
    }

    private void resetTune() {
        state = BETWEEN;
        field = 0;
        fieldInBody = false;
        node = null;
        tuneLength = 0;
        noteInTune = false;
        ending = NO_ENDING;
        sectionRepeated = false;
        lastBar = false;
        clearLine();
    }

    private void clearLine() {
        tupletLeft = 0;
        brokenPending = tiePending = lastSpace = endingNoteOwed = false;
    }

    private static boolean isNoteLetter(char c) {
        return (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g');
    }

    private static boolean isDigit19(char c) {
        return c >= '1' && c <= '9';
    }

    /** Applies {@code c}; false when it is not allowed (this object is then left half-changed: callers use a copy). */
    private boolean advance(char c) {
        if (state != BETWEEN) tuneLength++;
        switch (state) {
            case BETWEEN:
                if (c != 'X') return false;
                resetTune();
                tuneLength = 1;
                state = FIELD_COLON;
                field = 0;
                return true;
            case FIELD_LETTER: {
                int next = HEADER.indexOf(c);
                if (next <= field) return false; // in order, each at most once
                field = next;
                state = FIELD_COLON;
                return true;
            }
            case FIELD_COLON:
                if (c != ':') return false;
                count = 0;
                visible = false;
                switch (HEADER.charAt(field)) {
                    case 'X' -> state = NUMBER_VALUE;
                    case 'T', 'Z', 'R' -> state = TEXT_VALUE;
                    case 'M' -> { state = WORD_VALUE; node = METERS; }
                    case 'L' -> { state = WORD_VALUE; node = UNIT_LENGTHS; }
                    default -> { state = WORD_VALUE; node = KEYS; }
                }
                return true;
            case NUMBER_VALUE:
                if (c == '\n') return count > 0 && endField();
                if (count == 0 ? !isDigit19(c) : !(c >= '0' && c <= '9')) return false;
                return ++count <= 6;
            case TEXT_VALUE:
                if (c == '\n') return visible && endField();
                if (c < 32 || c > 126 || count >= maxTextLength) return false;
                count++;
                visible |= c != ' ';
                return true;
            case WORD_VALUE:
                if (c == '\n') return node.terminal && endField();
                node = node.next(c);
                return node != null;
            case LINE_START:
                if (c == '\n') {
                    // abc2midi: "Cannot find :| || [| or |] to close variant ending" when the tune ends in one.
                    if (!noteInTune || ending != NO_ENDING) return false;
                    resetTune();
                    return true;
                }
                if ((c == 'K' || c == 'M') && ending == NO_ENDING) {
                    field = HEADER.indexOf(c);
                    fieldInBody = true;
                    state = FIELD_COLON;
                    return true;
                }
                if (c == ' ' || c == '!') return false;
                return element(c);
            case BOUNDARY:
                return element(c);
            case ACCIDENTAL:
                if (isNoteLetter(c)) return startNote(c);
                if (c == accidental && c != '=' && accidentals == 1) {
                    accidentals = 2;
                    return true;
                }
                return false;
            case NOTE:
                return noteContinues(c) || endNote(c);
            case BAR:
                if (c == '|' || c == ']') {
                    // "||" and "|]" close a second ending; the first is closed by ":|". They do not undo a plain
                    // ":|" for abc2midi: a later "[1" would still be "found [1 or like before |:".
                    if (ending == FIRST || ending == AFTER_FIRST) return false;
                    ending = NO_ENDING;
                    return barDone();
                }
                lastBar = true;
                return element(c);
            case COLON:
                if (c != '|') return false;
                if (ending == FIRST) ending = AFTER_FIRST;
                else if (ending == SECOND) ending = NO_ENDING;
                else sectionRepeated = true; // a plain repeat: abc2midi allows no "[1" after it (we offer no "|:")
                state = COLON_BAR;
                return true;
            case COLON_BAR:
                lastBar = true;
                return element(c);
            case BRACKET:
                if (c == '1' && ending == NO_ENDING && !sectionRepeated) ending = FIRST;
                else if (c == '2' && ending == AFTER_FIRST) ending = SECOND;
                else return false;
                state = BOUNDARY;
                endingNoteOwed = true;
                lastBar = lastSpace = false;
                return true;
            case TUPLET:
                if (c < '2' || c > '9') return false;
                tupletLeft = c - '0';
                state = BOUNDARY;
                lastSpace = true; // the tuplet's notes follow at once
                lastBar = false;
                return true;
            case BANG:
                return c == '\n' && lineEnd();
            default:
                throw new IllegalStateException("ABC syntax state " + state);
        }
    }

    private boolean endField() {
        if (fieldInBody || HEADER.charAt(field) == 'K') {
            fieldInBody = false;
            state = LINE_START;
            clearLine();
        } else {
            state = FIELD_LETTER;
        }
        return true;
    }

    private boolean barDone() {
        state = BOUNDARY;
        lastBar = true;
        lastSpace = false;
        return true;
    }

    private boolean pending() {
        return tupletLeft > 0 || brokenPending || tiePending;
    }

    private boolean lineEnd() {
        state = LINE_START;
        clearLine();
        return true;
    }

    /** A character at an element boundary: the start of a note, rest, bar, ending or tuplet, a space or a line end. */
    private boolean element(char c) {
        if (ending == AFTER_FIRST) { // after the ":|" that closes "[1", only "[2" (here or at the next line's start)
            switch (c) {
                case '[':
                    state = BRACKET;
                    return true;
                case '!':
                    if (state == LINE_START) return false;
                    state = BANG;
                    return true;
                case '\n':
                    return state != LINE_START && lineEnd();
                default:
                    return false;
            }
        }
        if (endingNoteOwed && c == ' ' && !lastSpace) {
            state = BOUNDARY;
            lastSpace = true;
            return true;
        }
        boolean owed = tupletLeft > 0 || brokenPending || endingNoteOwed;
        if (c == '^' || c == '_' || c == '=') {
            if (tiePending) return false; // the tied note repeats the pitch as written, without an accidental
            accidental = c;
            accidentals = 1;
            state = ACCIDENTAL;
            return true;
        }
        if (isNoteLetter(c)) return startNote(c);
        if (c == 'z') {
            if (brokenPending) return false;
            return startNote(c);
        }
        if (owed) return false; // a tuplet or a broken rhythm needs its notes before anything else
        // A tie stays within its bar: across one, an accidental of the first note would no longer apply.
        if (tiePending && (c == '|' || c == ':' || c == '[')) return false;
        switch (c) {
            case ' ':
                if (lastSpace) return false;
                state = BOUNDARY;
                lastSpace = true;
                return true;
            case '|':
                if (lastBar) return false;
                state = BAR;
                lastSpace = false;
                return true;
            case ':':
                if (lastBar) return false;
                state = COLON;
                lastSpace = false;
                return true;
            case '[':
                // Only "[1" starts here ("[2" follows ":|" above): after a bar, in a section not yet repeated.
                if (ending != NO_ENDING || sectionRepeated || !lastBar) return false;
                state = BRACKET;
                lastSpace = false;
                return true;
            case '(':
                state = TUPLET;
                lastSpace = false;
                return true;
            case '!':
                if (tiePending) return false;
                state = BANG;
                return true;
            case '\n':
                return !tiePending && lineEnd();
            default:
                return false;
        }
    }

    private boolean startNote(char c) {
        if (c == 'z' && state == ACCIDENTAL) return false;
        if (tiePending && (c != tieLetter || state == ACCIDENTAL)) return false; // the same pitch, as written
        octaveTarget = tiePending ? tieOctaves : -1;
        lengthTarget = brokenPending ? brokenLength : null;
        secondOfBroken = brokenPending;
        tupletNote = tupletLeft > 0;
        length = "";
        noteLetter = c;
        state = NOTE;
        rest = c == 'z';
        upper = c >= 'A' && c <= 'G';
        octaves = lengthPhase = lengthDigits = slashes = 0;
        noteInTune = true;
        if (tupletLeft > 0) tupletLeft--;
        brokenPending = tiePending = endingNoteOwed = false;
        lastSpace = lastBar = false;
        return true;
    }

    /** Octave marks and the length of the note being read. */
    private boolean noteContinues(char c) {
        if (c == ',' || c == '\'') {
            if (rest || lengthPhase != 0 || octaves >= 3 || (c == ',') != upper) return false;
            if (octaveTarget >= 0 && octaves >= octaveTarget) return false;
            octaves++;
            return true;
        }
        if ((c >= '0' && c <= '9') || c == '/') {
            if (octaveTarget >= 0 && octaves != octaveTarget) return false;
            if (lengthTarget != null && !lengthTarget.startsWith(length + c)) return false;
            if (!lengthChar(c)) return false;
            length = length + c;
            return true;
        }
        return false;
    }

    private boolean noteCanEnd() {
        return (octaveTarget < 0 || octaves == octaveTarget) && (lengthTarget == null || length.equals(lengthTarget));
    }

    private boolean lengthChar(char c) {
        if (c >= '0' && c <= '9') {
            switch (lengthPhase) {
                case 0 -> {
                    if (c == '0') return false;
                    lengthPhase = 1;
                    lengthDigits = 1;
                }
                case 1 -> {
                    if (lengthDigits >= 2) return false;
                    lengthDigits++;
                }
                case 3 -> { // abc2midi wants a power of 2 below the line: 1, 2, 4, 8 or 16
                    if (lengthDigits >= 2 || c != '6' || denominatorFirst != '1') return false;
                    lengthDigits++;
                }
                default -> { // after '/': the denominator
                    if ((c != '1' && c != '2' && c != '4' && c != '8') || slashes > 1) return false;
                    lengthPhase = 3;
                    lengthDigits = 1;
                    denominatorFirst = c;
                }
            }
            return true;
        }
        if (c == '/') {
            if (lengthPhase == 3 || slashes >= 2) return false;
            slashes++;
            lengthPhase = 2;
            return true;
        }
        return false;
    }

    /** What may follow a complete note: a tie, a broken rhythm, or the next element. */
    private boolean endNote(char c) {
        if (!noteCanEnd()) return false;
        if (c == '-') {
            if (rest) return false;
            state = BOUNDARY;
            tiePending = true;
            tieLetter = noteLetter;
            tieOctaves = octaves;
            lastSpace = lastBar = false;
            return true;
        }
        if (c == '>' || c == '<') {
            if (rest || tupletLeft > 0 || secondOfBroken || tupletNote) return false;
            state = BOUNDARY;
            brokenPending = true;
            brokenLength = length;
            lastSpace = true; // the second note follows at once
            lastBar = false;
            return true;
        }
        state = BOUNDARY;
        lastSpace = lastBar = false;
        return element(c);
    }

    /** An immutable trie of the allowed values of a header field. */
    private static final class Trie {
        private final Trie[] children = new Trie[128];
        private boolean terminal;

        static Trie withOptionalSpace(List<String> words) {
            Trie root = new Trie();
            for (String w : words) {
                root.add(w);
                root.add(" " + w);
            }
            return root;
        }

        private void add(String word) {
            Trie n = this;
            for (int i = 0; i < word.length(); i++) {
                char c = word.charAt(i);
                if (n.children[c] == null) n.children[c] = new Trie();
                n = n.children[c];
            }
            n.terminal = true;
        }

        Trie next(char c) {
            return c < 128 ? children[c] : null;
        }
    }
}
