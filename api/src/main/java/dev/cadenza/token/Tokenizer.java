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
    /** Provider name, e.g. "abc-char". */
    String name();

    /** Options that, with the vocabulary, recreate this tokenizer exactly. */
    Map<String, String> config();

    Vocabulary vocabulary();

    Class<I> itemType();

    /** Token ids of one item. A token missing from the vocabulary is an IllegalArgumentException naming it. */
    int[] encode(I item);

    /** The tokens as text (ABC text, space-separated note/chord names, ...). */
    String decodeText(int[] ids);

    /** The tokens as music. Tokens that do not form music are reported with their position. */
    Score decodeScore(int[] ids);

    /**
     * The MIDI pitches {@code token} sounds when played (a note; the notes of a chord, placed as {@link #decodeScore}
     * places them), or none for a rest or a token that plays nothing by itself (a bar line, a character of a header).
     * Pitch-aware samplers ask this instead of knowing each tokenizer's spelling.
     */
    default int[] pitches(int token) {
        return new int[0];
    }
}
