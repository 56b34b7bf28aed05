/**
 * The renderers: a {@link dev.cadenza.music.Score} written as something a musician can open, play or look at. Each
 * format has a {@link dev.cadenza.spi.RendererProvider} registered for {@link java.util.ServiceLoader}, so
 * {@code Cadenza.discover().renderer("musicxml")} finds it; every renderer takes string options and rejects unknown
 * keys with an {@link java.lang.IllegalArgumentException} that names them and lists the known ones.
 * <table>
 *   <caption>Formats and options</caption>
 *   <tr><th>format</th><th>class</th><th>options</th></tr>
 *   <tr><td>midi</td><td>{@link dev.cadenza.renderers.MidiRenderer}</td><td>bpm, tempo-scale</td></tr>
 *   <tr><td>wav</td><td>{@link dev.cadenza.renderers.SynthesizerWavRenderer} (Gervill, offline)</td>
 *       <td>soundfont, sample-rate, channels, bpm, tempo-scale, tail</td></tr>
 *   <tr><td>sine-wav</td><td>{@link dev.cadenza.renderers.SineWaveRenderer} (the chorale recipe's synthesizer)</td>
 *       <td>sample-rate, bpm, tempo-scale, amplitude</td></tr>
 *   <tr><td>abc</td><td>{@link dev.cadenza.renderers.AbcRenderer}</td><td>part, bars-per-line, reference-number, quantize</td></tr>
 *   <tr><td>musicxml</td><td>{@link dev.cadenza.renderers.MusicXmlRenderer}</td><td>version, quantize</td></tr>
 *   <tr><td>png</td><td>{@link dev.cadenza.renderers.PianoRollRenderer}</td>
 *       <td>pixels-per-quarter, pixels-per-semitone, width, height</td></tr>
 * </table>
 * The SoundFont option of "wav" needs {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} (see
 * {@link dev.cadenza.renderers.SynthesizerWavRenderer}); everything else runs on a plain, headless JVM.
 */
package dev.cadenza.renderers;
