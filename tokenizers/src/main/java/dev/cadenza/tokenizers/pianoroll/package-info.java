/**
 * The {@code piano-roll} representation of the polyphonic music benchmark (Boulanger-Lewandowski et al., 2012): frames of
 * the 88 piano keys on a time grid, for multi-hot models, with a token form for checkpoints and evaluation.
 */
package dev.cadenza.tokenizers.pianoroll;
