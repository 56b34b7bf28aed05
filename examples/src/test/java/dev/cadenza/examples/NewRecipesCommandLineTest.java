package dev.cadenza.examples;

import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TempoChange;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The forecasting, binary-classifier and piano-roll recipes end to end on the command line, on fixtures written here. */
class NewRecipesCommandLineTest {

    /** Runs the command line with System.out captured; returns {exit code, stderr, stdout}. */
    private static String[] run(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = CadenzaCli.commandLine();
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            int code = cli.execute(args);
            return new String[] {Integer.toString(code), err.toString(), bytes.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(before);
        }
    }

    private static Map<?, ?> json(Path file) throws Exception {
        return (Map<?, ?>) com.fasterxml.jackson.jr.ob.JSON.std.anyFrom(Files.readString(file));
    }

    /**
     * Five piano pieces of 48 beats (eighth-note broken chords in both hands) whose tempo map drifts as a performer's
     * does, one tempo event per beat; names without the corpus's composers, so they are split by file.
     */
    private static Path pianoFolder(Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("piano"));
        for (int f = 0; f < 5; f++) {
            List<Note> right = new ArrayList<>(), left = new ArrayList<>();
            List<TempoChange> tempi = new ArrayList<>();
            for (int beat = 0; beat < 48; beat++) {
                tempi.add(TempoChange.bpm(beat * 480L, 90 + 8 * f + 10 * Math.sin(beat / 4.0)));
                int root = 60 + new int[] {0, 5, 7, 0}[(beat / 4) % 4];
                right.add(new Note(root + (beat % 2 == 0 ? 4 : 7), 70, beat * 480L, 240));
                right.add(new Note(root + 12, 70, beat * 480L + 240, 240));
                left.add(new Note(root - 24, 60, beat * 480L, 480));
            }
            Score s = new Score("piece " + f, 480, List.of(Part.of("Piano right", 0, right), Part.of("Piano left", 0, left)), tempi,
                    List.of(new TimeSignature(0, 4, 4)), List.of(), List.of(), Map.of());
            MidiWriter.write(s, folder.resolve("piece" + (char) ('a' + f) + ".mid"));
        }
        return folder;
    }

    @Test
    void theTempoRecipeForecastsSevenBeatsBesideTheNaiveAndLinearForecastsAndPlotsThem(@TempDir Path dir) throws Exception {
        Path corpus = pianoFolder(dir);
        String[] r = run("train", "tempo", "--corpus", corpus.toString(), "--epochs", "2", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("tempo: ") && r[2].contains("windows of 30+7 beats"), r[2]);
        Map<?, ?> result = json(dir.resolve("run/result.json"));
        for (String key : List.of("testLoss", "testModelMseBpm", "testNaiveMseBpm", "testLinearMseBpm", "testLinearMaeBpm"))
            assertTrue(((Number) result.get(key)).doubleValue() >= 0, key + " in " + result);
        assertTrue(Files.size(dir.resolve("run/tempo-forecasts.png")) > 1000);
        r = run("evaluate", dir.resolve("run/best.cadenza").toString(), "--corpus", corpus.toString(), "--out", dir.resolve("eval").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.readString(dir.resolve("eval/report.md")).contains("| testNaiveMaeBpm |"), r[2]);
        r = run("generate", dir.resolve("run/best.cadenza").toString());
        assertTrue(r[1].contains("makes no music"), r[1]);
    }

    @Test
    void theReelClassifierReportsItsAccuracyBesideTheMajorityClass(@TempDir Path dir) throws Exception {
        StringBuilder book = new StringBuilder();
        String[] bodies = {"|:DFAF dFAF|EFGE CEGE|DFAF dfaf|gfed cAGE:|\n", "|:GAB cBA|BGE E2D|GAB cde|dBG A3:|\n"};
        for (int i = 0; i < 30; i++) {
            boolean reel = i % 3 != 0;
            book.append("X:").append(i + 1).append("\nT:Tune ").append(i).append("\nR:").append(reel ? "reel" : "jig")
                    .append("\nM:").append(reel ? "4/4" : "6/8").append("\nL:1/8\nK:D\n").append(bodies[reel ? 0 : 1]).append('\n');
        }
        Path abc = Files.writeString(dir.resolve("tunes.abc"), book.toString());
        String[] r = run("train", "reel", "--corpus", abc.toString(), "--epochs", "1", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("reels: "), r[2]);
        Map<?, ?> result = json(dir.resolve("run/result.json"));
        assertEquals("reel", result.get("majorityClass"), "20 of 30 tunes are reels");
        double accuracy = ((Number) result.get("testAccuracy")).doubleValue();
        assertTrue(accuracy >= 0 && accuracy <= 1 && result.containsKey("majorityBaselineTestAccuracy") && result.containsKey("testF1"), result.toString());
    }

    @Test
    void theForecastRecipeTrainsTheLinearModelOnGeronsSeries(@TempDir Path dir) throws Exception {
        String[] r = run("train", "forecast", "--preset", "linear", "--epochs", "1", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        Map<?, ?> result = json(dir.resolve("run/result.json"));
        assertEquals(0.0202, ((Number) result.get("notebookNaiveValidationMse")).doubleValue(), 1e-9);
        double naive = ((Number) result.get("validationNaiveMse")).doubleValue();
        assertTrue(naive > 0.015 && naive < 0.026, "the naive forecast's MSE on these series is near the book's 0.020: " + naive);
        assertTrue(Files.size(dir.resolve("run/forecasts.png")) > 1000);
        r = run("train", "forecast", "--preset", "wavenet");
        assertTrue(r[1].contains("has no preset 'wavenet'") && r[1].contains("seq2seq"), r[1]);
    }

    @Test
    void pianoRollTrainsOnChoralesGeneratesFourVoicesAndIsEvaluatedAgainstTheCorpus(@TempDir Path dir) throws Exception {
        Path corpus = Files.createDirectories(dir.resolve("chorales"));
        List<String> fixtures = MusicFixtures.choraleCsvFiles();
        for (int i = 0; i < fixtures.size(); i++) Files.writeString(corpus.resolve("c_" + i + ".csv"), fixtures.get(i));
        String[] r = run("train", "piano-roll", "--corpus", corpus.toString(), "--epochs", "2", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        Map<?, ?> result = json(dir.resolve("run/result.json"));
        double nll = ((Number) result.get("testLoss")).doubleValue();
        assertTrue(nll > 0 && nll < 88 * Math.log(2) * 1.5, "nats per frame, summed over 88 keys: " + nll);
        assertTrue(result.containsKey("testF1") && result.containsKey("testFrameAccuracy"), result.toString());
        r = run("generate", dir.resolve("run/best.cadenza").toString(), "--corpus", corpus.toString(), "--pieces", "2", "--length", "12",
                "-O", "temperature=1.0", "--format", "midi,musicxml,png", "--out", dir.resolve("gen").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        for (String f : List.of("chorale-01.mid", "chorale-01.musicxml", "chorale-01.png", "chorale-02.mid"))
            assertTrue(Files.size(dir.resolve("gen").resolve(f)) > 100, f);
        String text = Files.readString(dir.resolve("gen/chorale-01.txt"));
        assertTrue(text.lines().count() >= 12, text);
        assertTrue(text.lines().allMatch(l -> l.equals(".") || l.split(" ").length <= 4), "at most 4 keys a frame:\n" + text);
        String xml = Files.readString(dir.resolve("gen/chorale-01.musicxml"));
        for (String voice : List.of("Soprano", "Alto", "Tenor", "Bass")) assertTrue(xml.contains(voice), voice);
        r = run("evaluate", dir.resolve("run/best.cadenza").toString(), "--corpus", corpus.toString(), "--pieces", "2",
                "--out", dir.resolve("eval").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        String report = Files.readString(dir.resolve("eval/report.md"));
        assertTrue(report.toLowerCase().contains("polyphony") && report.toLowerCase().contains("scale"), report);
        r = run("generate", dir.resolve("run/best.cadenza").toString(), "--corpus", corpus.toString(), "--sampler", "threshold", "-O", "p=0.3",
                "--pieces", "1", "--length", "4", "--out", dir.resolve("gen2").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        r = run("generate", dir.resolve("run/best.cadenza").toString(), "--corpus", corpus.toString(), "-O", "top=3");
        assertTrue(r[1].contains("top"), r[1]);
    }

    @Test
    void pianoRollMidiReadsSixteenthFramesOfMidiFilesAndGeneratesTwoStaves(@TempDir Path dir) throws Exception {
        Path corpus = pianoFolder(dir);
        String[] r = run("train", "piano-roll-midi", "--corpus", corpus.toString(), "--epochs", "1", "--out", dir.resolve("run").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(r[2].contains("piano-roll-midi: 3/1/1 pieces") && r[2].contains("examples of 128 steps"), r[2]);
        r = run("generate", dir.resolve("run/best.cadenza").toString(), "--corpus", corpus.toString(), "--pieces", "1", "--length", "16",
                "--format", "midi", "--out", dir.resolve("gen").toString());
        assertEquals("0", r[0], r[1] + r[2]);
        assertTrue(Files.size(dir.resolve("gen/piano-01.mid")) > 50);
    }
}
