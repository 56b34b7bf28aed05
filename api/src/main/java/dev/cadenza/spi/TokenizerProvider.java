package dev.cadenza.spi;

import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.List;
import java.util.Map;

/**
 * Makes one kind of tokenizer: fitted to a corpus of items of {@link #itemType()}, or restored from a checkpoint's
 * config and vocabulary. Registered in {@code META-INF/services/dev.cadenza.spi.TokenizerProvider}.
 *
 * @param <I> the corpus item type (String for ABC tune text, Score for MIDI, int[][] for chorale rows)
 */
public interface TokenizerProvider<I> {
    /**
     * e.g. "abc-char", "note-chord", "chorale-arpeggio".
     *
     * @return the name, unique among tokenizers
     */
    String name();

    /**
     * One sentence for listings.
     *
     * @return the description
     */
    String description();

    /**
     * The type of the corpus items, which {@code Cadenza.tokenizer(name, type)} checks so user code needs no cast.
     *
     * @return the item class
     */
    Class<I> itemType();

    /**
     * Builds the vocabulary from {@code corpus} with the given options (unknown options are refused, naming them).
     *
     * @param corpus the training corpus, one item per tune or piece
     * @param options the tokenizer's settings by name
     * @return a fitted tokenizer
     * @throws IllegalArgumentException when an option is unknown or malformed
     */
    Tokenizer<I> fit(List<? extends I> corpus, Options options);

    /**
     * Recreates a tokenizer saved with a model.
     *
     * @param config the tokenizer's settings as it saved them
     * @param vocabulary the vocabulary as it saved it
     * @return a tokenizer equal to the one saved
     * @throws IllegalArgumentException when the config is not one this tokenizer accepts
     */
    Tokenizer<I> restore(Map<String, String> config, Vocabulary vocabulary);
}
