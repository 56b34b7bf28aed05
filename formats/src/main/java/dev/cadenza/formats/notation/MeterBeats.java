package dev.cadenza.formats.notation;

import dev.cadenza.music.TimeSignature;

import java.util.ArrayList;
import java.util.List;

/**
 * The beats of one bar of a meter, and the lengths a note or rest is written in so that the beats show, as engravers
 * write them: split and tied where it crosses a beat it does not start on, or the middle of a 4/4 (or 12/8) bar it does
 * not start the bar on; a note that starts on a beat may last to a later beat, or be a dotted value whose undotted part
 * ends on a beat (the dotted quarter on beat one of 4/4). Inside a beat every single value is kept (16th, 8th, 16th).
 * Single values are plain, dotted once, or triplets of a plain value; no double dots. A length inside a beat that is
 * neither single nor two tied single values (a performed length, 19/20 of a quarter) is left whole.
 * <p>
 * Simple meters beat the denominator's note (4/4: quarters, 2/2: halves); a numerator that is a multiple of three
 * (6/8, 9/8, 12/8, 6/4, and 3/8 in one) beats dotted notes of three; other numerators over 8 or more group their units
 * in twos with a three at the end (5/8 = 2+3, 7/8 = 2+2+3). Positions are ticks from the start of the bar, at any
 * resolution given as ticks per quarter; a beat that falls between ticks is not used.
 */
public final class MeterBeats {
    /** Internal resolution: every position is multiplied by this, so that 64ths and triplets of any tick are whole. */
    private static final long M = 96;

    private final long bar;      // bar length, M-units
    private final long quarter;  // quarter note, M-units
    private final long[] beats;  // beat starts within the bar, M-units, ascending from 0
    private final long half;     // the middle of a four-beat bar, or -1
    private final boolean compound;
    private final long unit;     // the denominator's note, M-units

    private MeterBeats(long bar, long quarter, long[] beats, long half, boolean compound, long unit) {
        this.bar = bar;
        this.quarter = quarter;
        this.beats = beats;
        this.half = half;
        this.compound = compound;
        this.unit = unit;
    }

    /**
     * The beats of {@code meter} at {@code ticksPerQuarter}; the bar is the meter's full bar.
     *
     * @param meter the meter
     * @param ticksPerQuarter the resolution, {@code > 0}
     * @return the beats
     * @throws IllegalArgumentException when {@code ticksPerQuarter} is not positive
     */
    public static MeterBeats of(TimeSignature meter, long ticksPerQuarter) {
        if (ticksPerQuarter <= 0) throw new IllegalArgumentException("ticksPerQuarter must be > 0, was " + ticksPerQuarter);
        long quarter = ticksPerQuarter * M;
        int num = meter.numerator(), den = meter.denominator();
        long unit = quarter * 4 / den; // M is a multiple of 64/4, so every note value down to a 64th is whole
        long bar = unit * num;
        List<Long> starts = new ArrayList<>();
        boolean compound = num % 3 == 0 && (num > 3 || den >= 8);
        if (compound) {
            for (int b = 0; b < num; b += 3) starts.add(b * unit);
        } else if (den >= 8 && num > 4) {
            int at = 0;
            while (at < num) {
                starts.add(at * unit);
                at += (num - at == 3) ? 3 : 2;
            }
        } else if (den >= 8 && num % 2 == 0) {
            for (int b = 0; b < num; b += 2) starts.add(b * unit); // 4/8, 2/8: quarter beats
        } else {
            for (int b = 0; b < num; b++) starts.add(b * unit);
        }
        long[] beats = starts.stream().mapToLong(Long::longValue).toArray();
        long half = beats.length == 4 ? beats[2] : -1;
        return new MeterBeats(bar, quarter, beats, half, compound, unit);
    }

    /**
     * Ticks in one bar, at the resolution given.
     *
     * @return the bar's length in ticks
     */
    public long barTicks() {
        return bar / M;
    }

    /**
     * Whether {@code offset} (ticks from the bar start) is on a beat.
     *
     * @param offset ticks from the bar's start
     * @return true when a beat starts there
     */
    public boolean onBeat(long offset) {
        return isBeat(offset * M);
    }

    /**
     * The lengths, in ticks, that write a note or rest from {@code start} to {@code end} (ticks from the bar start,
     * within the bar, or beyond it when the bar was cut short), tied one to the next; they add up to
     * {@code end - start}.
     *
     * @param start ticks from the bar's start, {@code >= 0}
     * @param end ticks from the bar's start, {@code > start}
     * @return the lengths in ticks, in order
     * @throws IllegalArgumentException when the span is empty or starts before the bar
     */
    public List<Long> split(long start, long end) {
        if (start < 0 || end <= start) throw new IllegalArgumentException("need 0 <= start < end, was " + start + ", " + end);
        List<Long> out = new ArrayList<>();
        split(start * M, end * M, out);
        return out;
    }

    private void split(long s, long e, List<Long> out) {
        long d = e - s;
        if (single(d) && allowed(s, e)) {
            out.add(d / M);
            return;
        }
        long b = metricBoundary(s, e);
        if (b > 0) {
            split(s, b, out);
            split(b, e, out);
            return;
        }
        // Inside a beat: at the beat's coarsest subdivision when both sides are written cleanly, else as two tied values
        // (a quarter and a sixteenth), else the length as it is (a performed length such as 19/20 of a quarter: a chain
        // of tiny tied values would help no one).
        b = subdivision(s, e);
        if (b > 0 && clean(b - s) && clean(e - b)) {
            split(s, b, out);
            split(b, e, out);
            return;
        }
        long v = largestSingle(d);
        if (v > 0 && v < d && single(d - v)) {
            out.add(v / M);
            out.add((d - v) / M);
        } else out.add(d / M);
    }

    /** Whether a single value may be written from s to e without hiding a beat. */
    private boolean allowed(long s, long e) {
        if (half > 0 && s < half && half < e) return s == 0;
        boolean crosses = false;
        for (long b : beats) if (s < b && b < e) crosses = true;
        if (e > bar && s < bar) crosses = true;
        if (!crosses) return true;
        if (!isBeat(s)) return false;
        if (isBeat(e) || e == bar) return true;
        long plain = (e - s) * 2 / 3; // a dotted value whose undotted part ends on a beat
        return plain(plain) && (e - s) * 2 % 3 == 0 && isBeat(s + plain);
    }

    private boolean isBeat(long x) {
        if (x == bar) return true;
        for (long b : beats) if (b == x) return true;
        return false;
    }

    /** A length written as one value or as two tied values. */
    private boolean clean(long d) {
        if (single(d)) return true;
        long v = largestSingle(d);
        return v > 0 && v < d && single(d - v);
    }

    /** The boundary to split s..e at: the middle of the bar, else the first beat inside; zero when there is none. */
    private long metricBoundary(long s, long e) {
        if (half > 0 && s < half && half < e && half % M == 0) return half;
        for (long b : beats) if (s < b && b < e && b % M == 0) return b;
        if (s < bar && bar < e) return bar;
        return 0;
    }

    /**
     * The first point inside s..e of the coarsest subdivision of the beat (halves, or the units of a compound beat,
     * then halves of those; thirds for triplets); only points on whole ticks. Zero when there is none.
     */
    private long subdivision(long s, long e) {
        long beatStart = 0, beatEnd = bar;
        for (int i = 0; i < beats.length; i++)
            if (beats[i] <= s) {
                beatStart = beats[i];
                beatEnd = i + 1 < beats.length ? beats[i + 1] : bar;
            }
        long length = beatEnd - beatStart;
        List<Long> steps = new ArrayList<>();
        long step = compound && length % 3 == 0 ? length / 3 : length / 2;
        for (int level = 0; level < 8 && step > 0; level++, step /= 2) steps.add(step);
        if (!compound && length % 3 == 0) // triplets: thirds of the beat, then their halves
            for (long t = length / 3; t > 0 && steps.size() < 16; t /= 2) steps.add(t);
        for (long st : steps) {
            if (st <= 0) continue;
            long first = beatStart + ((s - beatStart) / st + 1) * st;
            if (first < e && first > s && first % M == 0) return first;
        }
        return 0;
    }

    /** Plain (64th to breve), once dotted, or a triplet of a plain value, and on whole ticks. */
    private boolean single(long d) {
        if (d <= 0 || d % M != 0) return false;
        return plain(d) || (d % 3 == 0 && plain(d * 2 / 3)) || (d % 2 == 0 && plain(d * 3 / 2));
    }

    private boolean plain(long d) {
        for (long v = quarter * 8; v >= quarter / 16; v /= 2) if (v == d) return true;
        return false;
    }

    /** The longest single value shorter than or equal to d that lies on whole ticks; 0 when none. */
    private long largestSingle(long d) {
        long best = 0;
        for (long v = quarter * 8; v >= quarter / 16; v /= 2)
            for (long c : new long[] {v, v * 3 / 2, v * 2 / 3})
                if (c <= d && c > best && c % M == 0 && (c == v || (c == v * 3 / 2 && v % 2 == 0) || (c == v * 2 / 3 && v % 3 == 0)))
                    best = c;
        return best;
    }
}
