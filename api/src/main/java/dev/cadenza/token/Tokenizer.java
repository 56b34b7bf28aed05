package dev.cadenza.token;

import dev.cadenza.music.Score;

import java.util.Map;

/**
 * Turns one corpus item (ABC tune text, a {@link Score}, chorale rows) into token ids and back.
 * Its {@link #config()} and {@link #vocabulary()} are saved with the model; the provider named {@link #name()}
 * restores it from them.
 *
 * @param <I> the corpus item type
 */
public interface Tokenizer<I> {
    /**
     * Provider name, e.g. "abc-char".
     *
     * @return the provider's name
     */
    String name();

    /**
     * Options that, with the vocabulary, recreate this tokenizer exactly.
     *
     * @return an immutable map of option names to values
     */
    Map<String, String> config();

    /**
     * The token strings and their ids; a softmax model's output width is its size.
     *
     * @return the vocabulary
     */
    Vocabulary vocabulary();

    /**
     * The class of the corpus items this tokenizer reads.
     *
     * @return the item class
     */
    Class<I> itemType();

    /**
     * Token ids of one item. A token missing from the vocabulary is an IllegalArgumentException naming it.
     *
     * @param item one corpus item (a tune, a piece)
     * @return a new array of ids
     * @throws IllegalArgumentException when the item holds a token the vocabulary lacks, or cannot be tokenized
     */
    int[] encode(I item);

    /**
     * The tokens as text (ABC text, space-separated note/chord names, ...).
     *
     * @param ids token ids, e.g. a generated piece
     * @return the text
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    String decodeText(int[] ids);

    /**
     * The tokens as music. Tokens that do not form music are reported with their position.
     *
     * @param ids token ids, e.g. a generated piece
     * @return a new score
     * @throws IllegalArgumentException when an id is outside the vocabulary, or the tokens do not form music there
     */
    Score decodeScore(int[] ids);

    /**
     * The MIDI pitches {@code token} sounds when played (a note; the notes of a chord, placed as {@link #decodeScore}
     * places them), or none for a rest or a token that plays nothing by itself (a bar line, a character of a header).
     * Pitch-aware samplers ask this instead of knowing each tokenizer's spelling.
     *
     * @param token a token id
     * @return the pitches, 0..127; empty when the token sounds nothing
     */
    default int[] pitches(int token) {
        return new int[0];
    }
}
