package dev.cadenza.formats.abc;

import dev.cadenza.testkit.MusicFixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever the text, the reader answers with a score or an {@link AbcParseException} that names a line and column
 * inside the tune: never another exception, an error, or a hang. Damaged tunes, numbers of any length, random bytes
 * and deep nesting, for a fixed time (a fixed seed, so a failure names the input that caused it).
 */
class AbcReaderFuzzTest {
    /** Time budget; {@code -Dcadenza.fuzz.seconds=N} runs longer (the inputs are the same sequence, just more of it). */
    private static final long BUDGET_NANOS = Long.getLong("cadenza.fuzz.seconds", 6) * 1_000_000_000L;

    /** Seeds: the fixture tunes, and tunes written here with voices, overlays and the rarer ABC 2.1 constructs. */
    static List<String> seeds() {
        List<String> seeds = new ArrayList<>(MusicFixtures.abcTunes());
        seeds.add("X:5\nT:Two voices\nM:3/4\nL:1/8\n%%score (S A) B\nV:S clef=treble name=\"Soprano\"\nV:A\nV:B clef=bass\nK:Gm\n"
                + "[V:S] d2 B2 G2 | ^F4 z2 |]\n[V:A] B,2 D2 D2 | D4 z2 |]\n[V:B] G,,2 G,2 B,,2 & D,6 | D,4 z2 |]\n");
        seeds.add("X:6\nT:Rarer constructs\nM:(2+3)/8\nL:1/16\nQ:\"Allegro\" 1/4=ca. 120\nK:D exp ^f ^c\n"
                + "!+!A2 !trill(!B2!trill)! {/g}c4 ^/d2 _3/2e2 | [K:bass3] T~A4 (3:2:3ABc y J[] Z2 | [1 A2B2c6 :|[2 A10 |]\n"
                + "%%begintext\nsome text (3 [ ! \" that is not music\n%%endtext\nw: la la\n");
        return seeds;
    }

    private static final String ABC_CHARS = "\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
            + "abcdefghijklmnopqrstuvwxyz{|}~";
    private static final String[] FRAGMENTS = {"[K:", "[M:", "[L:", "[V:", "[Q:", "[P:", "V:", "K:", "M:", "L:", "Q:",
            "&", "(&", "&)", "|:", ":|", "::", "[1", "|2", "(3", "(3:2:", "{", "}", "[", "]", "!", "+", "\"", "%%",
            "^/", "_3/2", "z", "Z", "X", ">>>", "<", "-", "T", "~", "\\\n", "\n", "P:", "w:", "%%begintext\n",
            "%%endtext\n", "%%score (1 2) 3\n", "%%MIDI program 73\n", "clef=bass", "transpose=-2", "octave=-1",
            "y", "J", "[]", "U:W=!fermata!\n", "I:score 1 2\n"};

    @Test
    void everyInputReadsOrFailsWithAPlace() {
        List<String> seeds = seeds();
        Random random = new Random(20270115);
        long deadline = System.nanoTime() + BUDGET_NANOS;
        int tried = 0, read = 0, refused = 0;
        while (System.nanoTime() < deadline) {
            String text = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                AbcReader.readWithWarnings(AbcReader.splitTunes(text).isEmpty() ? new AbcTune("", "", 1, text)
                        : AbcReader.splitTunes(text).get(0), "fuzz");
                read++;
            } catch (AbcParseException e) {
                // Lines as the reader counts them: a lone carriage return (old Mac files) ends a line too.
                int lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1).length;
                assertTrue(e.line() >= 1 && e.line() <= lines && e.column() >= 1, () -> e.getMessage() + "\n" + text);
                refused++;
            } catch (Throwable t) {
                fail("the reader threw " + t + " instead of an AbcParseException on:\n" + text, t);
            }
            tried++;
        }
        assertTrue(tried > 500 && read > 50 && refused > 50, tried + " tried, " + read + " read, " + refused + " refused");
    }

    /** One of the kinds of damage, applied once or a few times. */
    static String mutate(String seed, Random random) {
        StringBuilder t = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = t.length() == 0 ? 0 : random.nextInt(t.length() + 1);
            switch (random.nextInt(9)) {
                case 0 -> { if (at < t.length()) t.setCharAt(at, ABC_CHARS.charAt(random.nextInt(ABC_CHARS.length()))); }
                case 1 -> t.insert(at, ABC_CHARS.charAt(random.nextInt(ABC_CHARS.length())));
                case 2 -> { if (at < t.length()) t.deleteCharAt(at); }
                case 3 -> t.insert(at, digits(random, 1 + random.nextInt(random.nextBoolean() ? 12 : 60)));
                case 4 -> t.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                case 5 -> { // deep nesting or a very long run of one construct
                    String unit = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
                    t.insert(at, unit.repeat(1 + random.nextInt(random.nextBoolean() ? 50 : 5000)));
                }
                case 6 -> { // random bytes, read as Latin-1 or UTF-8 text
                    byte[] b = new byte[1 + random.nextInt(40)];
                    random.nextBytes(b);
                    t.insert(at, new String(b, random.nextBoolean() ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
                }
                case 7 -> { // a field value of any length
                    String field = "MLQKV".charAt(random.nextInt(5)) + ":";
                    String value = random.nextBoolean() ? digits(random, 30) + "/" + digits(random, 30)
                            : "1/4 ".repeat(random.nextInt(3000)) + "=" + digits(random, 5);
                    t.insert(at, "\n" + field + value + "\n");
                }
                default -> { // a line from elsewhere in the tune, twice
                    String[] lines = t.toString().split("\n");
                    String line = lines[random.nextInt(lines.length)];
                    t.insert(at, "\n" + line + "\n" + line + "\n");
                }
            }
        }
        return t.toString();
    }

    private static String digits(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('0' + random.nextInt(10)));
        return sb.toString();
    }
}
