package dev.cadenza.examples.recipes;

import dev.cadenza.music.Score;

/**
 * One generated piece: its name (used for file names), the music, its tokens and its text form.
 *
 * @param name the piece's name, the stem of its files
 * @param score the music
 * @param tokens the generated token ids
 * @param text the tokens' text form (ABC, note names, events)
 */
public record Piece(String name, Score score, int[] tokens, String text) {}
