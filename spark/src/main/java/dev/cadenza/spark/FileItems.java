package dev.cadenza.spark;

import dev.cadenza.formats.MusicFormatException;
import dev.cadenza.formats.abc.AbcBook;
import dev.cadenza.formats.abc.AbcParseException;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.formats.midi.MidiFormatException;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Score;
import dev.cadenza.tokenizers.abc.AbcCharTokenizer;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the corpus items of one music file, by its extension and the item type of the tokenizer, with the readers the
 * single-machine path uses: {@code .mid}/{@code .midi} with {@link MidiReader} (one {@link Score}); {@code .abc} as tune
 * texts cut by {@link AbcCharTokenizer#splitTunes} (for a tokenizer of text) or as scores read by
 * {@link AbcReader#readBook} (for a tokenizer of scores, each skipped tune listed); {@code .csv} chorales with
 * {@link ChoraleCsv}. Nothing is dropped without a {@link FileProblem} saying why.
 *
 * <p>{@link dev.cadenza.formats.MusicFiles} does the same for files and folders on one machine; this one reads the bytes
 * an executor was given (Spark's {@code binaryFiles}), with no file system, and reports places as strings that travel
 * back to the driver.
 */
public final class FileItems {
    private FileItems() {}

    /**
     * The items of a file, in file order, with what the reader reported.
     *
     * @param items the items read, of the tokenizer's item type, in file order
     * @param titles one title per item, or empty
     * @param problems what the reader reported
     */
    public record Items(List<Object> items, List<String> titles, List<FileProblem> problems) {}

    /**
     * Reads {@code bytes}, the content of {@code file}, into items of {@code itemType}.
     *
     * @param file the file's path, for messages and its format (by extension)
     * @param bytes the file's content
     * @param itemType the item type the tokenizer reads: {@code Score}, {@code String} (ABC text) or {@code int[][]}
     * (chorale rows)
     * @param midiMode how MIDI files are read
     * @return the items, titles and problems; a file that cannot be read gives no item and an error problem
     */
    public static Items read(String file, byte[] bytes, Class<?> itemType, MidiReader.Mode midiMode) {
        List<Object> items = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<FileProblem> problems = new ArrayList<>();
        String name = file.toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".mid") || name.endsWith(".midi")) {
                requireType(file, "a MIDI file gives scores", itemType, Score.class);
                MidiReader.Result r = MidiReader.parse(bytes, file, midiMode);
                items.add(r.score());
                titles.add(r.score().title());
                if (!r.warnings().isEmpty()) {
                    MidiReader.Warning first = r.warnings().get(0);
                    problems.add(new FileProblem(file, FileProblem.WARNING, "byte " + first.offset(), r.warnings().size()
                            + " warning(s), the first: " + first.message()));
                }
            } else if (name.endsWith(".abc")) {
                String text = text(bytes);
                if (itemType == String.class) {
                    List<String> tunes = AbcCharTokenizer.splitTunes(text);
                    if (tunes.isEmpty()) problems.add(new FileProblem(file, FileProblem.ERROR, "", "no ABC tune (no X: line and no K: field)"));
                    for (String t : tunes) {
                        items.add(t);
                        titles.add(title(t));
                    }
                } else {
                    requireType(file, "an ABC book gives tune texts or scores", itemType, Score.class);
                    AbcBook book = AbcReader.readBook(text, file);
                    for (AbcBook.Entry e : book.tunes()) {
                        items.add(e.score());
                        titles.add(e.tune().title());
                    }
                    for (AbcBook.Skipped s : book.skipped()) {
                        AbcParseException why = s.reason();
                        problems.add(new FileProblem(file, FileProblem.SKIPPED, "tune " + s.tune().number() + ", line " + why.line() + ", column "
                                + why.column(), why.problem()));
                    }
                    if (book.total() == 0) problems.add(new FileProblem(file, FileProblem.ERROR, "", "no ABC tune (no X: line and no K: field)"));
                }
            } else if (name.endsWith(".csv")) {
                requireType(file, "a chorale CSV file gives chorale rows", itemType, int[][].class);
                items.add(ChoraleCsv.read(new StringReader(new String(bytes, StandardCharsets.US_ASCII)), file));
                titles.add("");
            } else {
                problems.add(new FileProblem(file, FileProblem.ERROR, "", "not a music file Cadenza reads (.mid, .midi, .abc, .csv)"));
            }
        } catch (MidiFormatException e) {
            problems.add(new FileProblem(file, FileProblem.ERROR, "byte " + e.offset(), e.problem()));
        } catch (MusicFormatException e) {
            problems.add(new FileProblem(file, FileProblem.ERROR, "", e.getMessage()));
        } catch (IOException | RuntimeException e) {
            // ChoraleCsv's messages name the line; anything else still names the file, never silently lost.
            items.clear();
            titles.clear();
            problems.add(new FileProblem(file, FileProblem.ERROR, "", e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return new Items(items, titles, problems);
    }

    private static void requireType(String file, String what, Class<?> itemType, Class<?> gives) {
        if (itemType != gives)
            throw new IllegalArgumentException(what + ", but the tokenizer reads " + itemType.getSimpleName() + " items");
    }

    /** UTF-8, or Latin-1 when the bytes are not UTF-8 (older tune books), as {@link AbcReader#readBook} reads. */
    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static String title(String tune) {
        for (String line : tune.split("\n"))
            if (line.startsWith("T:")) return line.substring(2).trim();
        return "";
    }
}
