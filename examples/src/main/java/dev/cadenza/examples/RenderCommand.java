package dev.cadenza.examples;

import dev.cadenza.Cadenza;
import dev.cadenza.formats.abc.AbcBook;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.render.Renderer;
import dev.cadenza.tokenizers.chorale.ChoraleArpeggioTokenizer;
import dev.cadenza.formats.chorale.ChoraleCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Renders music files (MIDI, ABC tune books, JSB chorale CSV) to other formats. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render a .mid, an .abc tune book (every tune) or a JSB chorale .csv to other formats.",
                "Example: cadenza render tune.abc --format midi,wav,musicxml,png --out rendered"})
public final class RenderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "A .mid/.midi, .abc or chorale .csv file.")
    Path file;

    @Option(names = "--format", split = ",", defaultValue = "wav", description = "Output formats: midi, wav, sine-wav, abc, musicxml, png (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = {"-O", "--option"}, paramLabel = "KEY=VALUE", description = "Renderer option, given to every format asked for (each refuses keys it does not know), e.g. -O bpm=90.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "rendered", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Cadenza cadenza = Cadenza.discover();
        List<Renderer> renderers = new ArrayList<>();
        for (String f : formats) renderers.add(cadenza.renderer(f));
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no file at " + file.toAbsolutePath());
        String name = file.getFileName().toString();
        String base = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) : "";
        Map<String, Score> scores = new LinkedHashMap<>();
        switch (ext) {
            case "mid", "midi" -> scores.put(base, MidiReader.read(file));
            case "abc" -> {
                AbcBook book = AbcReader.readBook(file);
                book.skipped().forEach(s -> System.out.println("skipped a tune that does not parse: " + s.reason().getMessage()));
                int i = 1;
                for (Score s : book.scores()) scores.put(book.scores().size() == 1 ? base : String.format("%s-%03d", base, i++), s);
            }
            case "csv" -> scores.put(base, ChoraleArpeggioTokenizer.toScore(ChoraleCsv.read(file), 100));
            default -> throw new IllegalArgumentException(file + ": expected a .mid, .midi, .abc or .csv file");
        }
        Files.createDirectories(out);
        for (Map.Entry<String, Score> e : scores.entrySet()) {
            for (int i = 0; i < renderers.size(); i++) {
                Renderer r = renderers.get(i);
                Path target = out.resolve(e.getKey() + (formats.get(i).equals("sine-wav") ? "-sine" : "") + "." + r.extension());
                r.render(e.getValue(), target, dev.cadenza.spi.Options.of(options));
                System.out.println("wrote " + target);
            }
        }
        return 0;
    }
}
