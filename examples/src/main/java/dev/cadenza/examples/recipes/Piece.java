package dev.cadenza.examples.recipes;

import dev.cadenza.music.Score;

/** One generated piece: its name (used for file names), the music, its tokens and its text form. */
public record Piece(String name, Score score, int[] tokens, String text) {}
