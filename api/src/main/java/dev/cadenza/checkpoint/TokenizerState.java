package dev.cadenza.checkpoint;

import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.Map;

/**
 * A tokenizer as saved with a model: provider name, options and vocabulary.
 *
 * @param name the provider's name, which restores it
 * @param config the tokenizer's options as strings; copied
 * @param vocabulary the token strings and their ids
 */
public record TokenizerState(String name, Map<String, String> config, Vocabulary vocabulary) {
    /**
     * Copies the config.
     *
     * @param name the provider's name
     * @param config the options; copied
     * @param vocabulary the vocabulary
     */
    public TokenizerState {
        config = Map.copyOf(config);
    }

    /**
     * The state of a live tokenizer, to save with a model.
     *
     * @param tokenizer the tokenizer
     * @return its name, config and vocabulary
     */
    public static TokenizerState of(Tokenizer<?> tokenizer) {
        return new TokenizerState(tokenizer.name(), tokenizer.config(), tokenizer.vocabulary());
    }
}
