/**
 * What the notation writers (ABC, MusicXML) share, so that they write what a musician would write in one way: the key
 * of a score that gives none ({@link dev.cadenza.formats.notation.KeyFinder}), the spelling of a pitch in a key
 * ({@link dev.cadenza.formats.notation.Spelling}), and note lengths split and tied at the meter's beats
 * ({@link dev.cadenza.formats.notation.MeterBeats}).
 */
package dev.cadenza.formats.notation;
