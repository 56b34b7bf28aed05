package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.Options;
import dev.cadenza.spi.SamplerProvider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The composed sampler "chain", e.g. {@code temperature=0.9,top-p=0.95,repetition-penalty=1.2}. Whatever order the
 * options come in, the stages run in one fixed order: constraints first (abc-grammar, pitch-low/pitch-high, key),
 * so that top-k and top-p choose among allowed tokens only; then repetition-penalty (CTRL, over
 * repetition-window tokens); then temperature; then top-k; then top-p; then a categorical draw (greedy when
 * temperature is 0).
 */
public final class ComposedSamplerProvider implements SamplerProvider {
    static final List<String> SAMPLING = List.of("temperature", "top-k", "top-p", "repetition-penalty", "repetition-window");
    static final List<String> ALL = List.of("temperature", "top-k", "top-p", "repetition-penalty", "repetition-window",
            "abc-grammar", "max-tune-length", "max-text-length", "pitch-low", "pitch-high", "key");

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public String description() {
        return "composed sampler: constraints (abc-grammar, pitch-low/pitch-high/key, pitches read from the model's tokenizer), "
                + "then repetition-penalty/repetition-window, temperature, top-k, top-p, then a draw";
    }

    @Override
    public Sampler create(Options options) {
        return build(options.readBy("sampler '" + name() + "'", Set.copyOf(ALL)));
    }


    /** Runs a constructor that validates a value, naming the option in its message. */
    private static <T> T checked(String key, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampler option '" + key + "': " + e.getMessage(), e);
        }
    }

    /** The composed sampler of whichever of {@link #ALL} the options hold. */
    static Sampler build(Options o) {
        return build(o, Map.of());
    }

    /**
     * As {@link #build(Options)}, where a provider names some stages' options its own way ({@code aliases}: the composed
     * sampler's key to the provider's, e.g. top-k to k), so every message names the option as the user wrote it.
     */
    static Sampler build(Options o, Map<String, String> aliases) {
        java.util.function.UnaryOperator<String> key = k -> aliases.getOrDefault(k, k);
        List<LogitProcessor> stages = new ArrayList<>();
        if (o.flag(key.apply("abc-grammar"), false) || o.has(key.apply("max-tune-length")) || o.has(key.apply("max-text-length"))) {
            int tune = o.integer(key.apply("max-tune-length"), AbcGrammar.DEFAULT_MAX_TUNE_LENGTH);
            int text = o.integer(key.apply("max-text-length"), AbcGrammar.DEFAULT_MAX_TEXT_LENGTH);
            stages.add(checked(key.apply("max-tune-length"), () -> Samplers.grammar(new AbcGrammar(tune, text))));
        }
        if (o.has(key.apply("pitch-low")) || o.has(key.apply("pitch-high"))) {
            int low = o.integer(key.apply("pitch-low"), 0), high = o.integer(key.apply("pitch-high"), 127);
            stages.add(checked(key.apply("pitch-low"), () -> PitchMask.range(low, high)));
        }
        if (o.has(key.apply("key"))) stages.add(checked(key.apply("key"), () -> PitchMask.scale(PitchMask.key(o.text(key.apply("key"), "")))));
        if (o.has(key.apply("repetition-penalty")) || o.has(key.apply("repetition-window"))) {
            double penalty = o.number(key.apply("repetition-penalty"), 1.2);
            int window = o.integer(key.apply("repetition-window"), 64);
            stages.add(checked(key.apply("repetition-penalty"), () -> Samplers.repetitionPenalty(penalty, window)));
        }
        double temperature = o.number(key.apply("temperature"), 1.0);
        if (temperature < 0) throw o.malformed(key.apply("temperature"), String.valueOf(temperature), ">= 0 (0 is greedy)");
        if (temperature > 0 && temperature != 1.0) stages.add(Samplers.temperature(temperature));
        if (o.has(key.apply("top-k"))) {
            int k = o.integer(key.apply("top-k"), 0);
            stages.add(checked(key.apply("top-k"), () -> Samplers.topK(k)));
        }
        if (o.has(key.apply("top-p"))) {
            double p = o.number(key.apply("top-p"), 1.0);
            stages.add(checked(key.apply("top-p"), () -> Samplers.topP(p)));
        }
        return Samplers.chain(stages, temperature == 0 ? Samplers.greedy() : Samplers.categorical());
    }
}
