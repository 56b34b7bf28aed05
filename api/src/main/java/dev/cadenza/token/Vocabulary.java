package dev.cadenza.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Token strings with stable ids (id = position), some of them special (padding, start, end of piece). Saved with the
 * model in the checkpoint, so a model is never sampled with another vocabulary.
 */
public final class Vocabulary {
    /** Conventional special tokens. A vocabulary holds only those a tokenizer puts in it. */
    public static final String PAD = "<pad>", START = "<s>", END = "</s>", UNKNOWN = "<unk>";

    private final List<String> tokens;
    private final List<String> specials;
    private final Map<String, Integer> ids;

    /**
     * @param specials the tokens of {@code tokens} that are special (markers, not music)
     * @param tokens every token, id = position; distinct, not null; copied
     * @throws IllegalArgumentException when a token repeats or a special is not among the tokens
     */
    public Vocabulary(List<String> tokens, List<String> specials) {
        this.tokens = List.copyOf(tokens);
        this.specials = List.copyOf(specials == null ? List.of() : specials);
        this.ids = new HashMap<>();
        for (int i = 0; i < this.tokens.size(); i++) {
            String t = Objects.requireNonNull(this.tokens.get(i), "token " + i);
            if (ids.put(t, i) != null) throw new IllegalArgumentException("vocabulary: token " + quote(t) + " appears twice");
        }
        for (String s : this.specials)
            if (!ids.containsKey(s)) throw new IllegalArgumentException("vocabulary: special token " + quote(s) + " is not in the vocabulary");
    }

    /**
     * A vocabulary without special tokens.
     *
     * @param tokens every token, id = position; distinct; copied
     * @return the vocabulary
     * @throws IllegalArgumentException when a token repeats
     */
    public static Vocabulary of(List<String> tokens) {
        return new Vocabulary(tokens, List.of());
    }

    /**
     * The distinct tokens, sorted (String order), specials first in the given order.
     *
     * @param tokens the tokens seen, duplicates allowed; specials among them are placed first, not twice
     * @param specials the special tokens, given the first ids in this order
     * @return the vocabulary
     */
    public static Vocabulary sorted(Collection<String> tokens, List<String> specials) {
        List<String> all = new ArrayList<>(specials);
        TreeSet<String> rest = new TreeSet<>(tokens);
        rest.removeAll(specials);
        all.addAll(rest);
        return new Vocabulary(all, specials);
    }

    /**
     * The number of tokens, which a softmax model's output width must equal.
     *
     * @return the size
     */
    public int size() {
        return tokens.size();
    }

    /**
     * Every token, id = position.
     *
     * @return an immutable list
     */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * The special tokens (markers, not music), in their given order.
     *
     * @return an immutable list, empty when there are none
     */
    public List<String> specials() {
        return specials;
    }

    /**
     * Whether {@code token} has an id.
     *
     * @param token the token text
     * @return true when it is in the vocabulary
     */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /**
     * Whether the token of {@code id} is special (samplers keep markers out of the music, for instance).
     *
     * @param id a token id
     * @return true for a special token
     * @throws IllegalArgumentException when {@code id} is outside the vocabulary
     */
    public boolean isSpecial(int id) {
        return specials.contains(token(id));
    }

    /**
     * The id of {@code token}; an IllegalArgumentException names the token when it is not in the vocabulary.
     *
     * @param token the token text
     * @return its id
     */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) throw new IllegalArgumentException("token " + quote(token) + " is not in the vocabulary of " + size() + " tokens");
        return id;
    }

    /**
     * The id of {@code token}, or -1.
     *
     * @param token the token text
     * @return its id, or -1 when it is not in the vocabulary
     */
    public int idOrMinusOne(String token) {
        Integer id = ids.get(token);
        return id == null ? -1 : id;
    }

    /**
     * The token of an id.
     *
     * @param id a token id, in {@code [0, size())}
     * @return the token text
     * @throws IllegalArgumentException when {@code id} is outside the vocabulary
     */
    public String token(int id) {
        if (id < 0 || id >= tokens.size())
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary 0.." + (tokens.size() - 1));
        return tokens.get(id);
    }

    /**
     * Checks that {@code ids} are all in range; the message names the position of the first bad id.
     *
     * @param ids token ids
     * @throws IllegalArgumentException when one is outside {@code [0, size())}
     */
    public void check(int[] ids) {
        for (int i = 0; i < ids.length; i++)
            if (ids[i] < 0 || ids[i] >= tokens.size())
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " is outside the vocabulary 0.." + (tokens.size() - 1));
    }

    /**
     * The tokens of {@code ids} joined by {@code separator} (the text form of tokenizers whose tokens are words: note
     * names, grammar values, events); ids outside the vocabulary are refused as {@link #check} does.
     *
     * @param ids token ids
     * @param separator put between tokens, e.g. a space
     * @return the joined text
     * @throws IllegalArgumentException when an id is outside the vocabulary
     */
    public String join(int[] ids, String separator) {
        check(ids);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) sb.append(separator);
            sb.append(tokens.get(ids[i]));
        }
        return sb.toString();
    }

    static String quote(String s) {
        return "'" + s.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens) && v.specials.equals(specials);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary(" + size() + " tokens)";
    }
}
