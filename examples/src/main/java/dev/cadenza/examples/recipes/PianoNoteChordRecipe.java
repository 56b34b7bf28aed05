package dev.cadenza.examples.recipes;

import dev.cadenza.formats.MusicFiles;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.model.Input;
import dev.cadenza.model.Layer;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.model.Optimizer;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.music.Score;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.tokenizers.notechord.NoteChordTokenizer;
import dev.cadenza.train.Dataset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * S2 ("Classical-Piano-Composer", seed 004): the notes of the first part of each piano MIDI file as note names and
 * chords of pitch classes in normal order. Seed preset: every window of 100 tokens predicts the next one, fed as one
 * float feature id / vocabulary size, through LSTM(512) -> Dropout(0.3) -> LSTM(512) -> Dropout(0.3) -> LSTM(512,
 * last step) -> Dense(256) -> Dropout(0.3) -> Dense(vocab), Adam, batch 128, 200 epochs (hours here). Default preset:
 * an embedding and a per-step two-layer LSTM (it learns from every position of a window, so far faster).
 * Generation: a random training window as primer, then 500 tokens (the seed's argmax collapses into one repeated
 * note; temperature or top-p sampling does not).
 */
public final class PianoNoteChordRecipe implements Recipe {
    static final int WINDOW = 100, HELD_OUT_FILES = 3;

    @Override
    public String name() {
        return "piano-note-chord";
    }

    @Override
    public String description() {
        return "S2: classical piano MIDI as note and chord tokens, stacked LSTMs (Classical-Piano-Composer)";
    }

    @Override
    public PreparedData prepare(RecipeContext context, String preset) throws IOException {
        Recipe.checkPreset(preset);
        List<Score> scores = context.userCorpus() != null ? context.report(MusicFiles.midi(context.userCorpus()))
                : MidiReader.readAll(context.corpus().midiFiles("piano"));
        if (scores.size() <= HELD_OUT_FILES)
            throw new IllegalArgumentException("piano-note-chord holds out the last " + HELD_OUT_FILES + " files for validation: give at least "
                    + (HELD_OUT_FILES + 1) + " MIDI files, found " + scores.size());
        NoteChordTokenizer tokenizer = NoteChordTokenizer.fit(scores, Map.of());
        List<int[]> sequences = new ArrayList<>();
        for (Score s : scores) sequences.add(tokenizer.encode(s));
        // The last files (by name) are held out for validation.
        List<int[]> train = sequences.subList(0, sequences.size() - HELD_OUT_FILES);
        List<int[]> validation = sequences.subList(sequences.size() - HELD_OUT_FILES, sequences.size());
        int v = tokenizer.vocabulary().size();
        Dataset trainData = SEED.equals(preset) ? seedDataset(train, v) : Dataset.windows(train, WINDOW, WINDOW / 2, 32);
        Dataset validationData = SEED.equals(preset)
                ? Dataset.windows(validation, WINDOW, 1, 128).lastStepTargets().asScaledFeatures(v)
                : Dataset.windows(validation, WINDOW, WINDOW, 32);
        // The corpus side of the evaluation goes through the same tokens as generated pieces (first part, seed timing).
        List<Score> asTokens = new ArrayList<>();
        for (int[] t : train) asTokens.add(tokenizer.decodeScore(t));
        return new PreparedData(tokenizer, trainData, validationData, null, new ArrayList<>(train), asTokens);
    }

    @Override
    public ModelSpec spec(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        int v = data.tokenizer().vocabulary().size();
        if (SEED.equals(preset))
            return ModelSpec.of(Input.features(1), Layer.lstm(512), Layer.dropout(0.3), Layer.lstm(512), Layer.dropout(0.3),
                    new Layer.Lstm(512, false), Layer.dense(256), Layer.dropout(0.3), Layer.dense(v));
        return ModelSpec.of(Input.embedding(v, 64), Layer.lstm(256), Layer.dropout(0.2), Layer.lstm(256), Layer.dense(v));
    }

    @Override
    public TrainingPlan plan(String preset, PreparedData data) {
        Recipe.checkPreset(preset);
        if (SEED.equals(preset)) return new TrainingPlan(TrainingConfig.of(Optimizer.adam(1e-3)), 200);
        return new TrainingPlan(TrainingConfig.of(Optimizer.adam(2e-3)), 12);
    }

    /** The seed preset trains on every window of 100 with the next token as target, as float features. */
    static Dataset seedDataset(List<int[]> train, int vocabulary) {
        return Dataset.windows(train, WINDOW, 1, 128).lastStepTargets().asScaledFeatures(vocabulary);
    }

    @Override
    public List<Piece> generate(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, GenerationOptions options)
            throws IOException {
        NoteChordTokenizer notes = (NoteChordTokenizer) tokenizer;
        int[] primer;
        if (options.primerFile() != null) {
            primer = Decoding.primerFile(options.primerFile(), notes);
        } else if (options.primer() != null) {
            primer = Arrays.stream(options.primer().trim().split("\\s+")).mapToInt(t -> notes.vocabulary().id(t)).toArray();
        } else {
            List<int[]> sequences = new ArrayList<>();
            for (Score s : MidiReader.readAll(context.corpus().midiFiles("piano"))) sequences.add(notes.encode(s));
            SeededRandom random = new SeededRandom(options.seed());
            int[] source = sequences.get(random.nextInt(sequences.size() - HELD_OUT_FILES));
            int start = random.nextInt(Math.max(1, source.length - WINDOW));
            primer = Arrays.copyOfRange(source, start, Math.min(source.length, start + WINDOW));
        }
        List<Piece> pieces = new ArrayList<>();
        List<int[]> generated = Decoding.tokens(context, model, notes, primer, 500, options);
        for (int i = 0; i < generated.size(); i++) {
            // The continuation after the primer, as one piece: the primer's own notes first.
            int[] all = BachChoralesRecipe.concat(primer, generated.get(i));
            pieces.add(new Piece(String.format("piano-%02d", i + 1), notes.decodeScore(all), generated.get(i), notes.decodeText(all)));
        }
        return pieces;
    }
}
