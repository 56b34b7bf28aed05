package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.examples.evaluation.EvaluationReport;
import dev.cadenza.examples.evaluation.PieceMetrics;
import dev.cadenza.examples.evaluation.Plagiarism;
import dev.cadenza.examples.recipes.GenerationOptions;
import dev.cadenza.examples.recipes.Piece;
import dev.cadenza.examples.recipes.PreparedData;
import dev.cadenza.examples.recipes.Recipe;
import dev.cadenza.examples.recipes.RecipeContext;
import dev.cadenza.examples.recipes.Recipes;
import dev.cadenza.music.Score;
import dev.cadenza.Backend;
import dev.cadenza.token.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Generates pieces and compares them with the training corpus, or, for a recipe that makes no music, measures the model
 * against the recipe's baselines: report.json and report.md.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Generate pieces from a checkpoint and compare them with the recipe's corpus: pitch range, pitches and",
                "pitch classes, pitch-class entropy, scale consistency, polyphony, empty beats, longest repeated token run, and",
                "the longest token n-gram copied from the corpus. For a recipe that makes no music (a classifier, a forecaster):",
                "its test metrics beside the recipe's baselines, and its plots. Writes report.json and report.md into --out."})
public final class EvaluateCommand implements Callable<Integer> {
    private static final int MAX_CORPUS_PIECES = 300;

    @Parameters(index = "0", paramLabel = "CHECKPOINT")
    Path checkpoint;

    @Option(names = "--pieces", defaultValue = "10", description = "Pieces to generate (default: ${DEFAULT-VALUE}).")
    int pieces;

    @Option(names = "--sampler", defaultValue = "temperature", description = "Sampler name (default: ${DEFAULT-VALUE}).")
    String sampler;

    @Option(names = {"-O", "--sampler-option"}, paramLabel = "KEY=VALUE", description = "Sampler option, e.g. -O temperature=1.0.")
    Map<String, String> samplerOptions = new LinkedHashMap<>();

    @Option(names = "--length", defaultValue = "0", description = "Tokens per piece (0: the recipe's default).")
    int length;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    CorpusOptions corpusOptions;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "evaluation")
    Path out;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() throws Exception {
        Cadenza cadenza = Cadenza.discover();
        Backend engine = backend.open(cadenza);
        try (Cadenza.LoadedModel loaded = cadenza.load(checkpoint, engine)) {
            String name = loaded.checkpoint().metadata().get("recipe");
            if (name == null) throw new IllegalArgumentException(checkpoint + " was not written by `cadenza train` (no recipe in its metadata)");
            Recipe recipe = Recipes.get(name);
            RecipeContext context = corpusOptions.context(cadenza, seed);
            String preset = loaded.checkpoint().metadata().getOrDefault("preset", Recipe.DEFAULT);
            PreparedData corpus = recipe.prepare(context, preset);
            if (!recipe.generates()) {
                assess(recipe, context, preset, corpus, loaded);
                return 0;
            }
            List<Piece> generated = recipe.generate(context, loaded.model(), loaded.tokenizer(),
                    GenerationOptions.sampling(sampler, samplerOptions, length, pieces, seed));

            List<int[]> corpusTokens = translate(corpus.corpusTokens(), corpus.tokenizer().vocabulary(), loaded.tokenizer().vocabulary());
            List<PieceMetrics> g = new ArrayList<>();
            int copied = 0, longest = 0;
            for (Piece p : generated) {
                g.add(PieceMetrics.of(p.score(), p.tokens()));
                copied = Math.max(copied, Plagiarism.longestCopiedNgram(p.tokens(), corpusTokens));
                longest = Math.max(longest, p.tokens().length);
            }
            List<PieceMetrics> c = new ArrayList<>();
            List<Score> scores = corpus.corpusScores();
            for (int i = 0; i < Math.min(scores.size(), MAX_CORPUS_PIECES); i++)
                c.add(PieceMetrics.of(scores.get(i), i < corpusTokens.size() ? corpusTokens.get(i) : null));
            EvaluationReport report = EvaluationReport.compare(g, c, copied, longest);
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.json"), report.toJson());
            Files.writeString(out.resolve("report.md"), report.toMarkdown());
            System.out.println(report.toMarkdown());
            System.out.println("wrote " + out.resolve("report.json") + " and " + out.resolve("report.md"));
        }
        return 0;
    }

    /**
     * For a recipe that makes no music (a classifier, a forecaster): its loss and metrics on the test split and what its
     * {@link Recipe#assess} measures (baselines, errors in the data's units, plots), as report.json and report.md.
     */
    private void assess(Recipe recipe, RecipeContext context, String preset, PreparedData data, Cadenza.LoadedModel loaded) throws Exception {
        Files.createDirectories(out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("recipe", recipe.name());
        report.put("preset", preset);
        report.put("checkpoint", checkpoint.toString());
        if (data.test() != null) {
            dev.cadenza.model.Evaluation test = dev.cadenza.train.Trainer.evaluate(loaded.model(), data.test(), 5);
            test.metrics().forEach((name, value) -> report.put("test" + Character.toUpperCase(name.charAt(0)) + name.substring(1), value));
        }
        report.putAll(recipe.assess(context, preset, data, loaded.model(), out));
        StringBuilder md = new StringBuilder("# " + recipe.name() + " (" + preset + ")\n\n| measure | value |\n|---|---|\n");
        report.forEach((name, value) -> md.append("| ").append(name).append(" | ")
                .append(value instanceof Double d ? String.format(java.util.Locale.ROOT, "%.6g", d) : value).append(" |\n"));
        Files.writeString(out.resolve("report.json"),
                com.fasterxml.jackson.jr.ob.JSON.std.with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT).asString(report));
        Files.writeString(out.resolve("report.md"), md.toString());
        System.out.println(md);
        System.out.println("wrote " + out.resolve("report.json") + " and " + out.resolve("report.md"));
    }

    /** Corpus ids of the freshly fitted tokenizer as ids of the checkpoint's vocabulary (-1 where it lacks a token). */
    static List<int[]> translate(List<int[]> sequences, Vocabulary from, Vocabulary to) {
        if (from.equals(to)) return sequences;
        List<int[]> out = new ArrayList<>();
        for (int[] s : sequences) {
            int[] t = new int[s.length];
            for (int i = 0; i < s.length; i++) t[i] = to.idOrMinusOne(from.token(s[i]));
            out.add(t);
        }
        return out;
    }
}
