/**
 * Harmony for the recipes that improvise over chords: chord symbols in jukedeck's and common spellings
 * ({@link dev.cadenza.tokenizers.harmony.ChordSymbol}), chords as pitch-class sets
 * ({@link dev.cadenza.tokenizers.harmony.Chord}), chord charts over time
 * ({@link dev.cadenza.tokenizers.harmony.ChordChart}), scales, and the per-step conditioning vector of a chord.
 */
package dev.cadenza.tokenizers.harmony;
