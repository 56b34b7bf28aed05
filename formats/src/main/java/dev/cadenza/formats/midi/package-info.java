/**
 * Standard MIDI Files: {@link dev.cadenza.formats.midi.MidiReader} (formats 0, 1 and 2, ticks-per-quarter and SMPTE
 * time division, bounds-checked) and {@link dev.cadenza.formats.midi.MidiWriter} (format 1, exact round trip of the
 * reader's scores).
 * <p>
 * The reader has two {@link dev.cadenza.formats.midi.MidiReader.Mode modes}. {@code TOLERANT}, the default of
 * {@code MidiReader.read(Path)} and every method without a mode, recovers what a damaged file still holds (a file cut
 * short, a chunk length past the end of the file, system common and real-time bytes inside a track, junk between or
 * after chunks) and reports each repair as a {@link dev.cadenza.formats.midi.MidiReader.Warning}: the file, the byte
 * offset, and what was skipped or assumed, printed as {@code "song.mid: at byte 1234: <what>"}. It refuses only
 * files with nothing to read (no {@code MThd} header, no {@code MTrk} chunk). {@code STRICT} throws a
 * {@link dev.cadenza.formats.midi.MidiFormatException} naming the file, the offset and the expectation at the first
 * fault instead. {@code MidiReader.read} logs the warnings through {@link java.lang.System.Logger} under the
 * reader's class name; {@code MidiReader.readWithWarnings} returns them with the score.
 */
package dev.cadenza.formats.midi;
