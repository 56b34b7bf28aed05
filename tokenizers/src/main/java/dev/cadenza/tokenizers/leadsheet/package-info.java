/** The {@code lead-sheet} tokenizer: a melody as note and rest events, to be improvised over a chord chart fed beside it. */
package dev.cadenza.tokenizers.leadsheet;
