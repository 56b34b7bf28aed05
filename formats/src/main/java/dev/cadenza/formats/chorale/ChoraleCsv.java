package dev.cadenza.formats.chorale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads and writes the JSB chorale CSV files of Géron's edition: a header {@code note0,note1,note2,note3}, then one
 * row per sixteenth note with four MIDI pitches (soprano, alto, tenor, bass), 0 meaning that the voice is silent.
 * A bad row is an {@link IOException} naming the file, the line and what was expected.
 */
public final class ChoraleCsv {
    /** The four voices, highest first. */
    public static final int VOICES = 4;
    /** The header line every chorale file starts with. */
    public static final String HEADER = "note0,note1,note2,note3";

    private ChoraleCsv() {}

    /**
     * Reads one chorale file (ASCII); the file's path names it in error messages.
     *
     * @param file a chorale CSV file
     * @return one row of four pitches per sixteenth note, soprano first; 0 = silent
     * @throws IOException when the file cannot be read, or its header or a row is malformed (line and column named)
     */
    public static int[][] read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return read(r, file.toString());
        }
    }

    /**
     * Reads one chorale; {@code source} names it in error messages.
     *
     * @param reader the text, read to its end (not closed)
     * @param source the name for messages
     * @return one row of four pitches per sixteenth note; blank lines are skipped
     * @throws IOException when reading fails, or the header or a row is malformed
     */
    public static int[][] read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = in.readLine();
        if (header == null) throw new IOException(source + ": line 1: expected the header \"" + HEADER + "\", the file is empty");
        if (!header.strip().equals(HEADER))
            throw new IOException(source + ": line 1: expected the header \"" + HEADER + "\", found \"" + header + "\"");
        List<int[]> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line; (line = in.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) continue;
            String[] cells = line.split(",", -1);
            if (cells.length != VOICES)
                throw new IOException(source + ": line " + lineNumber + ": expected " + VOICES + " comma-separated pitches, found " + cells.length + " fields in \"" + line + "\"");
            int[] row = new int[VOICES];
            for (int v = 0; v < VOICES; v++) {
                String cell = cells[v].strip();
                try {
                    row[v] = Integer.parseInt(cell);
                } catch (NumberFormatException e) {
                    throw new IOException(source + ": line " + lineNumber + ", column " + (v + 1) + ": expected a MIDI pitch 0..127 (0 = silent), found \"" + cell + "\"", e);
                }
                if (row[v] < 0 || row[v] > 127)
                    throw new IOException(source + ": line " + lineNumber + ", column " + (v + 1) + ": expected a MIDI pitch 0..127 (0 = silent), found " + row[v]);
            }
            rows.add(row);
        }
        return rows.toArray(new int[0][]);
    }

    /**
     * Every {@code *.csv} file of {@code folder} (not recursive), in file-name order.
     *
     * @param folder a folder of {@code .csv} files
     * @return one chorale per file
     * @throws IOException when the folder holds no CSV file, or a file cannot be read or is malformed
     */
    public static List<int[][]> readFolder(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().collect(Collectors.toList());
        }
        if (files.isEmpty()) throw new IOException(folder + ": expected chorale_NNN.csv files, found none");
        List<int[][]> chorales = new ArrayList<>();
        for (Path f : files) chorales.add(read(f));
        return chorales;
    }

    /**
     * Every file of {@code files}, in the order given.
     *
     * @param files chorale CSV files
     * @return one chorale per file
     * @throws IOException when a file cannot be read or is malformed
     */
    public static List<int[][]> readAll(List<Path> files) throws IOException {
        List<int[][]> chorales = new ArrayList<>(files.size());
        for (Path f : files) chorales.add(read(f));
        return chorales;
    }

    /**
     * The chorale as CSV text, header first, one line per row ending in a newline.
     *
     * @param rows the chorale's rows, written as given (not checked)
     * @return the text
     */
    public static String toCsv(int[][] rows) {
        StringWriter out = new StringWriter();
        out.write(HEADER);
        out.write('\n');
        for (int[] row : rows) {
            for (int v = 0; v < row.length; v++) {
                if (v > 0) out.write(',');
                out.write(Integer.toString(row[v]));
            }
            out.write('\n');
        }
        return out.toString();
    }

    /**
     * Writes the chorale as CSV (created or replaced; not atomically).
     *
     * @param rows the chorale's rows
     * @param file the target file, in an existing folder
     * @throws IOException when the file cannot be written
     */
    public static void write(int[][] rows, Path file) throws IOException {
        Files.writeString(file, toCsv(rows), StandardCharsets.US_ASCII);
    }
}
