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

    /**
     * The most likely token.
     *
     * @return the shared greedy sampler (the lower id on ties); it uses no randomness
     */
    public static Sampler greedy() {
        return GreedySampler.INSTANCE;
    }

    /**
     * A draw from softmax(logits).
     *
     * @return the shared categorical sampler
     */
    public static Sampler categorical() {
        return CategoricalSampler.INSTANCE;
    }

    /**
     * A draw from softmax(logits / temperature); temperature 0 is {@link #greedy()}.
     *
     * @param temperature {@code >= 0}; below 1 sharpens, above 1 flattens the distribution
     * @return the sampler
     * @throws IllegalArgumentException when {@code temperature} is negative, infinite or NaN
     */
    public static Sampler temperatureSampler(double temperature) {
        if (temperature == 0) return greedy();
        return chain(List.of(temperature(temperature)), categorical());
    }

    /**
     * Divides the logits by {@code temperature}: below 1 sharpens the distribution, above 1 flattens it.
     *
     * @param temperature {@code > 0} and finite
     * @return the processor
     * @throws IllegalArgumentException when {@code temperature} is not positive and finite
     */
    public static LogitProcessor temperature(double temperature) {
        return new TemperatureProcessor(temperature);
    }

    /**
     * Keeps the {@code k} most likely tokens and masks the rest.
     *
     * @param k at least 1; a {@code k} at least the vocabulary size keeps every token
     * @return the processor
     * @throws IllegalArgumentException when {@code k} is below 1
     */
    public static LogitProcessor topK(int k) {
        return new TopKProcessor(k);
    }

    /**
     * Nucleus filtering: keeps the smallest set of most likely tokens whose probabilities sum to at least {@code p}.
     *
     * @param p in {@code (0, 1]}; 1 keeps every token
     * @return the processor
     * @throws IllegalArgumentException when {@code p} is outside {@code (0, 1]}
     */
    public static LogitProcessor topP(double p) {
        return new TopPProcessor(p);
    }

    /**
     * The CTRL repetition penalty over the latest {@code window} tokens of the history.
     *
     * @param penalty {@code > 0} and finite; above 1 discourages repeats
     * @param window how many of the latest tokens count, at least 1
     * @return the processor
     * @throws IllegalArgumentException when a value is out of range
     */
    public static LogitProcessor repetitionPenalty(double penalty, int window) {
        return new RepetitionPenaltyProcessor(penalty, window);
    }

    /**
     * Masks the tokens {@code mask} rules out; {@code name} appears in the error when it rules out every token.
     *
     * @param name the constraint's name, for the error message
     * @param mask which tokens are allowed at each step
     * @return the processor
     */
    public static LogitProcessor mask(String name, TokenMask mask) {
        return new MaskProcessor(name, mask);
    }

    /**
     * Masks the tokens a grammar rules out, following each row's history incrementally.
     *
     * @param grammar the grammar; its cursor for each row lives in the row's memory
     * @return the processor
     */
    public static LogitProcessor grammar(TokenGrammar grammar) {
        return new GrammarProcessor(grammar);
    }

    /**
     * Processors in order, then {@code pick}.
     *
     * @param processors applied in this order to a scratch copy of the logits
     * @param pick draws the token from what the processors leave
     * @return the sampler
     */
    public static Sampler chain(List<LogitProcessor> processors, Sampler pick) {
        return new ChainedSampler(processors, pick);
    }

    /**
     * Processors in order, then a categorical draw.
     *
     * @param processors applied in this order
     * @return the sampler
     */
    public static Sampler sample(LogitProcessor... processors) {
        return chain(List.of(processors), categorical());
    }

    /**
     * A sampler that draws only among the tokens {@code mask} allows, with the given processors applied after the mask.
     *
     * @param name the constraint's name, for the error message
     * @param mask which tokens are allowed at each step
     * @param then processors applied after the mask, in order
     * @return the sampler
     */
    public static Sampler constrained(String name, TokenMask mask, LogitProcessor... then) {
        List<LogitProcessor> all = new java.util.ArrayList<>();
        all.add(mask(name, mask));
        all.addAll(List.of(then));
        return chain(all, categorical());
    }

}
