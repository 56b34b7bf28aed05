package dev.cadenza.tokenizers.jazz;

import java.util.Locale;

/**
 * One value of the jazz grammar: a melody note's {@link NoteClass class}, its duration, and for a note after another
 * note of the same measure the range of intervals from that note in which it lies: the interval itself plus and minus
 * a minor third. Written as deepjazz writes it: {@code "C,0.250,<m3,m-3>"} (class, quarter notes with three decimals,
 * then {@code <upper,lower>} as music21 interval names), {@code "S,0.500"} (the first note of a measure: no range),
 * {@code "R,0.333"} (a rest: never a range).
 *
 * @param kind the class
 * @param duration the duration in steps of {@link #GRID} per quarter note, at least 1
 * @param hasRange whether the value carries an interval range
 * @param lower the lowest interval of the range in semitones (0 without a range)
 * @param upper the highest interval of the range in semitones (0 without a range)
 */
public record GrammarValue(NoteClass kind, int duration, boolean hasRange, int lower, int upper) {
    /** Steps per quarter note: sixteenths (3) and eighth-note triplets (4), as music21 quantizes MIDI (divisors 4 and 3). */
    public static final int GRID = 12;
    /** Half the width of an interval range: a minor third. */
    public static final int RANGE = 3;

    /**
     * Checks the duration and the range.
     *
     * @param kind not null
     * @param duration at least 1 step
     * @param hasRange false for a rest
     * @param lower at most {@code upper}; 0 without a range
     * @param upper 0 without a range
     * @throws IllegalArgumentException when the duration is below one step, a rest has a range, or the range is empty
     * or bounds are given without one
     */
    public GrammarValue {
        java.util.Objects.requireNonNull(kind, "kind");
        if (duration < 1) throw new IllegalArgumentException("grammar value: duration must be at least one step of 1/" + GRID + " quarter, was " + duration);
        if (kind == NoteClass.R && hasRange) throw new IllegalArgumentException("grammar value: a rest has no interval range");
        if (hasRange && lower > upper) throw new IllegalArgumentException("grammar value: range <" + lower + ", " + upper + "> is empty");
        if (!hasRange && (lower != 0 || upper != 0)) throw new IllegalArgumentException("grammar value: bounds without a range");
    }

    /**
     * A value without an interval range (a rest, or the first note of a measure).
     *
     * @param kind the class
     * @param duration steps of {@link #GRID} per quarter note, at least 1
     * @return the value
     */
    public static GrammarValue of(NoteClass kind, int duration) {
        return new GrammarValue(kind, duration, false, 0, 0);
    }

    /**
     * A note {@code interval} semitones from the note before: its range is the interval plus and minus a minor third.
     *
     * @param kind the class, not a rest
     * @param duration steps of {@link #GRID} per quarter note, at least 1
     * @param interval semitones from the previous note (negative: down)
     * @return the value with the range {@code interval - 3 .. interval + 3}
     */
    public static GrammarValue after(NoteClass kind, int duration, int interval) {
        return new GrammarValue(kind, duration, true, interval - RANGE, interval + RANGE);
    }

    /**
     * The same value with another class (the seed turns approach and other tones into chord tones).
     *
     * @param k the new class; a rest drops the range
     * @return the value
     */
    public GrammarValue withKind(NoteClass k) {
        if (k == NoteClass.R) return of(k, duration);
        return new GrammarValue(k, duration, hasRange, lower, upper);
    }

    /**
     * The same value with another duration.
     *
     * @param steps steps of {@link #GRID} per quarter note, at least 1
     * @return the value
     */
    public GrammarValue withDuration(int steps) {
        return new GrammarValue(kind, steps, hasRange, lower, upper);
    }

    /**
     * The duration in quarter notes.
     *
     * @return {@code duration / GRID}
     */
    public double quarters() {
        return (double) duration / GRID;
    }

    /**
     * deepjazz's text: {@code "C,0.250,<m3,m-3>"}.
     *
     * @return the text
     */
    public String text() {
        String head = kind + "," + String.format(Locale.ROOT, "%.3f", quarters());
        return hasRange ? head + ",<" + IntervalName.of(upper) + "," + IntervalName.of(lower) + ">" : head;
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * Reads a value's text. The duration is rounded to the grid (deepjazz writes 1/3 as 0.333); the range's two
     * intervals may come in either order.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     * @param text e.g. {@code "C,0.250,<m3,m-3>"}
     * @return the value
     */
    public static GrammarValue parse(String text) {
        String[] terms = text.split(",");
        if (terms.length != 2 && terms.length != 4)
            throw new IllegalArgumentException("grammar value '" + text + "': expected CLASS,DURATION or CLASS,DURATION,<UPPER,LOWER>");
        NoteClass kind;
        try {
            kind = NoteClass.valueOf(terms[0]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grammar value '" + text + "': class '" + terms[0] + "' is not one of C, S, A, X, R", e);
        }
        int duration;
        try {
            duration = (int) Math.round(Double.parseDouble(terms[1]) * GRID);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("grammar value '" + text + "': duration '" + terms[1] + "' is not a number of quarter notes", e);
        }
        if (duration < 1) throw new IllegalArgumentException("grammar value '" + text + "': duration must be at least 1/" + GRID + " quarter");
        if (terms.length == 2) return of(kind, duration);
        if (!terms[2].startsWith("<") || !terms[3].endsWith(">"))
            throw new IllegalArgumentException("grammar value '" + text + "': expected the range as <UPPER,LOWER>");
        int a = IntervalName.semitones(terms[2].substring(1)), b = IntervalName.semitones(terms[3].substring(0, terms[3].length() - 1));
        try {
            return new GrammarValue(kind, duration, true, Math.min(a, b), Math.max(a, b));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grammar value '" + text + "': " + e.getMessage(), e);
        }
    }
}
