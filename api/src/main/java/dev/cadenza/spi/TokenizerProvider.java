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
    /** e.g. "abc-char", "note-chord", "chorale-arpeggio". */
    String name();

    /** One sentence for listings. */
    String description();

    /** The type of the corpus items, which {@code Cadenza.tokenizer(name, type)} checks so user code needs no cast. */
    Class<I> itemType();

    /** Builds the vocabulary from {@code corpus} with the given options (unknown options are refused, naming them). */
    Tokenizer<I> fit(List<? extends I> corpus, Options options);

    /** Recreates a tokenizer saved with a model. */
    Tokenizer<I> restore(Map<String, String> config, Vocabulary vocabulary);
}
