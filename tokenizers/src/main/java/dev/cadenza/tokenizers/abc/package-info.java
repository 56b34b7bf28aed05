/**
 * The {@code abc-char} tokenizer of the character-level folk-tune system (S1): tune splitting, a character
 * vocabulary, decoding through the ABC reader and counting how many generated tunes parse.
 */
package dev.cadenza.tokenizers.abc;
