package dev.cadenza.formats.abc;

import dev.cadenza.formats.MusicFormatException;

/**
 * A tune that is not valid ABC: names the source, the tune (its {@code X:} number and title), the line (in the
 * source, 1-based) and column (1-based) where reading stopped, and what was expected there. Checked, like every
 * {@link MusicFormatException}: a bad tune is something a user's file can cause.
 */
public final class AbcParseException extends MusicFormatException {
    private static final long serialVersionUID = 2L;

    /** The tune's {@code X:} number as written, or empty (part of the serialized form). */
    private final String tuneNumber;
    /** The tune's first title, or empty (part of the serialized form). */
    private final String title;
    /** The 1-based line in the source (part of the serialized form). */
    private final int line;
    /** The 1-based column in the line (part of the serialized form). */
    private final int column;
    /** What was wrong, without the location (part of the serialized form). */
    private final String problem;

    /**
     * An error in a tune.
     *
     * @param source the book's name, or null or empty for none
     * @param tuneNumber the tune's {@code X:} number, or null
     * @param title the tune's title, or null
     * @param line the 1-based line in the source
     * @param column the 1-based column in that line
     * @param problem what was expected there and what was found
     */
    public AbcParseException(String source, String tuneNumber, String title, int line, int column, String problem) {
        super(source, format(source, tuneNumber, title, line, column, problem));
        this.tuneNumber = tuneNumber == null ? "" : tuneNumber;
        this.title = title == null ? "" : title;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    private static String format(String source, String number, String title, int line, int column, String problem) {
        StringBuilder sb = new StringBuilder();
        if (source != null && !source.isEmpty()) sb.append(source).append(": ");
        sb.append("tune X:").append(number == null || number.isEmpty() ? "?" : number);
        if (title != null && !title.isEmpty()) sb.append(" \"").append(title).append('"');
        sb.append(", line ").append(line).append(", column ").append(column).append(": ").append(problem);
        return sb.toString();
    }

    /**
     * The tune's {@code X:} reference number as written, or empty when it has none.
     *
     * @return the number, never null
     */
    public String tuneNumber() {
        return tuneNumber;
    }

    /**
     * The tune's first {@code T:} title, or empty.
     *
     * @return the title, never null
     */
    public String title() {
        return title;
    }

    /**
     * 1-based line in the source text.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * 1-based column in that line.
     *
     * @return the column
     */
    public int column() {
        return column;
    }

    /**
     * What was wrong, without the location.
     *
     * @return the problem
     */
    public String problem() {
        return problem;
    }
}
