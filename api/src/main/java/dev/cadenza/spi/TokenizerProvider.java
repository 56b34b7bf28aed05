package dev.cadenza.spi;

import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/** Makes one kind of tokenizer: fitted to a corpus, or restored from a checkpoint's config and vocabulary. */
public interface TokenizerProvider {
    /** e.g. "abc-char", "note-chord", "chorale-arpeggio". */
    String name();

    /** One sentence for listings. */
    String description();

    /** Builds the vocabulary from {@code corpus} (items of the tokenizer's item type) with the given options. */
    Tokenizer<?> fit(List<?> corpus, Map<String, String> options);

    /** Recreates a tokenizer saved with a model. */
    Tokenizer<?> restore(Map<String, String> config, Vocabulary vocabulary);
}
