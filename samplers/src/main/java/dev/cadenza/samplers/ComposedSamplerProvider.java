package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;
import dev.cadenza.spi.SamplerProvider;

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
            "abc-grammar", "max-tune-length", "max-text-length", "pitch-low", "pitch-high", "key", "tokens");

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public String description() {
        return "composed sampler: constraints (abc-grammar, pitch-low/pitch-high/key with tokens=note-chord|chorale), "
                + "then repetition-penalty/repetition-window, temperature, top-k, top-p, then a draw";
    }

    @Override
    public Sampler create(Map<String, String> options) {
        return build(new SamplerOptions(name(), options, SamplerOptions.keys(ALL)));
    }

    /** The composed sampler of whichever of {@link #ALL} the options hold. */
    static Sampler build(SamplerOptions o) {
        List<LogitProcessor> stages = new ArrayList<>();
        if (o.flag("abc-grammar", false) || o.has("max-tune-length") || o.has("max-text-length")) {
            int tune = o.integer("max-tune-length", AbcGrammar.DEFAULT_MAX_TUNE_LENGTH);
            int text = o.integer("max-text-length", AbcGrammar.DEFAULT_MAX_TEXT_LENGTH);
            stages.add(o.checked("max-tune-length", () -> Samplers.grammar(new AbcGrammar(tune, text))));
        }
        if (o.has("pitch-low") || o.has("pitch-high") || o.has("key")) {
            if (!o.has("tokens"))
                throw new IllegalArgumentException("pitch-low, pitch-high and key need the option tokens=note-chord or tokens=chorale to read pitches from tokens");
            PitchMapping mapping = o.checked("tokens", () -> PitchMapping.named(o.text("tokens", "")));
            if (o.has("pitch-low") || o.has("pitch-high")) {
                int low = o.integer("pitch-low", 0), high = o.integer("pitch-high", 127);
                stages.add(o.checked("pitch-low", () -> PitchMask.range(mapping, low, high)));
            }
            if (o.has("key")) stages.add(o.checked("key", () -> PitchMask.scale(mapping, PitchMask.key(o.text("key", "")))));
        } else if (o.has("tokens")) {
            throw new IllegalArgumentException("option 'tokens' is only used with pitch-low, pitch-high or key");
        }
        if (o.has("repetition-penalty") || o.has("repetition-window")) {
            double penalty = o.number("repetition-penalty", 1.2);
            int window = o.integer("repetition-window", 64);
            stages.add(o.checked("repetition-penalty", () -> Samplers.repetitionPenalty(penalty, window)));
        }
        double temperature = o.number("temperature", 1.0);
        if (temperature < 0) throw o.malformed("temperature", String.valueOf(temperature), ">= 0 (0 is greedy)");
        if (temperature > 0 && temperature != 1.0) stages.add(Samplers.temperature(temperature));
        if (o.has("top-k")) {
            int k = o.integer("top-k", 0);
            stages.add(o.checked("top-k", () -> Samplers.topK(k)));
        }
        if (o.has("top-p")) {
            double p = o.number("top-p", 1.0);
            stages.add(o.checked("top-p", () -> Samplers.topP(p)));
        }
        return Samplers.chain(stages, temperature == 0 ? Samplers.greedy() : Samplers.categorical());
    }
}
