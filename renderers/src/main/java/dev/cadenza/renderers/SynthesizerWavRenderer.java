package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.formats.midi.MidiWriter;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Renders a score to a 16-bit PCM WAV file through Java Sound's own software synthesizer (Gervill, in the JDK's
 * {@code java.desktop} module; no native code, no sound card), offline: as fast as the CPU allows, not in real time.
 * The score goes through {@link MidiWriter} first, so programs, drums on channel 10 and the tempo map are those of the
 * MIDI renderer.
 * <p>
 * Two routes, because Gervill's offline interface ({@code com.sun.media.sound.AudioSynthesizer#openStream}) lives in a
 * package that {@code java.desktop} does not export:
 * <ul>
 *   <li>When the JVM runs with {@code --add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED} (or an executable
 *       jar's manifest says {@code Add-Exports: java.desktop/com.sun.media.sound}), the synthesizer is driven
 *       directly: any sample rate, and a SoundFont (.sf2, e.g. Debian's
 *       {@code /usr/share/sounds/sf2/FluidR3_GM.sf2}) can replace the default sounds.</li>
 *   <li>Without it, the public {@code AudioSystem.getAudioInputStream} reads the MIDI data through the JDK's MIDI
 *       audio-file reader, which renders with Gervill's default sound bank at 44.1 kHz stereo; other rates and mono
 *       are converted by Java Sound. Asking for a {@code soundfont} then fails with a message naming the flag.</li>
 * </ul>
 * Gervill's default sound bank is the first {@code .sf2}/{@code .dls} in {@code $JAVA_HOME/lib/audio}, else
 * {@code default.sf2} in the usual Linux SoundFont folders, else a small generated set (cached in {@code ~/.gervill}).
 * <p>
 * Options: {@code soundfont} (path of an .sf2 or .dls file), {@code sample-rate} (8000..192000, default 44100),
 * {@code channels} (1 or 2, default 2), {@code bpm} and {@code tempo-scale} (as for "sine-wav"), {@code tail} (seconds
 * of release after the last note ends, 0..10, default 1.5).
 */
public final class SynthesizerWavRenderer implements Renderer {
    /** The format name this renderer is registered under. */
    public static final String FORMAT = "wav";
    /** The JVM flag that opens Gervill's offline interface to class-path code. */
    public static final String EXPORT_FLAG = "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";
    private static final String GERVILL_PACKAGE = "com.sun.media.sound";
    private static final Set<String> OPTIONS = Set.of("soundfont", "sample-rate", "channels", Tempi.BPM, Tempi.TEMPO_SCALE, "tail");
    private static final int READER_RATE = 44_100;

    private final BooleanSupplier offlineInterfaceOpen;

    /**
     * A renderer that takes the direct route when this JVM exports Gervill's package to it (checked once, here), and
     * the audio-file reader's route otherwise.
     */
    public SynthesizerWavRenderer() {
        this(SynthesizerWavRenderer::gervillExported);
    }

    /** For tests: decides whether the direct route may be used. */
    SynthesizerWavRenderer(BooleanSupplier offlineInterfaceOpen) {
        this.offlineInterfaceOpen = offlineInterfaceOpen;
    }

    /** Whether {@code java.desktop} exports Gervill's package to this class (by flag or manifest). */
    static boolean gervillExported() {
        return Synthesizer.class.getModule().isExported(GERVILL_PACKAGE, SynthesizerWavRenderer.class.getModule());
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "wav";
    }

    @Override
    public void render(Score score, OutputStream out, Options options) throws IOException {
        Options o = options.readBy("the '" + FORMAT + "' renderer", OPTIONS);
        int rate = o.integer("sample-rate", READER_RATE, 8_000, 192_000);
        int channels = o.integer("channels", 2, 1, 2);
        double tail = o.number("tail", 1.5, 0, 10);
        Path soundfont = o.existingFile("soundfont");
        Score timed = Tempi.retimed(score, o);
        byte[] midi = MidiWriter.toBytes(timed);
        long frames = Math.round((timed.seconds(timed.end()) + tail) * rate);
        AudioFormat format = new AudioFormat(rate, 16, channels, true, false);

        boolean direct = offlineInterfaceOpen.getAsBoolean();
        if (!direct && soundfont != null)
            throw new IllegalStateException("the 'wav' renderer needs Gervill's offline interface to load the SoundFont "
                    + soundfont + ", and this JVM does not open it: run java with " + EXPORT_FLAG
                    + " (or, for an executable jar, put 'Add-Exports: java.desktop/com.sun.media.sound' in its manifest),"
                    + " or leave out the 'soundfont' option to use the JDK's default sounds");
        Synthesizer synth = null;
        AudioInputStream audio = null;
        try {
            if (direct) {
                synth = newSoftSynthesizer();
                audio = openOffline(synth, format, soundfont == null);
                if (soundfont != null) loadSoundbank(synth, soundfont);
                schedule(synth.getReceiver(), timed, midi);
            } else {
                audio = convert(AudioSystem.getAudioInputStream(new ByteArrayInputStream(midi)), format);
            }
            PcmWav.writeHeader(out, rate, channels, frames);
            copyFrames(audio, out, frames, format.getFrameSize());
        } catch (MidiUnavailableException | InvalidMidiDataException | UnsupportedAudioFileException e) {
            throw new IOException("Java Sound could not render the score: " + e.getMessage(), e);
        } finally {
            if (audio != null) audio.close();
            if (synth != null) synth.close();
        }
    }

    private static Synthesizer newSoftSynthesizer() {
        try {
            return (Synthesizer) Class.forName(GERVILL_PACKAGE + ".SoftSynthesizer").getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Java Sound's software synthesizer (" + GERVILL_PACKAGE
                    + ".SoftSynthesizer) is not available in this JDK: " + e, e);
        }
    }

    /** {@code AudioSynthesizer#openStream(format, info)}: the synthesizer becomes a stream we pull samples from. */
    private static AudioInputStream openOffline(Synthesizer synth, AudioFormat format, boolean loadDefaultSounds)
            throws MidiUnavailableException {
        try {
            Method open = Class.forName(GERVILL_PACKAGE + ".AudioSynthesizer").getMethod("openStream", AudioFormat.class, Map.class);
            // More voices than the real-time default (64) so that dense piano music is not cut short.
            Map<String, Object> info = Map.of("load default soundbank", loadDefaultSounds, "max polyphony", 256);
            return (AudioInputStream) open.invoke(synth, format, info);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof MidiUnavailableException m) throw m;
            throw new IllegalStateException("Gervill failed to open an offline stream: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Gervill's offline interface is not accessible (" + e
                    + "); run java with " + EXPORT_FLAG, e);
        }
    }

    private static void loadSoundbank(Synthesizer synth, Path file) throws IOException {
        Soundbank bank;
        try {
            bank = MidiSystem.getSoundbank(file.toFile());
        } catch (InvalidMidiDataException e) {
            throw new IllegalArgumentException("option 'soundfont' of the 'wav' renderer: " + file
                    + " is not a sound bank Java Sound can read (expected SoundFont 2 or DLS): " + e.getMessage(), e);
        }
        if (!synth.isSoundbankSupported(bank))
            throw new IllegalArgumentException("option 'soundfont' of the 'wav' renderer: " + file
                    + " is not a sound bank Java Sound's synthesizer can play (expected SoundFont 2 or DLS)");
        synth.loadAllInstruments(bank);
    }

    /** Sends every MIDI event of the file with its time in microseconds, before any audio is pulled. */
    private static void schedule(Receiver receiver, Score timed, byte[] midi) throws IOException, InvalidMidiDataException {
        Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(midi));
        if (sequence.getResolution() != timed.ticksPerQuarter())
            throw new IllegalStateException("MIDI resolution " + sequence.getResolution() + " differs from the score's "
                    + timed.ticksPerQuarter());
        List<MidiEvent> events = new ArrayList<>();
        for (Track t : sequence.getTracks())
            for (int i = 0; i < t.size(); i++) if (!(t.get(i).getMessage() instanceof MetaMessage)) events.add(t.get(i));
        events.sort(Comparator.comparingLong(MidiEvent::getTick)); // stable: keeps each track's order within a tick
        for (MidiEvent e : events) receiver.send(e.getMessage(), Math.round(timed.seconds(e.getTick()) * 1e6));
    }

    /** The reader's 44.1 kHz stereo turned into the asked format, one conversion at a time. */
    private static AudioInputStream convert(AudioInputStream in, AudioFormat target) {
        AudioInputStream s = in;
        AudioFormat f = s.getFormat();
        if (f.getChannels() != target.getChannels())
            s = AudioSystem.getAudioInputStream(new AudioFormat(f.getSampleRate(), 16, target.getChannels(), true, false), s);
        if (s.getFormat().getSampleRate() != target.getSampleRate()) s = AudioSystem.getAudioInputStream(target, s);
        return s;
    }

    /** Exactly {@code frames} frames: the stream's, then silence if it ends early. */
    private static void copyFrames(InputStream audio, OutputStream out, long frames, int frameSize) throws IOException {
        byte[] buffer = new byte[frameSize * 4096];
        long left = frames * frameSize;
        while (left > 0) {
            int n = audio.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) break;
            out.write(buffer, 0, n);
            left -= n;
        }
        java.util.Arrays.fill(buffer, (byte) 0);
        while (left > 0) {
            int n = (int) Math.min(buffer.length, left);
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
