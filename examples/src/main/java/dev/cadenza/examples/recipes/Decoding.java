package dev.cadenza.examples.recipes;

import dev.cadenza.SequenceModel;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.generate.Generator;
import dev.cadenza.model.Input;
import dev.cadenza.music.Score;
import dev.cadenza.samplers.AbcGrammar;
import dev.cadenza.samplers.BeamSearch;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How every token recipe turns a primer into pieces: sampling with the user's sampler (one generator, one batch of
 * pieces, seeds seed .. seed + n - 1), or beam search ({@code --beam}), keeping the best hypotheses; and how a primer
 * file is read through the model's own tokenizer.
 */
final class Decoding {
    private Decoding() {}

    /** The generated tokens of each piece after {@code primer} (the primer not included). */
    static List<int[]> tokens(RecipeContext context, SequenceModel model, Tokenizer<?> tokenizer, int[] primer, int defaultLength,
                              GenerationOptions options) {
        int length = options.length() > 0 ? options.length() : defaultLength;
        if (options.beam() > 0) {
            BeamSearch search = BeamSearch.of(model).width(Math.max(options.beam(), options.pieces())).length(length);
            if ("abc-grammar".equals(options.sampler())) search.grammar(new AbcGrammar(), tokenizer.vocabulary());
            List<int[]> out = new ArrayList<>();
            for (BeamSearch.Hypothesis h : search.search(primer)) if (out.size() < options.pieces()) out.add(h.tokens());
            context.out().printf(Locale.ROOT, "beam search of width %d: %d hypotheses kept%n", Math.max(options.beam(), options.pieces()), out.size());
            return out;
        }
        Generator generator = Generator.of(model).tokenizer(tokenizer)
                .sampler(context.cadenza().sampler(options.sampler(), Options.of(options.samplerOptions())))
                .primer(primer).length(length).seed(options.seed());
        if (model.spec().input() instanceof Input.Features)
            generator.features(Generator.TokenFeatures.scaled(tokenizer.vocabulary().size()));
        return generator.generate(options.pieces());
    }

    /**
     * The tokens of a primer file read through the model's tokenizer: ABC or any text as it is for a character
     * tokenizer (trailing blank lines removed, so the model continues the tune); a MIDI or ABC file read into a score
     * for a score tokenizer; a chorale CSV file for the chorale tokenizer.
     */
    static int[] primerFile(Path file, Tokenizer<?> tokenizer) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Class<?> type = tokenizer.itemType();
        Object item;
        if (type == String.class) {
            item = Files.readString(file, StandardCharsets.UTF_8).stripTrailing() + "\n";
        } else if (type == Score.class) {
            if (name.endsWith(".abc")) item = AbcReader.readBook(file).scores().stream().findFirst()
                    .orElseThrow(() -> new IOException(file + ": no readable tune to use as a primer"));
            else if (name.endsWith(".mid") || name.endsWith(".midi")) item = MidiReader.read(file);
            else throw new IllegalArgumentException("--primer-file " + file + ": the model's tokenizer '" + tokenizer.name()
                    + "' reads scores: give a .mid, .midi or .abc file");
        } else if (type == int[][].class) {
            if (!name.endsWith(".csv")) throw new IllegalArgumentException("--primer-file " + file + ": the model's tokenizer '"
                    + tokenizer.name() + "' reads chorale rows: give a chorale .csv file");
            item = ChoraleCsv.read(file);
        } else {
            throw new IllegalArgumentException("--primer-file: the model's tokenizer '" + tokenizer.name() + "' reads "
                    + type.getSimpleName() + " items, which no file reader here makes");
        }
        return encode(tokenizer, item, file);
    }

    private static <I> int[] encode(Tokenizer<I> tokenizer, Object item, Path file) {
        try {
            return tokenizer.encode(tokenizer.itemType().cast(item));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--primer-file " + file + " holds what the model's vocabulary lacks: " + e.getMessage(), e);
        }
    }
}
