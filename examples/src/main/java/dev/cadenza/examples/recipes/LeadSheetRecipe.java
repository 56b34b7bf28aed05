package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.formats.MusicFiles;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.Batch;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.harmony.Chord;
import dev.cadenza.tokenizers.harmony.ChordChart;
import dev.cadenza.tokenizers.harmony.ChordConditioning;
import dev.cadenza.tokenizers.leadsheet.LeadSheetTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Beyond the seeds: melodies improvised over chords, learned from real lead sheets, the Nottingham tunes with their chord
 * symbols (as Magenta's Improv RNN feeds the chord of each step to its network). The melody is note and rest events
 * ({@link LeadSheetTokenizer}); beside each event the network reads the chord under the event that comes next, as 12
 * pitch classes and the bass ({@link ChordConditioning}). 10% of the tunes (a fixed seeded draw, the same for every
 * preset) are held out for validation.
 * <ul>
 *   <li>{@code default}: Embedding(32) of the event with the chord vector beside it, LSTM(256), Dense softmax; Adam(3e-3),
 *   windows of 64 events, batch 32, 15 epochs (about 7 minutes on two loaded cores).</li>
 *   <li>{@code unconditioned}: the same network without the chords, to measure what they bring.</li>
 * </ul>
 * Generation improvises over a chart ({@code --chords "K:G G | D7 | G C | D7 G"} or {@code --chords-file tune.abc|tune.mid});
 * without one, piece i is improvised over the chart of held-out tune i, and {@code cadenza evaluate} compares the pieces
 * with those held-out tunes read through the same tokenizer (chord tones on strong beats, notes in key, longest
 * repeated run). A piece holds the melody, a comping part (the chord on each beat, its bass at each change and bar) and
 * the chord symbols, so that MusicXML shows them and abc2midi plays them from the ABC.
 */
public final class LeadSheetRecipe implements Recipe {
    static final String UNCONDITIONED = "unconditioned";
    static final long SPLIT_SEED = 14;
    static final double VALIDATION_SHARE = 0.1;
    static final int WINDOW = 64, BATCH = 32, EMBEDDING = 32, UNITS = 256, EPOCHS = 15;

    @Override
    public String name() {
        return "lead-sheet";
    }

    @Override
    public String description() {
        return "beyond the seeds: Nottingham melodies over their chord symbols, LSTM fed the chord of each step";
    }

    @Override
    public List<String> presets() {
        return List.of(DEFAULT, UNCONDITIONED);
    }

    @Override
    public void requirePreset(String preset) {
        if (SEED.equals(preset))
            throw new IllegalArgumentException("lead-sheet goes beyond the seeds and has no seed preset: use " + String.join(" or ", presets()));
        Recipe.super.requirePreset(preset);
    }

    /** The tunes with chord symbols, split into training and held-out tunes. */
    record Tunes(List<Score> train, List<Score> heldOut, int withoutChords) {}

    static Tunes tunes(RecipeContext context) throws IOException {
        List<Score> all = new ArrayList<>();
        if (context.userCorpus() != null) {
            all.addAll(context.report(MusicFiles.abcScores(context.userCorpus())));
        } else {
            for (Path f : context.corpus().nottinghamFiles()) all.addAll(AbcReader.readBook(f).scores());
        }
        List<Score> kept = new ArrayList<>();
        int without = 0;
        for (Score s : all) {
            boolean chords = s.annotations().stream().anyMatch(a -> a.kind() == Annotation.Kind.CHORD_SYMBOL);
            if (!chords || s.noteCount() == 0) {
                without++;
                continue;
            }
            ChordChart.of(s); // a chord symbol that does not parse is an error naming the tune
            kept.add(s);
        }
        if (kept.size() < 2) throw new IllegalArgumentException("lead-sheet needs at least two tunes with chord symbols, found " + kept.size());
        int[] order = new int[kept.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        SeededRandom random = new SeededRandom(SPLIT_SEED);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int held = Math.max(1, (int) Math.round(kept.size() * VALIDATION_SHARE));
        List<Score> heldOut = new ArrayList<>(), train = new ArrayList<>();
        for (int i = 0; i < order.length; i++) (i < held ? heldOut : train).add(kept.get(order[i]));
        return new Tunes(train, heldOut, without);
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        requirePreset(preset);
        Tunes tunes = tunes(context);
        List<Score> all = new ArrayList<>(tunes.train());
        all.addAll(tunes.heldOut());
        // The vocabulary is every event of every tune, held-out ones too, so that validation never meets an unknown event.
        LeadSheetTokenizer tokenizer = LeadSheetTokenizer.fit(all, Map.of());
        boolean conditioned = DEFAULT.equals(preset);
        List<Batch> train = new ArrayList<>(), validation = new ArrayList<>();
        long trainEvents = 0;
        for (Score s : tunes.train()) trainEvents += windows(tokenizer, s, conditioned, train);
        List<int[]> heldOutTokens = new ArrayList<>();
        List<Score> heldOutViews = new ArrayList<>();
        for (Score s : tunes.heldOut()) {
            windows(tokenizer, s, conditioned, validation);
            int[] ids = tokenizer.encode(s);
            heldOutTokens.add(java.util.Arrays.copyOfRange(ids, 1, ids.length));
            heldOutViews.add(score(tokenizer, java.util.Arrays.copyOfRange(ids, 1, ids.length), tokenizer.chart(s), s.title()));
        }
        context.out().printf(Locale.ROOT, "lead-sheet: %d tunes with chord symbols (%d without skipped), %d for training (%d events), %d held out; "
                        + "%d distinct events; %d training windows of %d%n", all.size(), tunes.withoutChords(), tunes.train().size(), trainEvents,
                tunes.heldOut().size(), tokenizer.vocabulary().size() - 1, train.size(), WINDOW);
        return new PreparedData(tokenizer, Dataset.examples(train, BATCH), Dataset.examples(validation, BATCH), null, heldOutTokens, heldOutViews);
    }

    /** Cuts a tune into windows of {@link #WINDOW} events (the last padded and masked); returns the events predicted. */
    static int windows(LeadSheetTokenizer tokenizer, Score tune, boolean conditioned, List<Batch> out) {
        int[] ids = tokenizer.encode(tune);
        float[] chords = conditioning(tokenizer, ids, tokenizer.chart(tune));
        for (int start = 0; start < ids.length - 1; start += WINDOW) out.add(JazzRecipe.example(ids, chords, start, WINDOW, conditioned));
        return ids.length - 1;
    }

    /** Beside each token, the chord under the event after it (where that event starts). */
    static float[] conditioning(LeadSheetTokenizer tokenizer, int[] ids, ChordChart chart) {
        float[] out = new float[ids.length * ChordConditioning.WIDTH];
        long time = 0;
        for (int i = 0; i < ids.length; i++) {
            time += tokenizer.duration(ids[i]);
            ChordConditioning.write(chart.at(time), out, i * ChordConditioning.WIDTH);
        }
        return out;
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        requirePreset(preset);
        int v = data.tokenizer().vocabulary().size();
        Input tokens = Input.embedding(v, EMBEDDING);
        return ModelSpec.of(DEFAULT.equals(preset) ? Input.conditioned(tokens, ChordConditioning.WIDTH) : tokens, Layer.lstm(UNITS), Layer.dense(v));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        requirePreset(preset);
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(3e-3)), EPOCHS);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException {
        if (!(tokenizer instanceof LeadSheetTokenizer events))
            throw new IllegalArgumentException("lead-sheet: the model's tokenizer is '" + tokenizer.name() + "', not '" + LeadSheetTokenizer.NAME + "'");
        if (options.beam() > 0) throw new IllegalArgumentException("lead-sheet: --beam is not offered for melodies over a chart; use a sampler");
        if (options.primer() != null || options.primerFile() != null)
            throw new IllegalArgumentException("lead-sheet: the melody starts with the chart; give the chart with --chords or --chords-file, not a primer");
        ChordChart given = ChordCharts.of(options, events.grid());
        List<ChordChart> charts = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        if (given != null) {
            for (int p = 0; p < options.pieces(); p++) {
                charts.add(given);
                titles.add("improvisation " + (p + 1));
            }
        } else {
            List<Score> heldOut = tunes(context).heldOut();
            for (int p = 0; p < options.pieces(); p++) {
                Score tune = heldOut.get(p % heldOut.size());
                charts.add(events.chart(tune));
                titles.add("over the chords of " + tune.title());
            }
        }
        long longest = charts.stream().mapToLong(ChordChart::end).max().orElse(0);
        // Enough events for the longest chart in sixteenths; each piece is cut where its chart ends.
        int length = options.length() > 0 ? options.length() : (int) (longest / Math.max(1, events.grid() / 4)) + 16;
        Generator generator = Generator.of(model).tokenizer(events)
                .sampler(context.cadenza().sampler(options.sampler(), Options.of(options.samplerOptions())))
                .primer(events.startToken()).length(length).seed(options.seed());
        if (model.spec().input().conditioningWidth() > 0)
            generator.conditioning((row, position, history, out, offset) -> {
                long time = 0;
                for (int id : history) time += events.duration(id);
                ChordConditioning.write(charts.get(row).at(time), out, offset);
            });
        List<int[]> rows = generator.generate(options.pieces());
        List<Piece> pieces = new ArrayList<>();
        for (int p = 0; p < rows.size(); p++) {
            int[] cut = within(events, rows.get(p), charts.get(p).end());
            pieces.add(new Piece(String.format(Locale.ROOT, "lead-sheet-%02d", p + 1), score(events, cut, charts.get(p), titles.get(p)), cut,
                    events.decodeText(cut)));
        }
        return pieces;
    }

    /** The events that start before {@code end} (a sampled start token is dropped). */
    static int[] within(LeadSheetTokenizer events, int[] ids, long end) {
        List<Integer> kept = new ArrayList<>();
        long time = 0;
        for (int id : ids) {
            if (id == events.startToken()) continue;
            if (time >= end) break;
            kept.add(id);
            time += events.duration(id);
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A lead sheet: the melody of the events (cut at the chart's end), a comping part, the chart's chord symbols, meter
     * and key, 120 quarters per minute; the same for generated and real tunes, so that they are measured alike.
     */
    static Score score(LeadSheetTokenizer events, int[] ids, ChordChart chart, String title) {
        int tpq = events.grid();
        ChordChart c = chart.withTicksPerQuarter(tpq);
        List<Note> melody = new ArrayList<>();
        long time = 0;
        for (int id : ids) {
            int[] p = events.pitches(id);
            long d = Math.min(events.duration(id), c.end() - time);
            if (d <= 0) break;
            if (p.length > 0) melody.add(new Note(p[0], 90, time, d));
            time += events.duration(id);
        }
        List<Note> comping = new ArrayList<>();
        long beat = ChordChart.beatLength(c.meter(), tpq), bar = c.barLength();
        Chord previous = null;
        for (long t = 0; t < c.end(); t += beat) {
            Chord chord = c.at(t);
            if (chord == null) continue;
            long length = Math.min(beat, c.end() - t);
            for (int pc : chord.pitchClassArray()) comping.add(new Note(55 + Math.floorMod(pc - 7, 12), 50, t, length)); // G3..F#4
            if (chord != previous || t % bar == 0) comping.add(new Note(36 + Math.floorMod(chord.bass() - 0, 12), 60, t, length)); // C2..B2
            previous = chord;
        }
        return new Score(title, tpq, List.of(Part.of("Melody", 0, melody), Part.of("Comping", 0, comping)), List.of(TempoChange.bpm(0, 120)),
                List.of(new TimeSignature(0, c.meter().numerator(), c.meter().denominator())), List.of(c.key()), c.annotations(), Map.of());
    }
}
