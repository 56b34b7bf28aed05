package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.model.Input;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.testkit.ReferenceBackend;
import dev.cadenza.tokenizers.jazz.JazzGrammarTokenizer;
import dev.cadenza.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jazz recipe on a hand-made MIDI file: the seed's model and the chord-fed one train a few steps and improvise over a chart. */
class JazzRecipeTest {
    /** Eight measures of a melody in eighths with rests over C, Am, Dm7, G7 in the piano. */
    static Path corpus(Path dir) throws Exception {
        int[][] chords = {{48, 52, 55}, {45, 48, 52}, {50, 53, 57, 60}, {43, 47, 50, 53}};
        int[] line = {72, 74, 76, 79, 77, 76, 74, 72, 69, 71, 72, 76, 74, 72, 71, 69, 65, 69, 72, 74, 72, 69, 65, 64, 67, 71, 74, 77, 76, 74, 71, 67};
        List<Note> melody = new ArrayList<>(), piano = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            for (int p : chords[m % 4]) piano.add(new Note(p, 60, m * 384L, 384));
            for (int k = 0; k < 8; k++) {
                if ((k + m) % 5 == 4) continue; // a rest now and then
                melody.add(new Note(line[(m * 8 + k) % line.length] + (m >= 4 ? 0 : 0), 90, m * 384L + k * 48, k % 3 == 0 ? 40 : 48));
            }
        }
        Score s = Score.of("tune", 96, 120, new TimeSignature(0, 4, 4), List.of(Part.of("Guitar", 26, melody), Part.of("Piano", 0, piano)));
        Path folder = Files.createDirectories(dir.resolve("midi"));
        MidiWriter.write(s, folder.resolve("tune.mid"));
        return folder;
    }

    static RecipeContext context(Path corpus) {
        return RecipeContext.of(Cadenza.discover(), 7, new PrintStream(new ByteArrayOutputStream())).withUserCorpus(corpus);
    }

    @Test
    void theSeedModelTrainsOnSixtyWindowsAndImprovisesOverAChart(@TempDir Path dir) throws Exception {
        JazzRecipe recipe = new JazzRecipe();
        RecipeContext context = context(corpus(dir));
        PreparedData data = recipe.prepare(context, Recipe.SEED);
        assertEquals(60, data.train().windowCount());
        assertEquals(30, data.train().steps());
        int v = data.tokenizer().vocabulary().size();
        assertEquals(Input.features(v), recipe.spec(Recipe.SEED, data).input());
        try (SequenceModel model = ReferenceBackend.get().create(recipe.spec(Recipe.SEED, data), 1)) {
            Trainer trainer = new Trainer(model, recipe.plan(Recipe.SEED, data).config().withSeed(1));
            List<Double> losses = new ArrayList<>();
            trainer.listener(new dev.cadenza.train.TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, double trainingLoss, dev.cadenza.model.Evaluation validation) {
                    losses.add(trainingLoss);
                }
            });
            trainer.fit(data.train(), null, 15);
            assertTrue(Math.abs(losses.get(0) - Math.log(v)) < 0.3, "the first epoch's loss is near ln(values): " + losses.get(0));
            assertTrue(losses.get(14) < losses.get(0) - 0.5, "the loss falls: " + losses);
            List<Piece> pieces = recipe.generate(context, model, data.tokenizer(),
                    new GenerationOptions("greedy", Map.of(), 0, 2, 3, null, null, 0, "G7 | Cmaj7 | Am Dm7 | G7", null));
            assertEquals(2, pieces.size());
            Score s = pieces.get(0).score();
            assertEquals(4 * 48, s.parts().get(1).end(), "four measures of chords");
            assertTrue(s.parts().get(0).end() <= 4 * 48 && s.parts().get(0).notes().size() > 4, s.parts().get(0).notes().toString());
            assertEquals(List.of("G7", "Cmaj7", "Am", "Dm7", "G7"), s.annotations().stream().map(Annotation::text).toList());
            assertEquals(4 * 50, pieces.get(0).tokens().length, "50 values a measure, each from a zero state");
            assertEquals(4, pieces.get(0).text().lines().count());
        }
    }

    @Test
    void theChordFedModelImprovisesOverTheCorpusProgression(@TempDir Path dir) throws Exception {
        JazzRecipe recipe = new JazzRecipe();
        RecipeContext context = context(corpus(dir));
        PreparedData data = recipe.prepare(context, Recipe.DEFAULT);
        assertTrue(data.validation() != null && data.train().windowCount() > 0);
        assertEquals(24, recipe.spec(Recipe.DEFAULT, data).input().conditioningWidth());
        assertEquals(0, recipe.spec(JazzRecipe.UNCONDITIONED, data).input().conditioningWidth());
        try (SequenceModel model = ReferenceBackend.get().create(recipe.spec(Recipe.DEFAULT, data), 1)) {
            new Trainer(model, recipe.plan(Recipe.DEFAULT, data).config().withSeed(1)).fit(data.train(), data.validation(), 2);
            List<Piece> pieces = recipe.generate(context, model, data.tokenizer(),
                    new GenerationOptions("temperature", Map.of("temperature", "1.0"), 10, 1, 5, null, null, 0));
            Score s = pieces.get(0).score();
            int measures = ((JazzGrammarTokenizer) data.tokenizer()).progression().size();
            assertEquals(8, measures);
            assertEquals(10 * measures, pieces.get(0).tokens().length);
            assertTrue(s.parts().get(0).end() <= measures * 48L);
        }
    }

    @Test
    void thePresetsAreChecked() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new JazzRecipe().requirePreset("huge"));
        assertEquals("recipe jazz has no preset 'huge': use one of seed, default, unconditioned", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new LeadSheetRecipe().requirePreset("seed"));
        assertTrue(e.getMessage().contains("no seed preset: use default or unconditioned"), e.getMessage());
    }
}
