/**
 * ABC notation: {@link dev.cadenza.formats.abc.AbcReader} reads tune books into one
 * {@link dev.cadenza.music.Score} per tune (bad tunes are skipped and reported with
 * {@link dev.cadenza.formats.abc.AbcParseException}: tune, line, column), one part per voice, and
 * {@link dev.cadenza.formats.abc.AbcWriter} writes a score back as a tune of one voice per part that abc2midi plays
 * as we read it and abcm2ps engraves.
 */
package dev.cadenza.formats.abc;
