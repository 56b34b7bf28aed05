package dev.cadenza.tokenizers.harmony;

/**
 * Reads chord symbols as lead sheets and ABC tune books write them into {@link Chord}s, in the common spellings and
 * in jukedeck's cleaned Nottingham spellings:
 * <ul>
 *   <li>root {@code A..G} with {@code #} or {@code b}: {@code G}, {@code F#}, {@code Bb};</li>
 *   <li>triad: major (nothing, {@code maj}, {@code M}), minor ({@code m}, {@code min}, {@code mi}, {@code -}),
 *       diminished ({@code dim}, {@code o}, jukedeck's {@code d}: {@code Cd}), augmented ({@code aug}, {@code +},
 *       jukedeck's {@code a}: {@code Ca}, {@code Fa7}), suspended ({@code sus}, {@code sus4}, {@code sus2});</li>
 *   <li>extensions and alterations, in any order: {@code 7} (a diminished seventh on a diminished triad), {@code maj7}
 *       / {@code M7}, {@code 6}, {@code 9}, {@code 11}, {@code 13}, {@code b5}, {@code #5}, {@code b9}, {@code #9},
 *       {@code #11}, {@code b13}, {@code add9}, {@code add2}, {@code add4}, {@code add11};</li>
 *   <li>a bass after {@code /}, in either case, with {@code #}, {@code b} or jukedeck's {@code +} (sharp) and
 *       {@code -} (flat): {@code C/e}, {@code D/f+}, {@code Gm/bb}, {@code D/F#};</li>
 *   <li>an optional chord in parentheses ({@code (E7)}) is read as the chord; spaces are ignored ({@code "D m"}).</li>
 * </ul>
 * The bass sounds: it is added to the pitch classes. {@link Chord#symbol()} is the symbol in the common spelling
 * ({@code Cd} becomes {@code Cdim}, {@code D/f+} becomes {@code D/F#}), which MusicXML harmony, abc2midi and abcm2ps
 * read. Stateless.
 */
public final class ChordSymbol {
    private ChordSymbol() {}

    /**
     * The chord a symbol names.
     *
     * @throws IllegalArgumentException naming the symbol, the position and what was expected there
     * @param text a chord symbol, e.g. "G", "D7", "F#m7b5", "D/F#"; spaces and surrounding parentheses are ignored
     * @return the chord
     */
    public static Chord parse(String text) {
        if (text == null) throw new IllegalArgumentException("chord symbol: null");
        String s = text.replace(" ", "");
        if (s.length() > 2 && s.startsWith("(") && s.endsWith(")")) s = s.substring(1, s.length() - 1);
        Reader r = new Reader(text, s);
        int root = r.letter(true);
        boolean flatRoot = false;
        if (r.peek('#')) root = (root + 1) % 12;
        else if (r.peek('b')) {
            root = (root + 11) % 12;
            flatRoot = true;
        }
        int triad; // intervals of the triad above the root
        String quality;
        boolean diminished = false, sevenMajor = false;
        if (r.take("maj7") || r.take("M7") || r.take("Maj7")) {
            triad = Chord.mask(0, 4, 7, 11);
            quality = "maj7";
            sevenMajor = true;
        } else if (r.take("maj9") || r.take("M9")) {
            triad = Chord.mask(0, 4, 7, 11, 2);
            quality = "maj9";
            sevenMajor = true;
        } else if (r.take("maj") || (r.at('M') && r.take("M"))) {
            triad = Chord.mask(0, 4, 7);
            quality = "";
        } else if (r.take("min") || r.take("mi") || r.take("m") || r.take("-")) {
            triad = Chord.mask(0, 3, 7);
            quality = "m";
            if (r.take("Maj7") || r.take("maj7") || r.take("M7")) {
                triad |= 1 << 11;
                quality = "mMaj7";
                sevenMajor = true;
            }
        } else if (r.take("dim") || r.take("o") || (r.atQualityLetter('d') && r.take("d"))) {
            triad = Chord.mask(0, 3, 6);
            quality = "dim";
            diminished = true;
        } else if (r.take("aug") || r.take("+") || (r.atQualityLetter('a') && r.take("a"))) {
            triad = Chord.mask(0, 4, 8);
            quality = "aug";
        } else {
            triad = Chord.mask(0, 4, 7);
            quality = "";
        }
        StringBuilder extensions = new StringBuilder();
        int intervals = triad;
        while (r.more() && !r.at('/')) {
            if (r.take("7")) {
                if (sevenMajor) throw r.error("a second seventh");
                intervals |= 1 << (diminished ? 9 : 10);
                extensions.append('7');
            } else if (r.take("maj7") || r.take("M7")) {
                intervals |= 1 << 11;
                extensions.append("maj7");
            } else if (r.take("6")) {
                intervals |= 1 << 9;
                extensions.append('6');
            } else if (r.take("9")) {
                intervals |= 1 << 2 | (sevenMajor || diminished ? 0 : 1 << 10);
                extensions.append('9');
            } else if (r.take("11")) {
                intervals |= 1 << 5 | 1 << 2 | (sevenMajor ? 0 : 1 << 10);
                extensions.append("11");
            } else if (r.take("13")) {
                intervals |= 1 << 9 | 1 << 2 | (sevenMajor ? 0 : 1 << 10);
                extensions.append("13");
            } else if (r.take("b5") || r.take("-5")) {
                intervals = intervals & ~(1 << 7) | 1 << 6;
                extensions.append("b5");
            } else if (r.take("#5") || r.take("+5")) {
                intervals = intervals & ~(1 << 7) | 1 << 8;
                extensions.append("#5");
            } else if (r.take("b9") || r.take("-9")) {
                intervals |= 1 << 1;
                extensions.append("b9");
            } else if (r.take("#9") || r.take("+9")) {
                intervals |= 1 << 3;
                extensions.append("#9");
            } else if (r.take("#11") || r.take("+11")) {
                intervals |= 1 << 6;
                extensions.append("#11");
            } else if (r.take("b13") || r.take("-13")) {
                intervals |= 1 << 8;
                extensions.append("b13");
            } else if (r.take("add9") || r.take("add2")) {
                intervals |= 1 << 2;
                extensions.append("add9");
            } else if (r.take("add11") || r.take("add4")) {
                intervals |= 1 << 5;
                extensions.append("add11");
            } else if (r.take("sus4") || r.take("sus")) {
                intervals = intervals & ~(1 << 3 | 1 << 4) | 1 << 5;
                extensions.append("sus4");
            } else if (r.take("sus2")) {
                intervals = intervals & ~(1 << 3 | 1 << 4) | 1 << 2;
                extensions.append("sus2");
            } else {
                throw r.error("an extension (7, maj7, 6, 9, 11, 13, b5, #5, b9, #9, #11, b13, add9, sus4, sus2) or '/' and a bass");
            }
        }
        int bass = root;
        boolean flatBass = flatRoot;
        if (r.take("/")) {
            bass = r.letter(false);
            if (r.peek('#') || r.peek('+')) {
                bass = (bass + 1) % 12;
                flatBass = false;
            } else if (r.peek('b') || r.peek('-')) {
                bass = (bass + 11) % 12;
                flatBass = true;
            } else {
                flatBass = false;
            }
            if (r.more()) throw r.error("the end of the symbol after the bass");
        }
        int set = 0;
        for (int i = 0; i < 12; i++) if ((intervals >> i & 1) != 0) set |= 1 << (root + i) % 12;
        set |= 1 << bass;
        String symbol = Chord.pitchClassName(root, flatRoot) + quality + extensions
                + (bass == root ? "" : "/" + Chord.pitchClassName(bass, flatBass));
        return new Chord(root, set, bass, symbol);
    }

    /**
     * Whether {@code text} reads as a chord symbol.
     *
     * @param text any text
     * @return true when {@link #parse} accepts it
     */
    public static boolean isChordSymbol(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A cursor over the symbol, with errors that name the symbol and the position. */
    private static final class Reader {
        private final String original, s;
        private int at;

        Reader(String original, String s) {
            this.original = original;
            this.s = s;
        }

        boolean more() {
            return at < s.length();
        }

        boolean at(char c) {
            return at < s.length() && s.charAt(at) == c;
        }

        /** Jukedeck's one-letter qualities 'd' and 'a' are qualities, not the start of "add" or a bass letter. */
        boolean atQualityLetter(char c) {
            return at(c) && !s.startsWith("add", at);
        }

        boolean peek(char c) {
            if (!at(c)) return false;
            at++;
            return true;
        }

        boolean take(String word) {
            if (!s.startsWith(word, at)) return false;
            at += word.length();
            return true;
        }

        int letter(boolean root) {
            if (!more()) throw error(root ? "a root letter A..G" : "a bass letter A..G or a..g");
            char c = s.charAt(at);
            char upper = Character.toUpperCase(c);
            if (upper < 'A' || upper > 'G' || (root && c != upper)) throw error(root ? "a root letter A..G" : "a bass letter A..G or a..g");
            at++;
            return new int[] {9, 11, 0, 2, 4, 5, 7}[upper - 'A'];
        }

        IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("chord symbol '" + original + "': expected " + expected + " at character " + (at + 1)
                    + (more() ? " ('" + s.charAt(at) + "')" : " (the end)"));
        }
    }
}
