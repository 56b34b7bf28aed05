package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;

import java.util.ArrayList;
import java.util.List;

/** The tempo options shared by the audio renderers: a fixed {@code bpm} and a {@code tempo-scale} factor. */
final class Tempi {
    static final String BPM = "bpm";
    static final String TEMPO_SCALE = "tempo-scale";

    private Tempi() {}

    /**
     * The score with its tempo map replaced by {@code bpm} quarter notes per minute when given, then every tempo
     * multiplied by {@code tempo-scale} (2 plays twice as fast). Ticks are untouched, so only time in seconds changes.
     */
    static Score retimed(Score score, Options options) {
        double scale = options.positive(TEMPO_SCALE, 1.0, 100);
        List<TempoChange> tempos;
        if (options.has(BPM)) {
            tempos = List.of(TempoChange.bpm(0, options.positive(BPM, 120, 10_000)));
        } else {
            tempos = new ArrayList<>(score.tempos());
            if (tempos.isEmpty() || tempos.get(0).tick() > 0) tempos.add(0, new TempoChange(0, Score.DEFAULT_MICROS_PER_QUARTER));
        }
        List<TempoChange> scaled = new ArrayList<>(tempos.size());
        for (TempoChange t : tempos)
            scaled.add(new TempoChange(t.tick(), (int) Math.max(1, Math.round(t.microsPerQuarter() / scale))));
        return new Score(score.title(), score.ticksPerQuarter(), score.parts(), scaled, score.timeSignatures(),
                score.keySignatures(), score.annotations(), score.metadata());
    }
}
