package dev.cadenza.examples.recipes;

import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.tokenizers.harmony.ChordChart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The chord chart a user gives to improvise over: {@code --chords} text or the chords of a {@code --chords-file}. */
final class ChordCharts {
    private ChordCharts() {}

    /** The user's chart on a grid of {@code ticksPerQuarter}, or null when none was given. */
    static ChordChart of(GenerationOptions options, int ticksPerQuarter) throws IOException {
        if (options.chords() != null) return ChordChart.parse(options.chords(), ticksPerQuarter);
        if (options.chordsFile() == null) return null;
        Path file = options.chordsFile();
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".abc")) {
                Score tune = AbcReader.readBook(file).scores().stream().findFirst()
                        .orElseThrow(() -> new IOException(file + ": no readable tune to take chords from"));
                ChordChart chart = ChordChart.of(ChordChart.alignedToFirstChord(tune));
                if (chart.changes().isEmpty()) throw new IllegalArgumentException("the tune has no chord symbols");
                return chart.withTicksPerQuarter(ticksPerQuarter);
            }
            if (name.endsWith(".mid") || name.endsWith(".midi")) {
                ChordChart chart = ChordChart.ofAccompaniment(MidiReader.read(file));
                if (chart.changes().isEmpty()) throw new IllegalArgumentException("its accompaniment never sounds two pitch classes together");
                return chart.withTicksPerQuarter(ticksPerQuarter);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--chords-file " + file + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("--chords-file " + file + ": give an .abc file (its chord symbols) or a .mid file (its accompaniment)");
    }
}
