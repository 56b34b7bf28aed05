package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.checkpoint.Checkpoint;
import dev.cadenza.checkpoint.TokenizerState;
import dev.cadenza.examples.recipes.PreparedData;
import dev.cadenza.examples.recipes.Recipe;
import dev.cadenza.examples.recipes.RecipeContext;
import dev.cadenza.examples.recipes.Recipes;
import dev.cadenza.examples.recipes.TrainingPlan;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.ModelSpec;
import dev.cadenza.SequenceModel;
import dev.cadenza.Backend;
import dev.cadenza.train.CheckpointWriter;
import dev.cadenza.train.EarlyStopping;
import dev.cadenza.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** Trains a recipe's model with progress, validation, checkpoints, resume and early stopping. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the model of a recipe (see `cadenza recipes`).",
                "Writes into --out: last.cadenza (every --checkpoint-every steps and each epoch), best.cadenza (best validation loss),",
                "metrics.jsonl, loss-curve.png and result.json. Stop it at any time and continue with --resume."})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RECIPE", description = "Recipe name: ${COMPLETION-CANDIDATES}", completionCandidates = Recipes.Names.class)
    String recipeName;

    @Option(names = "--preset", defaultValue = Recipe.DEFAULT, description = "default (minutes on 2 cores), seed (the original architecture and hyper-parameters), or a recipe's own (`cadenza recipes` lists them). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Mixin
    BackendOption backend;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation, dropout and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/RECIPE).")
    Path out;

    @Mixin
    CorpusOptions corpusOptions;

    @Option(names = "--epochs", description = "Override the preset's number of epochs.")
    Integer epochs;

    @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "STEPS", description = "Write last.cadenza every this many steps, 0 for epoch ends only (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--patience", defaultValue = "0", description = "Stop after this many epochs without a better validation loss; 0 never stops early (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--resume", description = "Continue from --out/last.cadenza exactly where it stopped (same batches, same optimizer state).")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        Recipe recipe = Recipes.get(recipeName);
        recipe.requirePreset(preset);
        Path folder = out != null ? out : Path.of("runs", recipe.name());
        Files.createDirectories(folder);
        Cadenza cadenza = Cadenza.discover();
        RecipeContext context = corpusOptions.context(cadenza, seed);
        long started = System.nanoTime();
        PreparedData prepared = recipe.prepare(context, preset);
        ModelSpec spec = recipe.spec(preset, prepared);
        TrainingPlan plan = recipe.plan(preset, prepared);
        int totalEpochs = epochs != null ? epochs : plan.epochs();
        Backend engine = backend.open(cadenza);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("recipe", recipe.name());
        metadata.put("preset", preset);
        if (!prepared.labels().isEmpty()) metadata.put("labels", String.join(",", prepared.labels()));

        Path last = folder.resolve(CheckpointWriter.LAST);
        Checkpoint resumed = null;
        if (resume) {
            if (!Files.isRegularFile(last)) throw new IllegalArgumentException("nothing to resume: " + last.toAbsolutePath() + " does not exist");
            resumed = Checkpoint.read(last);
            if (!recipe.name().equals(resumed.metadata().get("recipe")) || !preset.equals(resumed.metadata().get("preset")))
                throw new IllegalArgumentException(last + " was written by recipe " + resumed.metadata().get("recipe") + " with preset "
                        + resumed.metadata().get("preset") + ", not " + recipe.name() + " / " + preset);
            if (!resumed.spec().equals(spec)) throw new IllegalArgumentException(last + " holds another network than this recipe builds");
        }
        try (SequenceModel model = resumed != null ? engine.create(resumed.spec(), resumed.weights()) : engine.create(spec, seed)) {
            Trainer trainer = new Trainer(model, resumed != null ? resumed.trainingConfig() : plan.config().withSeed(seed));
            if (resumed != null) {
                CheckpointWriter.resume(trainer, resumed);
                System.out.printf("resuming %s at epoch %s, batch %s%n", last, resumed.metadata().get("trainer.epoch"),
                        resumed.metadata().get("trainer.batchInEpoch"));
            }
            System.out.printf("recipe %s, preset %s, backend %s, %,d parameters, %d training windows%n%s%n",
                    recipe.name(), preset, engine.name(), spec.parameterCount(), prepared.train().windowCount(), spec.summary());
            ConsoleProgress progress = new ConsoleProgress(System.out, totalEpochs);
            trainer.listener(progress)
                    .listener(new MetricsLog(folder, MetricsLog.unitOf(spec.loss())))
                    .listener(new CheckpointWriter(trainer, folder, checkpointEvery,
                            prepared.tokenizer() == null ? null : TokenizerState.of(prepared.tokenizer()), metadata));
            if (patience > 0) trainer.listener(new EarlyStopping(patience, 1e-4));
            try (progress) {
                trainer.fit(prepared.train(), prepared.validation(), totalEpochs);
            }

            Map<String, Object> result = new LinkedHashMap<>();
            result.put("recipe", recipe.name());
            result.put("preset", preset);
            result.put("backend", engine.name());
            result.put("parameters", spec.parameterCount());
            result.put("seconds", (System.nanoTime() - started) / 1e9);
            Path best = folder.resolve(CheckpointWriter.BEST);
            if (prepared.test() != null) {
                if (Files.isRegularFile(best)) model.loadWeights(Checkpoint.read(best).weights());
                Evaluation test = Trainer.evaluate(model, prepared.test(), trainer.session().config().topK());
                System.out.printf("test (%s weights): %s%n", Files.isRegularFile(best) ? "best" : "last", test);
                // the same per-loss metric names as validation's, so an MSE or multi-label recipe reports what it measures
                test.metrics().forEach((name, value) -> result.put("test" + Character.toUpperCase(name.charAt(0)) + name.substring(1), value));
            }
            if (prepared.validation() != null) {
                Evaluation validation = Trainer.evaluate(model, prepared.validation(), trainer.session().config().topK());
                validation.metrics().forEach((name, value) -> result.put("validation" + Character.toUpperCase(name.charAt(0)) + name.substring(1), value));
            }
            Map<String, Object> assessed = recipe.assess(context, preset, prepared, model, folder);
            assessed.forEach((name, value) -> System.out.printf("%s: %s%n", name, value));
            result.putAll(assessed);
            Files.writeString(folder.resolve("result.json"),
                    com.fasterxml.jackson.jr.ob.JSON.std.with(com.fasterxml.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT).asString(result));
            System.out.printf("done in %s; next: cadenza generate %s%n", ConsoleProgress.duration((System.nanoTime() - started) / 1e9),
                    Files.isRegularFile(best) ? best : last);
        }
        return 0;
    }
}
