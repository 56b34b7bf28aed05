/**
 * ABC notation: {@link dev.cadenza.formats.abc.AbcReader} reads tune books into one
 * {@link dev.cadenza.music.Score} per tune (bad tunes are skipped and reported with
 * {@link dev.cadenza.formats.abc.AbcParseException}: tune, line, column), and
 * {@link dev.cadenza.formats.abc.AbcWriter} writes a melody back as a tune that abc2midi plays as we read it.
 */
package dev.cadenza.formats.abc;
