package dev.cadenza.samplers;

import dev.cadenza.corpus.Corpus;
import dev.cadenza.formats.abc.AbcParseException;
import dev.cadenza.formats.abc.AbcReader;
import dev.cadenza.formats.abc.AbcTune;
import dev.cadenza.testkit.RealCorpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One language, two grammars: the sampler's {@link AbcSyntax} and the formats module's ABC reader must agree on the
 * irish.abc dialect, so that a change to one is not forgotten in the other. Every tune the syntax accepts reads; every
 * tune the reader reads is accepted by the syntax, except where the syntax is stricter on purpose, for the reasons
 * listed here (each exception is recognised from the text, and any other refusal fails the test).
 */
class AbcSyntaxAgainstReaderTest {
    /** The syntax keeps abc2midi's rule that a section repeated with a plain :| may not open a [1 ending. */
    static final String ENDING_AFTER_REPEAT = "[1 after a plain :| in the same section (abc2midi: \"found [1 or like before |:\")";
    static final String QUOTED_TEXT = "quoted text (\"Verse\"): the syntax leaves annotations out of generated tunes";
    static final String FIELD_WITH_MUSIC = "music after an M: or L: value on its line, or an unbracketed M: in a music line";
    static final String BLANK_LINE = "a blank line inside the tune: for the syntax, a blank line ends the tune";
    static final String SPACES = "two spaces in a row, or a space before a line-end '!': the syntax allows one space between elements";
    static final String TIE_ACROSS_BAR = "a tie across a bar line, or to another written pitch: the syntax keeps ties in their bar"
            + " and to the same note as written, which abc2midi needs";
    static final String BROKEN_RHYTHM = "a broken rhythm between notes of different written lengths, or after a tuplet note:"
            + " abc2midi misplays them, so the syntax does not write them";
    static final String HEADER_ORDER = "header fields in another order or repeated (the syntax writes X T Z R M L K once each)";
    static final String OTHER_VALUE = "a header value the syntax does not offer (a meter, length or key outside its lists)";
    static final String ENDINGS = "an ending the syntax does not write: [2 without [1, a first ending not closed by :|, or"
            + " endings left open at the end";
    static final String BAR_AFTER_BAR = "a bar line right after another across a line end (|!\\n|]): the syntax writes"
            + " one bar line, || or |], never an empty bar";
    static final String UNKNOWN = "UNKNOWN";

    /** Why the syntax refuses a tune the reader reads: recognised from the text at and before the refused character. */
    static String cause(String tune, int at) {
        String before = tune.substring(0, at), line = before.substring(before.lastIndexOf('\n') + 1);
        char c = tune.charAt(at);
        if (c == '"' || tune.substring(0, Math.min(tune.length(), at + 1)).contains("\"")) return QUOTED_TEXT;
        if (c == '\n' && before.endsWith("\n")) return BLANK_LINE;
        if (Pattern.compile("^[ML]:\\S+[ \\t]").matcher(line + c).find() || (c == 'M' && at + 1 < tune.length() && tune.charAt(at + 1) == ':'
                && !line.isEmpty())) return FIELD_WITH_MUSIC;
        if (!line.contains(":") || line.startsWith("K:") || line.startsWith("M:")) {
            if (line.matches("[A-Za-z]:.*") && !line.startsWith("K:") && !line.startsWith("M:") || (line.isEmpty() && c != 'X'
                    && Character.isLetter(c) && at + 1 < tune.length() && tune.charAt(at + 1) == ':' && !before.contains("\nK:")))
                return HEADER_ORDER;
        }
        if (line.matches("[XTZRMLK]:.*")) return line.matches("[TZR]:.*") ? HEADER_ORDER : OTHER_VALUE;
        if (line.isEmpty() && Character.isLetter(c) && at + 1 < tune.length() && tune.charAt(at + 1) == ':') return HEADER_ORDER;
        if (c == ' ' && (before.endsWith(" ") || tune.startsWith(" !", at) || tune.startsWith(" \n", at))) return SPACES;
        if (c == '!' && before.endsWith(" ")) return SPACES;
        String body = before.substring(before.indexOf("\nK:") + 1);
        if (c == '|' && before.replaceAll("[!\\s]+$", "").endsWith("|")) return BAR_AFTER_BAR;
        if (c == '[' && at + 1 < tune.length() && Character.isDigit(tune.charAt(at + 1))) {
            if (Pattern.compile(":\\|(?![0-9])").matcher(body.substring(Math.max(0, lastSectionStart(body)))).find()) return ENDING_AFTER_REPEAT;
            return ENDINGS;
        }
        if (Pattern.compile("-[^A-Ga-g]*$").matcher(before).find() || before.matches("(?s).*-\\s*\\|?\\s*$")) return TIE_ACROSS_BAR;
        if (Pattern.compile("[<>][^|]{0,8}$").matcher(before).find() && (Character.isDigit(c) || c == '/' || isNote(c) || c == ' ' || c == '|'))
            return BROKEN_RHYTHM;
        if ((c == '<' || c == '>') && Pattern.compile("\\([0-9][^|]*$").matcher(before).find()) return BROKEN_RHYTHM;
        if (c == '\n' || c == '|' || c == ':' || c == '[' || c == ']') {
            if (Pattern.compile("\\[[12]|:\\|[12]").matcher(body).find()) return ENDINGS;
        }
        return UNKNOWN;
    }

    private static boolean isNote(char c) {
        return (c >= 'A' && c <= 'G') || (c >= 'a' && c <= 'g') || c == 'z' || c == '^' || c == '_' || c == '=';
    }

    /** Where the section the refused character is in began: after the last || |] or |: of the body before it. */
    private static int lastSectionStart(String body) {
        int at = Math.max(body.lastIndexOf("||"), Math.max(body.lastIndexOf("|]"), body.lastIndexOf("|:")));
        return at < 0 ? 0 : at + 2;
    }

    /** Without the corpus: tunes walked at random through the syntax (the sampler's worst case) all read. */
    @Test
    void everyTuneTheSyntaxLetsTheSamplerWriteReads() throws Exception {
        String alphabet = "\n !\"#'(),-./0123456789:<=>ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz|";
        dev.cadenza.model.SeededRandom random = new dev.cadenza.model.SeededRandom(17);
        List<String> refused = new ArrayList<>();
        for (int walk = 0; walk < 300; walk++) {
            AbcSyntax s = new AbcSyntax(40 + random.nextInt(400), 30);
            StringBuilder text = new StringBuilder();
            s.accept('X');
            text.append('X');
            while (!s.betweenTunes()) {
                List<Character> allowed = new ArrayList<>();
                for (char c : alphabet.toCharArray()) if (s.allows(c)) allowed.add(c);
                char c = allowed.get(random.nextInt(allowed.size()));
                s.accept(c);
                text.append(c);
            }
            try {
                AbcReader.read(text.toString(), "walk " + walk);
            } catch (AbcParseException e) {
                refused.add(e.getMessage() + "\n" + text);
            }
        }
        assertEquals(List.of(), refused);
    }

    @Test
    void theSamplerSyntaxAndTheReaderAgreeOnIrishAbc() throws Exception {
        List<AbcTune> tunes = AbcReader.splitTunes(RealCorpus.require(Corpus.IRISH).irishAbc());
        assertEquals(804, tunes.size());
        int accepted = 0, read = 0;
        List<String> acceptedButNotRead = new ArrayList<>(), unknown = new ArrayList<>();
        Map<String, Integer> causes = new TreeMap<>();
        for (AbcTune tune : tunes) {
            String text = tune.text().strip() + "\n\n";
            AbcSyntax syntax = new AbcSyntax(10_000, 200);
            int at = AbcSyntaxTest.firstRefused(syntax, text);
            boolean syntaxAccepts = at < 0 && syntax.betweenTunes();
            boolean readerReads;
            try {
                AbcReader.read(tune, "irish.abc");
                readerReads = true;
            } catch (AbcParseException e) {
                readerReads = false;
            }
            if (syntaxAccepts) accepted++;
            if (readerReads) read++;
            if (syntaxAccepts && !readerReads) acceptedButNotRead.add(tune.title());
            if (readerReads && !syntaxAccepts) {
                String cause = at < 0 ? ENDINGS : cause(text, at);
                causes.merge(cause, 1, Integer::sum);
                if (cause.equals(UNKNOWN))
                    unknown.add(tune.number() + " " + tune.title() + " at " + at + ": ..."
                            + text.substring(Math.max(0, at - 40), Math.min(text.length(), at + 1)).replace("\n", "\\n"));
            }
        }
        StringBuilder summary = new StringBuilder(String.format(
                "irish.abc: the sampler syntax accepts %d of %d tunes, the reader reads %d; the reader reads and the syntax refuses:%n",
                accepted, tunes.size(), read));
        causes.forEach((c, n) -> summary.append("  ").append(n).append(" x ").append(c).append('\n'));
        System.out.print(summary);
        assertEquals(List.of(), acceptedButNotRead, "the syntax lets the sampler write tunes the reader refuses");
        assertEquals(List.of(), unknown, "the reader reads tunes the syntax refuses for no listed reason:\n" + summary);
        assertTrue(accepted >= 0.9 * tunes.size(), summary.toString());
    }
}
