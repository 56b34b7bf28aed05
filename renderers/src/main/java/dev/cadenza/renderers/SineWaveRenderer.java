package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plain sine-wave synthesizer of the Bach chorale recipe (S3): one sine per sounding note, mono 16-bit PCM WAV,
 * 44.1 kHz unless told otherwise.
 * <p>
 * Like the seed, every note is equally loud and the mix is the mean over the largest number of notes sounding at
 * once, times {@code amplitude} (0.1 by default), so it never clips. Unlike the seed, which rounds each frequency so
 * that notes end near a zero crossing (detuning them), each note gets a 5 ms linear fade in and out against clicks.
 * Drum parts are skipped: their pitches are drum sounds, not tones. The file lasts exactly until the last note ends.
 * <p>
 * Options: {@code sample-rate} (8000..192000), {@code bpm} (replaces the tempo map, quarter notes per minute),
 * {@code tempo-scale} (multiplies every tempo), {@code amplitude} (0..1). The seed's {@code tempo=160} counted chorale
 * rows, which are sixteenth notes, per minute: that is {@code bpm=40} here.
 */
public final class SineWaveRenderer implements Renderer {
    /** The format name this renderer is registered under: a plain sine tone per note, with no sound bank needed. */
    public static final String FORMAT = "sine-wav";
    private static final Set<String> OPTIONS = Set.of("sample-rate", Tempi.BPM, Tempi.TEMPO_SCALE, "amplitude");
    private static final double FADE_SECONDS = 0.005;
    private static final int BLOCK = 8192;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "wav";
    }

    @Override
    public void render(Score score, OutputStream out, Options options) throws IOException {
        Options o = options.readBy("the '" + FORMAT + "' renderer", OPTIONS);
        int rate = o.integer("sample-rate", 44_100, 8_000, 192_000);
        double amplitude = o.number("amplitude", 0.1, 0, 1);
        Score timed = Tempi.retimed(score, o);

        List<Tone> tones = new ArrayList<>();
        for (Part part : timed.parts()) {
            if (part.drums()) continue;
            for (Note n : part.notes()) {
                long start = Math.round(timed.seconds(n.onset()) * rate);
                long end = Math.round(timed.seconds(n.end()) * rate);
                if (end > start) tones.add(new Tone(start, end, 440.0 * Math.pow(2, (n.pitch() - 69) / 12.0)));
            }
        }
        tones.sort(Comparator.comparingLong(Tone::start));
        long total = Math.round(timed.seconds(timed.end()) * rate);
        double gain = amplitude / Math.max(1, maxPolyphony(tones));
        long fade = Math.max(1, Math.round(FADE_SECONDS * rate));

        PcmWav.writeHeader(out, rate, 1, total);
        double[] mix = new double[BLOCK];
        byte[] bytes = new byte[BLOCK * PcmWav.BYTES_PER_SAMPLE];
        List<Tone> active = new ArrayList<>();
        int next = 0;
        for (long b0 = 0; b0 < total; b0 += BLOCK) {
            int len = (int) Math.min(BLOCK, total - b0);
            long b1 = b0 + len;
            while (next < tones.size() && tones.get(next).start() < b1) active.add(tones.get(next++));
            Arrays.fill(mix, 0, len, 0);
            for (Tone t : active) {
                long from = Math.max(t.start(), b0), to = Math.min(t.end(), b1);
                long ramp = Math.min(fade, (t.end() - t.start()) / 2);
                double w = 2 * Math.PI * t.frequency() / rate;
                for (long i = from; i < to; i++) {
                    long sinceStart = i - t.start(), untilEnd = t.end() - i;
                    double env = Math.min(1.0, Math.min(sinceStart, untilEnd) / (double) Math.max(1, ramp));
                    mix[(int) (i - b0)] += env * Math.sin(w * sinceStart);
                }
            }
            active.removeIf(t -> t.end() <= b1);
            for (int i = 0; i < len; i++) PcmWav.putSample(bytes, i * 2, gain * mix[i]);
            out.write(bytes, 0, len * PcmWav.BYTES_PER_SAMPLE);
        }
    }

    /** The largest number of tones sounding at one sample. */
    private static int maxPolyphony(List<Tone> tones) {
        long[] starts = tones.stream().mapToLong(Tone::start).sorted().toArray();
        long[] ends = tones.stream().mapToLong(Tone::end).sorted().toArray();
        int max = 0, sounding = 0, e = 0;
        for (long s : starts) {
            while (e < ends.length && ends[e] <= s) {
                e++;
                sounding--;
            }
            max = Math.max(max, ++sounding);
        }
        return max;
    }

    private record Tone(long start, long end, double frequency) {}
}
