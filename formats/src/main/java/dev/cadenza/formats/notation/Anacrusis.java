package dev.cadenza.formats.notation;

import dev.cadenza.music.Note;
import dev.cadenza.music.TimeSignature;

import java.util.Collection;

/**
 * The pickup (anacrusis) of music that starts before its first downbeat, as most reels and jigs do ({@code A|d2e fed|}):
 * the score gives only times, so the pickup is the shift of the bar lines that makes the fewest notes cross them,
 * taken only when it clearly wins (at most half the crossings of no shift, and at least two fewer). When no shift
 * wins on crossings (a jig of eighths fits any shift), the chord symbols decide: they fall on downbeats, so a shift
 * that puts at least half of them (and twice as many as no shift) on bar lines, crossing no more notes, is the pickup.
 */
public final class Anacrusis {
    private Anacrusis() {}

    /**
     * The length in ticks of the pickup bar before the first full bar of {@code meter}, or 0: a multiple of an eighth
     * (of the meter's unit when that is shorter), less than a bar.
     *
     * @param notes the music's notes (a melody, or all parts)
     * @param meter the meter of the first bar
     * @param ticksPerQuarter the score's resolution
     * @return the pickup's length in ticks, {@code 0 <= length < bar}
     */
    public static long of(Collection<Note> notes, TimeSignature meter, int ticksPerQuarter) {
        return of(notes, java.util.List.of(), meter, ticksPerQuarter);
    }

    /**
     * As {@link #of(Collection, TimeSignature, int)}, with the ticks of the score's chord symbols as a second hint.
     *
     * @param notes the music's notes
     * @param chordTicks the ticks of the chord symbols; may be empty
     * @param meter the meter of the first bar
     * @param ticksPerQuarter the score's resolution
     * @return the pickup's length in ticks, {@code 0 <= length < bar}
     */
    public static long of(Collection<Note> notes, Collection<Long> chordTicks, TimeSignature meter, int ticksPerQuarter) {
        long bar = meter.ticksPerBar(ticksPerQuarter);
        long step = ticksPerQuarter % 4 == 0 ? Math.min(4L * ticksPerQuarter / meter.denominator(), ticksPerQuarter / 4L)
                : Math.min(4L * ticksPerQuarter / meter.denominator(), ticksPerQuarter / 2L);
        if (bar <= 0 || step <= 0 || notes.isEmpty()) return 0;
        long none = crossings(notes, bar, 0), best = none, bestShift = 0;
        for (long shift = step; shift < bar; shift += step) {
            long c = crossings(notes, bar, shift);
            if (c < best) {
                best = c;
                bestShift = shift;
            }
        }
        if (bestShift > 0 && 2 * best <= none && none - best >= 2) return bestShift;
        if (chordTicks.isEmpty()) return 0;
        long onLinesNone = onLines(chordTicks, bar, 0), most = onLinesNone, mostShift = 0;
        for (long shift = step; shift < bar; shift += step) {
            long on = onLines(chordTicks, bar, shift);
            if (on > most && crossings(notes, bar, shift) <= none) {
                most = on;
                mostShift = shift;
            }
        }
        return mostShift > 0 && 2 * most >= chordTicks.size() && most >= 2 && most >= 2 * onLinesNone ? mostShift : 0;
    }

    private static long onLines(Collection<Long> ticks, long bar, long shift) {
        long count = 0;
        for (long t : ticks) if (Math.floorMod(t - shift, bar) == 0) count++;
        return count;
    }

    /** How many times a note crosses a bar line when the bar lines are at {@code shift + k * bar}. */
    private static long crossings(Collection<Note> notes, long bar, long shift) {
        long count = 0;
        for (Note n : notes) {
            // bar lines strictly inside (onset, end): lines at shift + k*bar
            long first = Math.floorDiv(n.onset() - shift, bar) + 1; // the first line after the onset
            long last = Math.floorDiv(n.end() - 1 - shift, bar);    // the last line before the end
            if (last >= first) count += last - first + 1;
        }
        return count;
    }
}
