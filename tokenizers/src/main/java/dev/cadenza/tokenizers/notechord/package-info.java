/** The {@code note-chord} tokenizer of the piano seed (S2) and the normal order of its chord tokens. */
package dev.cadenza.tokenizers.notechord;
