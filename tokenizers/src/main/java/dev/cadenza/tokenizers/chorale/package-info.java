/** The {@code chorale-arpeggio} tokenizer of the Bach chorale seed (S3) and the JSB chorale CSV format. */
package dev.cadenza.tokenizers.chorale;
