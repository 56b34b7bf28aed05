/**
 * The jazz grammar of deepjazz and the deeplearning.ai jazz assignment (S4): melody notes of four-beat measures as
 * values of class (chord, scale, approach, other tone, rest), duration and interval range against the chords under
 * them, the {@code jazz-grammar} tokenizer, and the seed's pruning of generated values and notes.
 */
package dev.cadenza.tokenizers.jazz;
