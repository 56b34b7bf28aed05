/**
 * Standard MIDI Files: {@link dev.cadenza.formats.midi.MidiReader} (formats 0 and 1, bounds-checked, repairs
 * reported as warnings) and {@link dev.cadenza.formats.midi.MidiWriter} (format 1, exact round trip of the reader's
 * scores).
 */
package dev.cadenza.formats.midi;
