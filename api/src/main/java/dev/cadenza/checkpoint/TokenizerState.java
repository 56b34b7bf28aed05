package dev.cadenza.checkpoint;

import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.Map;

/** A tokenizer as saved with a model: provider name, options and vocabulary. */
public record TokenizerState(String name, Map<String, String> config, Vocabulary vocabulary) {
    public TokenizerState {
        config = Map.copyOf(config);
    }

    public static TokenizerState of(Tokenizer<?> tokenizer) {
        return new TokenizerState(tokenizer.name(), tokenizer.config(), tokenizer.vocabulary());
    }
}
