package dev.cadenza.samplers;

import dev.cadenza.generate.Sampler;

import java.util.List;

/**
 * Factories for the samplers and logit processors of this module, and their composition:
 * {@code Samplers.sample(repetitionPenalty(1.2, 64), temperature(0.9), topP(0.95))} applies the processors in the
 * order given, then draws from softmax of what is left.
 */
public final class Samplers {
    private Samplers() {}

    /** The most likely token. */
    public static Sampler greedy() {
        return GreedySampler.INSTANCE;
    }

    /** A draw from softmax(logits). */
    public static Sampler categorical() {
        return CategoricalSampler.INSTANCE;
    }

    /** A draw from softmax(logits / temperature); temperature 0 is {@link #greedy()}. */
    public static Sampler temperatureSampler(double temperature) {
        if (temperature == 0) return greedy();
        return chain(List.of(temperature(temperature)), categorical());
    }

    public static LogitProcessor temperature(double temperature) {
        return new TemperatureProcessor(temperature);
    }

    public static LogitProcessor topK(int k) {
        return new TopKProcessor(k);
    }

    public static LogitProcessor topP(double p) {
        return new TopPProcessor(p);
    }

    public static LogitProcessor repetitionPenalty(double penalty, int window) {
        return new RepetitionPenaltyProcessor(penalty, window);
    }

    /** Masks the tokens {@code mask} rules out; {@code name} appears in the error when it rules out every token. */
    public static LogitProcessor mask(String name, TokenMask mask) {
        return new MaskProcessor(name, mask);
    }

    /** Masks the tokens a grammar rules out, following each row's history incrementally. */
    public static LogitProcessor grammar(TokenGrammar grammar) {
        return new GrammarProcessor(grammar);
    }

    /** Processors in order, then {@code pick}. */
    public static Sampler chain(List<LogitProcessor> processors, Sampler pick) {
        return new ChainedSampler(processors, pick);
    }

    /** Processors in order, then a categorical draw. */
    public static Sampler sample(LogitProcessor... processors) {
        return chain(List.of(processors), categorical());
    }

    /** A sampler that draws only among the tokens {@code mask} allows, with the given processors applied after the mask. */
    public static Sampler constrained(String name, TokenMask mask, LogitProcessor... then) {
        List<LogitProcessor> all = new java.util.ArrayList<>();
        all.add(mask(name, mask));
        all.addAll(List.of(then));
        return chain(all, categorical());
    }

}
