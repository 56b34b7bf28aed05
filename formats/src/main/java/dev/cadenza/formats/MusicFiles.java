package dev.cadenza.formats;

import dev.cadenza.formats.abc.AbcBook;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.chorale.ChoraleCsv;
import dev.cadenza.formats.midi.MidiReader;
import dev.cadenza.music.Score;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A user's own music, given as one file or a folder of files (searched recursively, in path order): MIDI files read
 * into scores, ABC tune books cut into tunes, chorale CSV files read into rows. Nothing is skipped silently: every file,
 * or every tune of a tune book, that cannot be read is listed in {@link Read#problems()} with the reader's message
 * (file, byte offset or line and column, and what was expected); MIDI files the tolerant reader repaired are listed
 * with its warnings. Only a path with no file of the format at all, or with nothing readable, is an error.
 */
public final class MusicFiles {
    private MusicFiles() {}

    /**
     * One item read, with the file it came from.
     *
     * @param <T> the item's type: a score, a tune's text, chorale rows
     * @param source the file it was read from
     * @param value what was read
     */
    public record Item<T>(Path source, T value) {
        /**
         * Checks that both are given.
         *
         * @param source not null
         * @param value not null
         */
        public Item {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A file (or a tune of it) that was not read, or was read with repairs; {@code message} is the reader's.
     *
     * @param file the file
     * @param message the reader's message: the place and what was expected there
     * @param skipped true when the file or tune was left out, false when it was read with repairs
     */
    public record Problem(Path file, String message, boolean skipped) {
        @Override
        public String toString() {
            return (skipped ? "skipped " : "repaired ") + file + ": " + message;
        }
    }

    /**
     * What was read from a path, and what was not.
     *
     * @param <T> the items' type
     * @param path the file or folder given
     * @param items what was read, in path order; copied
     * @param problems what was left out or repaired, in path order; copied
     * @param files the number of files of the format found
     */
    public record Read<T>(Path path, List<Item<T>> items, List<Problem> problems, int files) {
        /**
         * Copies the lists.
         *
         * @param path the file or folder given
         * @param items what was read
         * @param problems what was left out or repaired
         * @param files the number of files found
         */
        public Read {
            items = List.copyOf(items);
            problems = List.copyOf(problems);
        }

        /**
         * The values, in order.
         *
         * @return a new list
         */
        public List<T> values() {
            return items.stream().map(Item::value).collect(Collectors.toList());
        }

        /**
         * The problems that cost an item (a file or a tune not read), as opposed to repairs.
         *
         * @return a new list
         */
        public List<Problem> skipped() {
            return problems.stream().filter(Problem::skipped).collect(Collectors.toList());
        }

        /**
         * "read 28 of 30 files (41 items); skipped 2: ..." for the command line.
         *
         * @return one line
         */
        public String summary() {
            long skippedFiles = problems.stream().filter(Problem::skipped).map(Problem::file).distinct().count();
            return String.format(Locale.ROOT, "%s: %d item%s from %d file%s%s", path, items.size(), items.size() == 1 ? "" : "s", files,
                    files == 1 ? "" : "s", problems.isEmpty() ? "" : String.format(Locale.ROOT, "; %d problem%s in %d file%s", problems.size(),
                            problems.size() == 1 ? "" : "s", problems.stream().map(Problem::file).distinct().count(),
                            skippedFiles == 1 ? "" : "s"));
        }
    }

    /**
     * The MIDI files ({@code .mid}, {@code .midi}) of {@code path}, read tolerantly; repairs are listed.
     *
     * @param path a MIDI file or a folder of them
     * @return the scores, with the repairs and the files skipped
     * @throws IOException when the path does not exist, holds no MIDI file, or no file could be read
     */
    public static Read<Score> midi(Path path) throws IOException {
        List<Path> files = files(path, "MIDI", ".mid", ".midi");
        List<Item<Score>> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                MidiReader.Result r = MidiReader.readWithWarnings(f);
                for (var w : r.warnings()) problems.add(new Problem(f, w.toString(), false));
                items.add(new Item<>(f, r.score()));
            } catch (MusicFormatException e) {
                problems.add(new Problem(f, e.getMessage(), true));
            }
        }
        return result(path, "MIDI", files.size(), items, problems);
    }

    /**
     * The tunes of the ABC tune books ({@code .abc}) of {@code path}, as text (what a character tokenizer reads), each
     * tune checked by the ABC reader: a tune the reader refuses is listed with its line and column and left out.
     *
     * @param path an ABC file or a folder of them
     * @return the tunes' texts, with the tunes skipped
     * @throws IOException when the path does not exist, holds no ABC file, a file cannot be read, or no tune could be
     *     read
     */
    public static Read<String> abcTunes(Path path) throws IOException {
        return abcBooks(path, e -> e.tune().text());
    }

    /**
     * The tunes of the ABC tune books of {@code path} read into scores; tunes the reader refuses are listed.
     *
     * @param path an ABC file or a folder of them
     * @return the tunes' scores, with the tunes skipped
     * @throws IOException when the path does not exist, holds no ABC file, a file cannot be read, or no tune could be
     *     read
     */
    public static Read<Score> abcScores(Path path) throws IOException {
        return abcBooks(path, AbcBook.Entry::score);
    }

    /** Each tune of the ABC books of {@code path} as {@code item} makes it; refused tunes and tuneless files listed. */
    private static <T> Read<T> abcBooks(Path path, java.util.function.Function<AbcBook.Entry, T> item) throws IOException {
        List<Path> files = files(path, "ABC", ".abc");
        List<Item<T>> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : files) {
            AbcBook book = AbcReader.readBook(f);
            for (AbcBook.Entry e : book.tunes()) items.add(new Item<>(f, item.apply(e)));
            for (AbcBook.Skipped s : book.skipped()) problems.add(new Problem(f, s.reason().getMessage(), true));
            if (book.total() == 0) problems.add(new Problem(f, "no tune (no X: line) in the file", true));
        }
        return result(path, "ABC", files.size(), items, problems);
    }

    /**
     * The chorale CSV files ({@code .csv}) of {@code path}; a malformed file is listed with its line and column.
     *
     * @param path a CSV file or a folder of them
     * @return one array of rows per file, with the files skipped
     * @throws IOException when the path does not exist, holds no CSV file, or no file could be read
     */
    public static Read<int[][]> choraleCsv(Path path) throws IOException {
        List<Path> files = files(path, "chorale CSV", ".csv");
        List<Item<int[][]>> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                items.add(new Item<>(f, ChoraleCsv.read(f)));
            } catch (IOException e) {
                problems.add(new Problem(f, e.getMessage(), true));
            }
        }
        return result(path, "chorale CSV", files.size(), items, problems);
    }

    /**
     * Plain text files, whole, for a recipe that learns from any text.
     *
     * @param path a text file or a folder of them
     * @param extensions the file name endings to take, e.g. {@code ".txt"}; none for every file
     * @return each file's whole text, with the files that are not UTF-8
     * @throws IOException when the path does not exist, holds no matching file, or none could be read
     */
    public static Read<String> text(Path path, String... extensions) throws IOException {
        List<Path> files = files(path, "text", extensions);
        List<Item<String>> items = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                items.add(new Item<>(f, Files.readString(f, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                problems.add(new Problem(f, "not UTF-8 text: " + e, true));
            }
        }
        return result(path, "text", files.size(), items, problems);
    }

    private static <T> Read<T> result(Path path, String format, int files, List<Item<T>> items, List<Problem> problems) throws IOException {
        if (items.isEmpty()) {
            StringBuilder sb = new StringBuilder("nothing could be read as " + format + " from " + path);
            for (Problem p : problems.subList(0, Math.min(5, problems.size()))) sb.append("\n  ").append(p);
            if (problems.size() > 5) sb.append("\n  ... and ").append(problems.size() - 5).append(" more");
            throw new IOException(sb.toString());
        }
        return new Read<>(path, items, problems, files);
    }

    /**
     * The files of {@code path} with one of the extensions: the path itself, or its files found recursively, sorted.
     *
     * @param path a file (returned as it is, whatever its name) or a folder
     * @param format the format's name, for messages
     * @param extensions the file name endings to take, in lower case; none for every file
     * @return the files, sorted by path
     * @throws IOException when the path does not exist or the folder holds no matching file
     */
    public static List<Path> files(Path path, String format, String... extensions) throws IOException {
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "no such " + format + " file or folder");
        if (Files.isRegularFile(path)) return List.of(path);
        try (Stream<Path> s = Files.walk(path)) {
            List<Path> files = s.filter(Files::isRegularFile).filter(p -> hasExtension(p, extensions)).sorted().collect(Collectors.toList());
            if (files.isEmpty())
                throw new IOException("no " + format + " file (" + String.join(", ", extensions) + ") in the folder " + path);
            return files;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean hasExtension(Path p, String... extensions) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : extensions) if (name.endsWith(e)) return true;
        return extensions.length == 0;
    }
}
