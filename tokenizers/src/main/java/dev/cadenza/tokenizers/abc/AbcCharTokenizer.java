package dev.cadenza.tokenizers.abc;

import dev.cadenza.formats.abc.AbcParseException;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.abc.AbcTune;
import dev.cadenza.music.Score;
import dev.cadenza.spi.Options;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The characters of ABC tune text, one token per character (SYSTEMS.md S1, the MIT folk-tune lab). Items are the
 * texts of single tunes, as {@link #splitTunes(String)} cuts them from a book; for training, the tunes are joined with
 * {@link #TUNE_SEPARATOR} ({@link #joinTunes(List)}) as the lab does, so a blank line means "end of tune".
 * <p>
 * Option {@code order}: {@code frequency} (default, as the seed: most frequent character first, ties in character
 * order) or {@code sorted} (character order, the lab's {@code sorted(set(text))}). The vocabulary has no special
 * tokens: every id is one character.
 */
public final class AbcCharTokenizer implements Tokenizer<String> {
    /** The provider name, saved in checkpoints. */
    public static final String NAME = "abc-char";
    /** What separates tunes in the joined training text, and ends a tune in generated text. */
    public static final String TUNE_SEPARATOR = "\n\n";
    private static final String SOURCE = "generated ABC text";

    /** Vocabulary order. */
    public enum Order {
        /** Most frequent character first; ties in character order. */
        FREQUENCY,
        /** Character (code point) order. */
        SORTED
    }

    private final Order order;
    private final Vocabulary vocabulary;
    private final Map<Integer, Integer> ids = new HashMap<>();

    private AbcCharTokenizer(Order order, Vocabulary vocabulary) {
        this.order = order;
        this.vocabulary = vocabulary;
        for (int i = 0; i < vocabulary.size(); i++) {
            String t = vocabulary.token(i);
            if (t.isEmpty() || t.codePointCount(0, t.length()) != 1)
                throw new IllegalArgumentException(NAME + ": vocabulary token " + i + " '" + t + "' is not a single character");
            ids.put(t.codePointAt(0), i);
        }
        if (!vocabulary.specials().isEmpty())
            throw new IllegalArgumentException(NAME + ": the vocabulary must not have special tokens, has " + vocabulary.specials());
    }

    /**
     * Fits the vocabulary to the characters of {@code tunes} joined as for training, in the given order.
     *
     * @param tunes the tune texts, as {@link #splitTunes} gives them
     * @param order the vocabulary order
     * @return the tokenizer
     * @throws IllegalArgumentException when the tunes hold no character
     */
    public static AbcCharTokenizer fit(Collection<String> tunes, Order order) {
        String text = joinTunes(new ArrayList<>(tunes));
        Map<Integer, Long> counts = new TreeMap<>();
        text.codePoints().forEach(c -> counts.merge(c, 1L, Long::sum));
        return fromCodePointCounts(counts, order);
    }

    /**
     * The tokenizer {@link #fit(Collection, Order)} builds, from the count of each character over the tunes (each
     * token string one character, as {@link #tokenStrings} gives them) and the number of tunes: the blank lines that
     * join the tunes for training ({@code 2 (tunes - 1)} newlines) are counted here.
     *
     * @param counts occurrences of each single-character token string
     * @param tunes the number of tunes counted
     * @param order the vocabulary order
     * @return the tokenizer
     * @throws IllegalArgumentException when a token is not one character, a count is negative, or nothing was counted
     */
    public static AbcCharTokenizer fromCounts(Map<String, Long> counts, long tunes, Order order) {
        Map<Integer, Long> byCodePoint = new TreeMap<>();
        counts.forEach((token, n) -> {
            if (token.isEmpty() || token.codePointCount(0, token.length()) != 1)
                throw new IllegalArgumentException(NAME + ": counted token '" + token + "' is not a single character");
            if (n < 0) throw new IllegalArgumentException(NAME + ": token '" + token + "' is counted " + n + " times");
            if (n > 0) byCodePoint.merge(token.codePointAt(0), n, Long::sum);
        });
        long joints = Math.max(0, tunes - 1) * TUNE_SEPARATOR.length();
        if (joints > 0) byCodePoint.merge((int) '\n', joints, Long::sum);
        return fromCodePointCounts(byCodePoint, order);
    }

    /**
     * The characters of one tune text, one string each: what {@link #encode} looks up.
     *
     * @param tune one tune's text
     * @return one string per code point, in order
     */
    public static List<String> tokenStrings(String tune) {
        List<String> out = new ArrayList<>(tune.length());
        tune.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        return out;
    }

    private static AbcCharTokenizer fromCodePointCounts(Map<Integer, Long> counts, Order order) {
        List<Integer> chars = new ArrayList<>(counts.keySet());
        if (order == Order.FREQUENCY)
            chars.sort(Comparator.comparing((Integer c) -> -counts.get(c)).thenComparing(c -> c));
        List<String> tokens = new ArrayList<>(chars.size());
        for (int c : chars) tokens.add(new String(Character.toChars(c)));
        if (tokens.isEmpty()) throw new IllegalArgumentException(NAME + ": the corpus has no characters");
        return new AbcCharTokenizer(order, Vocabulary.of(tokens));
    }

    /**
     * As {@link #fit(Collection, Order)}, with the order in string form ({@code order=frequency|sorted}).
     *
     * @param tunes the tune texts
     * @param options {@code order=frequency} (the default) or {@code order=sorted}
     * @return the tokenizer
     * @throws IllegalArgumentException when an option is unknown or malformed, or the tunes hold no character
     */
    public static AbcCharTokenizer fit(Collection<String> tunes, Options options) {
        return fit(tunes, order(options));
    }

    /**
     * Recreates a tokenizer saved with a model from its config and vocabulary.
     *
     * @param config the saved options
     * @param vocabulary the saved vocabulary
     * @return the tokenizer
     * @throws IllegalArgumentException when the config holds an unknown or malformed option
     */
    public static AbcCharTokenizer restore(Map<String, String> config, Vocabulary vocabulary) {
        return new AbcCharTokenizer(order(Options.of(config)), vocabulary);
    }

    /** The order option in its string form ({@code order=frequency|sorted}); unknown options are refused, naming them. */
    static Order order(Options options) {
        String v = options.readBy("tokenizer '" + NAME + "'", Set.of("order")).choice("order", "frequency", Set.of("frequency", "sorted"));
        return v.equals("sorted") ? Order.SORTED : Order.FREQUENCY;
    }

    /**
     * Cuts a tune book (or generated text) into tune texts: a tune starts at an {@code X:} line and ends before the
     * next one; blank lines inside a tune (irish.abc has two tunes with one, and three newlines in a row in twelve
     * places) are dropped, so that in the joined text a blank line only ever separates tunes. Text before the first
     * {@code X:} line is not a tune. irish.abc gives its 804 tunes.
     *
     * @param text a tune book or generated text
     * @return the tune texts, without blank lines, in order
     */
    public static List<String> splitTunes(String text) {
        List<String> tunes = new ArrayList<>();
        for (AbcTune t : AbcReader.splitTunes(text)) tunes.add(withoutBlankLines(t.text()));
        return tunes;
    }

    private static String withoutBlankLines(String tune) {
        StringBuilder sb = new StringBuilder(tune.length());
        for (String line : tune.split("\n", -1)) {
            if (line.isBlank()) continue;
            if (sb.length() > 0) sb.append('\n');
            sb.append(line);
        }
        return sb.toString();
    }

    /**
     * The finished tunes of generated text: a text that does not end with a blank line stopped inside its last tune
     * (generation ran out of length, the tune was not written badly), so that tune is left out.
     *
     * @param text generated text
     * @return the tunes that ended with a blank line
     */
    public static List<String> completeTunes(String text) {
        List<String> tunes = splitTunes(text);
        if (!tunes.isEmpty() && !text.endsWith(TUNE_SEPARATOR)) return tunes.subList(0, tunes.size() - 1);
        return tunes;
    }

    /**
     * The training text: the tunes joined with {@link #TUNE_SEPARATOR}, as the lab joins them.
     *
     * @param tunes the tune texts
     * @return the joined text
     */
    public static String joinTunes(List<String> tunes) {
        return String.join(TUNE_SEPARATOR, tunes);
    }

    /**
     * The vocabulary order this tokenizer was fitted with.
     *
     * @return the order
     */
    public Order order() {
        return order;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, String> config() {
        return Map.of("order", order.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public Class<String> itemType() {
        return String.class;
    }

    /** The ids of the characters of {@code text}; a character outside the vocabulary is named with its position. */
    @Override
    public int[] encode(String text) {
        int[] out = new int[text.codePointCount(0, text.length())];
        int n = 0;
        int line = 1, column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            Integer id = ids.get(c);
            if (id == null)
                throw new IllegalArgumentException(NAME + ": character " + describe(c) + " at position " + n + " (line " + line
                        + ", column " + column + ") is not in the vocabulary of " + vocabulary.size() + " characters");
            out[n++] = id;
            if (c == '\n') {
                line++;
                column = 1;
            } else column++;
            i += Character.charCount(c);
        }
        return out;
    }

    /**
     * Encodes the tunes joined as for training.
     *
     * @param tunes the tune texts
     * @return the ids of the joined text
     * @throws IllegalArgumentException when a character is outside the vocabulary
     */
    public int[] encodeTunes(List<String> tunes) {
        return encode(joinTunes(tunes));
    }

    private static String describe(int c) {
        String shown = switch (c) {
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            default -> Character.isISOControl(c) ? "" : new String(Character.toChars(c));
        };
        return "'" + shown + "' (U+" + String.format("%04X", c) + ")";
    }

    @Override
    public String decodeText(int[] ids) {
        return vocabulary.join(ids, "");
    }

    /**
     * The first tune of the decoded text, read by {@link AbcReader}. Text that is not a valid tune is an
     * {@link IllegalArgumentException} giving the token position, line and column, with the reader's reason.
     */
    @Override
    public Score decodeScore(int[] ids) {
        String text = decodeText(ids);
        List<AbcTune> tunes = AbcReader.splitTunes(text);
        if (tunes.isEmpty())
            throw new IllegalArgumentException(NAME + ": the " + ids.length + " tokens hold no tune (no X: line and no K: field)");
        AbcTune first = tunes.get(0);
        try {
            return AbcReader.read(first, SOURCE);
        } catch (AbcParseException e) {
            throw new IllegalArgumentException(NAME + ": tokens do not form a tune at position "
                    + position(text, e.line(), e.column()) + " (line " + e.line() + ", column " + e.column() + "): " + e.problem(), e);
        }
    }

    /** Code-point offset of a 1-based line and column in {@code text}. */
    private static int position(String text, int line, int column) {
        int l = 1, i = 0;
        while (l < line && i < text.length()) {
            if (text.charAt(i) == '\n') l++;
            i++;
        }
        int at = Math.min(text.length(), i + column - 1);
        return text.codePointCount(0, at);
    }

    /**
     * Splits generated tokens into tunes and reads each: how many parse, and why the others do not.
     *
     * @param ids generated token ids
     * @return the report
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    public AbcParseReport countParsable(int[] ids) {
        return countParsable(decodeText(ids));
    }

    /**
     * Splits a generated text into tunes at {@code X:} lines and reads each; a tune parses when it reads without
     * error and holds at least one note. Tokenizer-independent, so it also serves text from other sources.
     *
     * @param text a generated ABC text
     * @return the report
     */
    public static AbcParseReport countParsable(String text) {
        List<AbcTune> tunes = AbcReader.splitTunes(text);
        List<AbcParseReport.Failure> failures = new ArrayList<>();
        int parsed = 0;
        for (int i = 0; i < tunes.size(); i++) {
            AbcTune t = tunes.get(i);
            try {
                Score s = AbcReader.read(t, SOURCE);
                if (s.noteCount() > 0) parsed++;
                else failures.add(new AbcParseReport.Failure(i, t.number(), t.title(), "the tune has no notes"));
            } catch (AbcParseException e) {
                failures.add(new AbcParseReport.Failure(i, t.number(), t.title(), e.getMessage()));
            } catch (RuntimeException e) {
                // a generated tune may hit an edge the reader rejects in another way; it still counts as not parsed
                failures.add(new AbcParseReport.Failure(i, t.number(), t.title(), e.toString()));
            }
        }
        return new AbcParseReport(tunes.size(), parsed, failures);
    }
}
