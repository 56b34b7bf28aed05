package dev.cadenza.token;

import dev.cadenza.spi.Options;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A kind of tokenizer whose vocabulary is fitted by counting token strings, so that a corpus too large for one machine
 * can be counted in pieces (one per file, per partition, per machine) and the counts merged: {@link #fromCounts} of the
 * merged counts is the tokenizer that {@code fit} builds from the whole corpus on one machine. Implemented, beside
 * {@link dev.cadenza.spi.TokenizerProvider}, by the providers whose fit depends only on those counts; optional, so a
 * tokenizer that needs the whole corpus at once simply does not implement it.
 *
 * @param <I> the corpus item type, as the provider's
 */
public interface CountableTokenizer<I> {
    /**
     * The token strings of one item, before any vocabulary exists. Looked up in the vocabulary of a tokenizer fitted to
     * a corpus holding the item, they are that tokenizer's {@code encode(item)}. An item (or option) that {@code fit}
     * would refuse is an IllegalArgumentException naming what is wrong.
     *
     * @param item one corpus item
     * @param options the options {@code fit} would be given
     * @return the token strings, in order, repeats included
     * @throws IllegalArgumentException when the item or an option is refused
     */
    List<String> tokenStrings(I item, Options options);

    /**
     * The tokenizer that {@code fit(corpus, options)} builds, from how often each token string occurs in the corpus
     * ({@link #tokenStrings} of every item, summed) and how many items it has (a tokenizer that joins items, as
     * abc-char does with a blank line between tunes, counts what the joints add).
     *
     * @param counts occurrences of each token string over the corpus
     * @param items the number of items counted
     * @param options the options {@code fit} would be given
     * @return the tokenizer
     * @throws IllegalArgumentException when an option is refused
     */
    Tokenizer<I> fromCounts(Map<String, Long> counts, long items, Options options);

    /**
     * Counts {@code corpus} on this machine and builds from the counts: the same tokenizer as {@code fit}.
     *
     * @param corpus the items
     * @param options the tokenizer's options
     * @return the tokenizer
     * @throws IllegalArgumentException when an item or option is refused
     */
    default Tokenizer<I> fitByCounting(List<? extends I> corpus, Options options) {
        Map<String, Long> counts = new HashMap<>();
        for (I item : corpus)
            for (String token : tokenStrings(item, options)) counts.merge(token, 1L, Long::sum);
        return fromCounts(counts, corpus.size(), options);
    }
}
