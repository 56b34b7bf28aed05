package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.examples.evaluation.ChordMetrics;
import dev.cadenza.model.Input;
import dev.cadenza.music.Annotation;
import dev.cadenza.music.Score;
import dev.cadenza.testkit.ReferenceBackend;
import dev.cadenza.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lead-sheet recipe on a hand-made ABC book: a chord-fed model trains a few steps and improvises over a chart, rendered. */
class LeadSheetRecipeTest {
    @Test
    void aChordFedModelImprovisesOverAChartAndItsPiecesRender(@TempDir Path dir) throws Exception {
        LeadSheetRecipe recipe = new LeadSheetRecipe();
        Cadenza cadenza = Cadenza.discover();
        RecipeContext context = RecipeContext.of(cadenza, 3, new PrintStream(new ByteArrayOutputStream())).withUserCorpus(LeadSheetRecipeTestFixtures.book(dir));
        PreparedData data = recipe.prepare(context, Recipe.DEFAULT);
        assertEquals(1, data.corpusScores().size(), "10% of 12 tunes held out");
        assertTrue(recipe.spec(Recipe.DEFAULT, data).input() instanceof Input.Conditioned);
        PreparedData plain = recipe.prepare(context, LeadSheetRecipe.UNCONDITIONED);
        assertEquals(data.train().windowCount(), plain.train().windowCount(), "the same windows, without chords");
        try (SequenceModel model = ReferenceBackend.get().create(recipe.spec(Recipe.DEFAULT, data), 1)) {
            new Trainer(model, recipe.plan(Recipe.DEFAULT, data).config().withSeed(1)).fit(data.train(), data.validation(), 3);
            List<Piece> pieces = recipe.generate(context, model, data.tokenizer(),
                    new GenerationOptions("top-p", Map.of("p", "0.95"), 0, 2, 11, null, null, 0, "K:G G | D7 | G C | D7 G", null));
            assertEquals(2, pieces.size());
            Score s = pieces.get(0).score();
            assertEquals(List.of("G", "D7", "G", "C", "D7", "G"), s.annotations().stream().map(Annotation::text).toList());
            assertEquals(4 * 48, s.parts().get(1).end(), "comping for four bars");
            assertTrue(s.parts().get(0).end() <= 4 * 48 && !s.parts().get(0).notes().isEmpty());
            double tones = ChordMetrics.chordTonesOnStrongBeats(s);
            assertTrue(tones >= 0 && tones <= 1, "a share: " + tones);

            Path out = Files.createDirectories(dir.resolve("out"));
            for (String format : List.of("midi", "musicxml", "abc", "wav")) cadenza.renderer(format).render(s, out.resolve("piece." + format));
            String xml = Files.readString(out.resolve("piece.musicxml"));
            assertTrue(xml.contains("<harmony") && xml.contains("<kind text=\"7\">dominant</kind>"), "MusicXML holds the chord symbols");
            String abc = Files.readString(out.resolve("piece.abc"));
            assertTrue(abc.contains("\"D7\"") && abc.contains("K:G"), abc);
            abc2midiPlaysTheChords(out.resolve("piece.abc"), dir);

            // Without a chart, the pieces go over the chords of the held-out tunes.
            List<Piece> over = recipe.generate(context, model, data.tokenizer(), GenerationOptions.sampling("temperature", Map.of(), 0, 1, 1));
            assertTrue(over.get(0).score().title().startsWith("over the chords of Tune"), over.get(0).score().title());
        }
    }

    /** abc2midi reads the piece and plays its chord symbols: its MIDI file has more notes than the melody. */
    private static void abc2midiPlaysTheChords(Path abc, Path dir) throws Exception {
        Path mid = dir.resolve("abc2midi.mid");
        Process p;
        try {
            p = new ProcessBuilder("abc2midi", abc.toString(), "-o", mid.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("abc2midi is not installed: " + e.getMessage());
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, log);
        assertTrue(!log.contains("Error"), log);
        Score played = dev.cadenza.formats.midi.MidiReader.read(mid);
        Score written = dev.cadenza.formats.abc.AbcReader.read(Files.readString(abc));
        assertTrue(played.noteCount() > written.noteCount() + 10, "abc2midi adds the chords: " + played.noteCount() + " notes against "
                + written.noteCount() + " in the melody\n" + log);
    }
}
