package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.examples.recipes.GenerationOptions;
import dev.cadenza.examples.recipes.Piece;
import dev.cadenza.examples.recipes.Recipe;
import dev.cadenza.examples.recipes.RecipeContext;
import dev.cadenza.examples.recipes.Recipes;
import dev.cadenza.render.Renderer;
import dev.cadenza.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Generates pieces from a trained checkpoint and renders them. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate music from a checkpoint written by `cadenza train`, one token at a time with the model's state kept.",
                "Example: cadenza generate runs/bach-chorales/best.cadenza --sampler temperature -O temperature=1.0 --format midi,wav,png",
                "A shipped model needs no training: cadenza generate pretrained:bach-chorales (`cadenza checkpoint list` shows them)."})
public final class GenerateCommand implements Callable<Integer> {
    /** The prefix that names a pretrained model instead of a file. */
    static final String PRETRAINED = "pretrained:";

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A .cadenza file, or pretrained:NAME for a model shipped in cadenza-models.")
    String checkpoint;

    @Option(names = "--sampler", defaultValue = "temperature", description = "Sampler name (greedy, temperature, top-k, top-p, ...). Default: ${DEFAULT-VALUE}.")
    String sampler;

    @Option(names = {"-O", "--sampler-option"}, paramLabel = "KEY=VALUE", description = "Sampler option, e.g. -O temperature=0.9 -O p=0.95.")
    Map<String, String> samplerOptions = new LinkedHashMap<>();

    @Option(names = "--length", defaultValue = "0", description = "Tokens per piece (0: the recipe's default).")
    int length;

    @Option(names = "--pieces", defaultValue = "3", description = "Number of pieces (default: ${DEFAULT-VALUE}).")
    int pieces;

    @Option(names = "--seed", defaultValue = "1", description = "Sampling seed: the same seed gives the same pieces (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--primer", description = "Recipe-specific primer: an ABC fragment, or tokens separated by spaces.")
    String primer;

    @Option(names = "--primer-file", paramLabel = "FILE",
            description = "A piece to continue, read through the model's tokenizer: .abc (or text) for abc-char models, .mid or .abc for note-chord models, a chorale .csv for chorale models. The pieces hold the primer, then the continuation.")
    Path primerFile;

    @Option(names = "--beam", defaultValue = "0", paramLabel = "WIDTH",
            description = "Beam search of this width instead of sampling (deterministic; --pieces best hypotheses). Default: sample.")
    int beam;

    @Option(names = "--chords", paramLabel = "CHART",
            description = "A chord chart to improvise over (recipes jazz and lead-sheet): chord symbols, bars split by |, e.g. \"K:G M:4/4 G | D7 | G C | D7 G\"; the chords of a bar share it equally, and without bar lines each chord is a bar.")
    String chords;

    @Option(names = "--chords-file", paramLabel = "FILE",
            description = "A file whose chords to improvise over (recipes jazz and lead-sheet): the chord symbols of the first tune of an .abc file, or the accompaniment of a .mid file.")
    Path chordsFile;

    @Option(names = "--format", split = ",", defaultValue = "midi", description = "Output formats: midi, wav, sine-wav, abc, musicxml, png (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "generated", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    CorpusOptions corpusOptions;

    @Mixin
    BackendOption backend;

    @Override
    public Integer call() throws Exception {
        Cadenza cadenza = Cadenza.discover();
        for (String f : formats) cadenza.renderer(f); // fail before the work on an unknown format
        Backend engine = backend.openForGeneration(cadenza);
        try (Cadenza.LoadedModel loaded = checkpoint.startsWith(PRETRAINED)
                ? cadenza.pretrained(checkpoint.substring(PRETRAINED.length()), engine)
                : cadenza.load(Path.of(checkpoint), engine)) {
            String recipeName = loaded.checkpoint().metadata().get("recipe");
            if (recipeName == null)
                throw new IllegalArgumentException(checkpoint + " was not written by `cadenza train` (no recipe in its metadata): use the Java API");
            Recipe recipe = Recipes.get(recipeName);
            if (!recipe.generates())
                throw new IllegalArgumentException(checkpoint + " is a model of recipe " + recipeName + ", which makes no music: "
                        + "`cadenza evaluate " + checkpoint + "` measures it against its baselines");
            if (loaded.tokenizer() == null) throw new IllegalArgumentException(checkpoint + " holds no tokenizer");
            RecipeContext context = corpusOptions.context(cadenza, seed);
            List<Piece> made = recipe.generate(context, loaded.model(), loaded.tokenizer(),
                    new GenerationOptions(sampler, samplerOptions, length, pieces, seed, primer, primerFile, beam, chords, chordsFile));
            Files.createDirectories(out);
            for (Piece p : made) {
                if (p.text() != null) Files.writeString(out.resolve(p.name() + ".txt"), p.text(), StandardCharsets.UTF_8);
                for (String f : formats) {
                    Renderer r = cadenza.renderer(f);
                    Path file = out.resolve(p.name() + (f.equals("sine-wav") ? "-sine" : "") + "." + r.extension());
                    r.render(p.score(), file);
                }
                System.out.printf("%s: %d tokens, %d notes, %.1f s -> %s/%s.{%s}%n", p.name(), p.tokens().length, p.score().noteCount(),
                        p.score().seconds(p.score().end()), out, p.name(), String.join(",", formats));
            }
        }
        return 0;
    }
}
