package dev.cadenza.examples.recipes;

import dev.cadenza.Cadenza;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forecasting recipes' data, baselines and models on small inputs. */
class ForecastingRecipesTest {
    private static RecipeContext context() {
        return RecipeContext.of(Cadenza.discover(), 7, new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void theSyntheticSeriesFollowGeronsFormulaWithTheParametersDrawnFirstAndTheNoiseRowByRow() {
        float[][] s = SyntheticSeries.generate(2, 3, 5);
        SeededRandom r = new SeededRandom(5);
        double[][] p = new double[4][2];
        for (double[] row : p) for (int i = 0; i < 2; i++) row[i] = r.nextDouble();
        for (int i = 0; i < 2; i++)
            for (int t = 0; t < 3; t++) {
                double time = t / 2.0;
                double expected = 0.5 * Math.sin((time - p[2][i]) * (p[0][i] * 10 + 10)) + 0.2 * Math.sin((time - p[3][i]) * (p[1][i] * 20 + 20))
                        + 0.1 * (r.nextDouble() - 0.5);
                assertEquals((float) expected, s[i][t], "series " + i + ", step " + t);
            }
        float[][] many = SyntheticSeries.generate(2000, 51, 42);
        double sum = 0, max = 0;
        for (float[] row : many) for (float v : row) {
            sum += v;
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max <= 0.75, "|two sines + noise| <= 0.5 + 0.2 + 0.05, was " + max);
        assertTrue(Math.abs(sum / (2000 * 51)) < 0.02, "mean near 0, was " + sum / (2000 * 51));
        assertArrayEquals(many[17], SyntheticSeries.generate(2000, 51, 42)[17], "the same seed gives the same series");
    }

    @Test
    void examplesHoldTheFiftyValuesAndTheTargetsOfEachPreset() {
        float[] s = new float[60];
        for (int i = 0; i < 60; i++) s[i] = i;
        Batch one = ForecastRecipe.example("deep-rnn", java.util.Arrays.copyOf(s, 51));
        assertEquals(50, one.steps());
        assertArrayEquals(new float[] {50}, one.targetValues());
        Batch flat = ForecastRecipe.example("linear-10", s);
        assertEquals(1, flat.steps());
        assertEquals(50, flat.featureWidth());
        assertArrayEquals(new float[] {50, 51, 52, 53, 54, 55, 56, 57, 58, 59}, flat.targetValues());
        Batch seq = ForecastRecipe.example("seq2seq", s);
        assertEquals(50 * 10, seq.targetValues().length);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, java.util.Arrays.copyOfRange(seq.targetValues(), 0, 10), "step 0 forecasts 1..10");
        assertArrayEquals(new float[] {50, 51, 52, 53, 54, 55, 56, 57, 58, 59}, java.util.Arrays.copyOfRange(seq.targetValues(), 490, 500),
                "step 49 forecasts 50..59");
    }

    @Test
    void everyForecastPresetTrainsAndItsAssessmentComparesWithTheNaiveForecast(@TempDir Path dir) throws Exception {
        ForecastRecipe recipe = new ForecastRecipe(60);
        Cadenza cadenza = Cadenza.discover();
        for (String preset : recipe.presets()) {
            PreparedData data = recipe.prepare(context(), preset);
            assertEquals(42, data.train().windowCount());
            assertEquals(12, data.validation().windowCount());
            try (SequenceModel model = cadenza.backend("pure").create(recipe.spec(preset, data), 1)) {
                new Trainer(model, recipe.plan(preset, data).config()).fit(data.train(), data.validation(), 1);
                Map<String, Object> a = recipe.assess(context(), preset, data, model, dir);
                String key = preset.equals("seq2seq") ? "validationLastStepMse" : "validationMse";
                assertTrue((double) a.get(key) > 0, preset + ": " + a);
                if (!preset.equals("seq2seq"))
                    assertEquals(Trainer.evaluate(model, data.validation(), 1).loss(), (double) a.get(key), 1e-6,
                            preset + ": the assessment's MSE is the model's validation loss");
                // The naive forecast repeats the last value read.
                float[][] series = recipe.series(preset);
                int h = ForecastRecipe.horizon(preset);
                double naive = 0;
                for (int i = 42; i < 54; i++) for (int j = 0; j < h; j++) naive += Math.pow(series[i][50 + j] - series[i][49], 2);
                assertEquals(naive / (12 * h), (double) a.get("validationNaiveMse"), 1e-9, preset);
                assertTrue(Files.size(Path.of((String) a.get("plot"))) > 1000);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> recipe.prepare(context(), "huge"));
    }

    @Test
    void theTempoOfABeatIsSixtyOverItsDurationAlongTheTempoMap() {
        // 120 BPM, then 60 BPM from the middle of beat 1 (tick 720 of 480 per quarter), notes to the end of beat 4.
        Score s = new Score("", 480, List.of(Part.of("p", 0, List.of(new Note(60, 80, 0, 2400)))),
                List.of(TempoChange.bpm(0, 120), TempoChange.bpm(720, 60)), List.of(new TimeSignature(0, 4, 4)), List.of(), List.of(), Map.of());
        double[] bpm = TempoRecipe.beatTempos(s);
        assertEquals(5, bpm.length);
        assertEquals(120, bpm[0], 1e-9);
        assertEquals(80, bpm[1], 1e-9, "half a beat at 120 (0.25 s) and half at 60 (0.5 s): 0.75 s");
        assertEquals(60, bpm[2], 1e-9);
        assertEquals(60, bpm[4], 1e-9);
    }

    @Test
    void theLinearBaselineRecoversALinearRule() {
        List<double[]> windows = new ArrayList<>();
        SeededRandom r = new SeededRandom(3);
        for (int i = 0; i < 200; i++) {
            double[] w = new double[37];
            for (int t = 0; t < 30; t++) w[t] = r.nextGaussian();
            for (int j = 0; j < 7; j++) w[30 + j] = 2 * w[29] - w[28] + 0.5 * j + 1; // a line through the last two, plus a drift
            windows.add(w);
        }
        TempoRecipe.LinearForecast f = TempoRecipe.LinearForecast.fit(windows, 30, 7, 0);
        double[] w = windows.get(5);
        double[] y = f.forecast(w);
        for (int j = 0; j < 7; j++) assertEquals(w[30 + j], y[j], 1e-6, "value " + j);
    }

    @Test
    void composersAreTheLeadingLettersOfPianoMidiNames() {
        assertEquals("chpn", PianoCorpus.composer("chpn-p15.mid"));
        assertEquals("mz", PianoCorpus.composer("mz_545_1.mid"));
        assertEquals("scn", PianoCorpus.composer("scn15_7.mid"));
    }
}
