package dev.cadenza.generate;

import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Input;
import dev.cadenza.model.Loss;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.token.Tokenizer;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Generates tokens from a softmax model one at a time with its state kept (never by re-running a window): the primer
 * is fed once, then each sampled token is fed back. Several samples run as one batch; row i uses the random stream
 * {@code seed + i}, so a seed reproduces every piece, whatever the number of samples. For a model whose input takes a
 * conditioning vector beside each token, {@link #conditioning(Conditioning)} gives the vector of every step (a chord
 * chart); for a model that reads float features, {@link #features(TokenFeatures)} says how a token becomes features.
 * <p>
 * Configure, then call {@link #generate()}; a configured generator may generate from several threads at once (each
 * call has its own state, random streams and sampler memory).
 */
public final class Generator {
    private final SequenceModel model;
    private Sampler sampler;
    private Vocabulary vocabulary;
    private Tokenizer<?> tokenizer;
    private int[] primer = new int[0];
    private int length = 100;
    private int stopToken = -1;
    private long seed = 0;
    private final List<TokenListener> listeners = new ArrayList<>();
    private TokenFeatures features;
    private Conditioning conditioning;

    /** How a model with float-feature input reads a token (seed 004 feeds id / vocabulary size). */
    @FunctionalInterface
    public interface TokenFeatures {
        /**
         * Writes the features of {@code token} into {@code out[offset, offset + width)}.
         *
         * @param token the vocabulary id fed
         * @param out the batch's feature array
         * @param offset where this row's features start; {@code width} floats from there are this token's
         */
        void encode(int token, float[] out, int offset);

        /**
         * The seed's encoding: one feature, id / vocabularySize.
         *
         * @param vocabularySize the divisor, the vocabulary's size
         * @return the encoding
         */
        static TokenFeatures scaled(int vocabularySize) {
            return (token, out, offset) -> out[offset] = (float) token / vocabularySize;
        }
    }

    private Generator(SequenceModel model) {
        this.model = Objects.requireNonNull(model, "model");
        if (model.spec().loss() != Loss.SOFTMAX_CROSS_ENTROPY)
            throw new IllegalArgumentException("Generator draws one token per step from a softmax model; this model's loss is "
                    + model.spec().loss() + (model.spec().input() instanceof Input.MultiHot ? " (use FrameGenerator for multi-hot frames)" : ""));
    }

    /**
     * A generator for a softmax model, with the defaults: 100 tokens, no stop token, seed 0.
     *
     * @param model a model with a softmax head and a causal spec
     * @return a new generator to configure
     * @throws IllegalArgumentException when the model's loss is not softmax cross-entropy
     */
    public static Generator of(SequenceModel model) {
        return new Generator(model);
    }

    /**
     * How each token is drawn from the model's logits (and which tokens are allowed).
     *
     * @param s the sampler, not null; shared by every row and every call, so it must keep per-piece memory in
     * {@link SamplingContext#memory()}, not in fields
     * @return this generator
     */
    public Generator sampler(Sampler s) {
        this.sampler = Objects.requireNonNull(s, "sampler");
        return this;
    }

    /**
     * The vocabulary the samplers see; its size must equal the model's classes.
     *
     * @param v the vocabulary, or null for none
     * @return this generator
     * @throws IllegalArgumentException when its size is not the model's output width
     */
    public Generator vocabulary(Vocabulary v) {
        if (v != null && v.size() != model.spec().outputs())
            throw new IllegalArgumentException("vocabulary has " + v.size() + " tokens but the model predicts "
                    + model.spec().outputs() + " classes: this model was trained with another vocabulary");
        this.vocabulary = v;
        return this;
    }

    /**
     * The tokenizer the model was trained with: its vocabulary, and what pitches its tokens play, for the samplers.
     *
     * @param t the tokenizer, not null
     * @return this generator
     * @throws IllegalArgumentException when its vocabulary's size is not the model's output width
     */
    public Generator tokenizer(Tokenizer<?> t) {
        vocabulary(Objects.requireNonNull(t, "tokenizer").vocabulary());
        this.tokenizer = t;
        return this;
    }

    /**
     * Tokens fed before sampling starts; at least one (a start token) is needed.
     *
     * @param tokens vocabulary ids, copied
     * @return this generator
     */
    public Generator primer(int... tokens) {
        this.primer = tokens.clone();
        return this;
    }

    /**
     * Tokens to generate after the primer (at most).
     *
     * @param n the most tokens sampled per piece, at least 1
     * @return this generator
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public Generator length(int n) {
        if (n <= 0) throw new IllegalArgumentException("length must be > 0, was " + n);
        this.length = n;
        return this;
    }

    /**
     * A token that ends a sample (it is kept as the sample's last token). -1 for none.
     *
     * @param token a vocabulary id (an end-of-tune marker, say), or -1
     * @return this generator
     */
    public Generator stopToken(int token) {
        this.stopToken = token;
        return this;
    }

    /**
     * The seed of the random streams: row i of a batch uses {@code seed + i}.
     *
     * @param s the seed
     * @return this generator
     */
    public Generator seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * For models whose input is float features: how each fed token becomes features.
     *
     * @param f the encoding, not null
     * @return this generator
     */
    public Generator features(TokenFeatures f) {
        this.features = Objects.requireNonNull(f, "features");
        return this;
    }

    /**
     * For models whose input takes a conditioning vector beside each token: the vector of every step.
     *
     * @param c the conditioning, not null
     * @return this generator
     */
    public Generator conditioning(Conditioning c) {
        this.conditioning = Objects.requireNonNull(c, "conditioning");
        return this;
    }

    /**
     * Adds a listener told of each token as it is sampled (to stream a piece while it is generated); called on the
     * generating thread.
     *
     * @param l the listener, not null
     * @return this generator
     */
    public Generator listener(TokenListener l) {
        listeners.add(Objects.requireNonNull(l));
        return this;
    }

    /**
     * The generated tokens of one piece (the primer not included).
     *
     * @return the piece's tokens, ending with the stop token when it was drawn
     * @throws IllegalStateException when no sampler or primer is set, the model's input needs features or conditioning
     * that were not given, or the sampler returns an id outside the outputs
     * @throws IllegalArgumentException when a primer token is outside the vocabulary
     */
    public int[] generate() {
        return generate(1).get(0);
    }

    /**
     * The generated tokens of each of {@code samples} pieces, generated as one batch (the primer not included).
     *
     * @param samples pieces to generate, at least 1
     * @return one array per piece, ending with the stop token when it was drawn
     * @throws IllegalStateException when no sampler or primer is set, the model's input needs features or conditioning
     * that were not given, or the sampler returns an id outside the outputs
     * @throws IllegalArgumentException when {@code samples} is not positive or a primer token is outside the vocabulary
     */
    public List<int[]> generate(int samples) {
        if (samples <= 0) throw new IllegalArgumentException("samples must be > 0, was " + samples);
        if (sampler == null) throw new IllegalStateException("no sampler: call sampler(...) first");
        if (primer.length == 0) throw new IllegalStateException("no primer: give at least one start token with primer(...)");
        Input input = model.spec().input();
        int classes = model.spec().outputs();
        int vocab = input.vocabularySize();
        if (vocab == 0 && features == null)
            throw new IllegalStateException("the model reads float features: say how a token becomes features with features(...)");
        if (input.conditioningWidth() > 0 && conditioning == null)
            throw new IllegalStateException("the model reads a conditioning vector beside each token: give the vector of every step "
                    + "with conditioning(...)");
        for (int i = 0; i < primer.length; i++)
            if (primer[i] < 0 || (vocab > 0 && primer[i] >= vocab))
                throw new IllegalArgumentException("primer token " + primer[i] + " at position " + i + " is outside the vocabulary 0.." + (vocab - 1));
        ModelState state = model.newState(samples);
        int[][] history = new int[samples][primer.length + length];
        int[] lengths = new int[samples];
        int[] feed = new int[samples];
        float[] logits = null;
        for (int p = 0; p < primer.length; p++) {
            for (int r = 0; r < samples; r++) {
                history[r][p] = primer[p];
                lengths[r] = p + 1;
            }
            Arrays.fill(feed, primer[p]);
            logits = feed(state, feed, history, lengths);
        }
        SeededRandom[] randoms = new SeededRandom[samples];
        RowMemory[] memories = new RowMemory[samples];
        for (int r = 0; r < samples; r++) {
            randoms[r] = new SeededRandom(seed + r);
            memories[r] = new RowMemory();
        }
        boolean[] done = new boolean[samples];
        float[] row = new float[classes];
        int finished = 0;
        for (int step = 0; step < length && finished < samples; step++) {
            for (int r = 0; r < samples; r++) {
                if (done[r]) continue;
                System.arraycopy(logits, r * classes, row, 0, classes);
                int token = sampler.next(row, new SamplingContext(Arrays.copyOf(history[r], lengths[r]), step, r, randoms[r], vocabulary,
                        tokenizer, memories[r]));
                if (token < 0 || token >= classes)
                    throw new IllegalStateException("sampler returned token " + token + ", outside 0.." + (classes - 1));
                history[r][lengths[r]++] = token;
                feed[r] = token;
                for (TokenListener l : listeners) l.onToken(r, step, token);
                if (token == stopToken) {
                    done[r] = true;
                    finished++;
                }
            }
            if (finished < samples && step + 1 < length) logits = feed(state, feed, history, lengths);
        }
        List<int[]> out = new ArrayList<>(samples);
        for (int r = 0; r < samples; r++) out.add(Arrays.copyOfRange(history[r], primer.length, lengths[r]));
        return out;
    }

    /** Feeds one token per row; rows that stopped feed their stop token again (their outputs are not used). */
    private float[] feed(ModelState state, int[] tokens, int[][] history, int[] lengths) {
        Input input = model.spec().input();
        if (features != null && input.featureWidth() > 0) {
            int width = input.featureWidth();
            float[] f = new float[tokens.length * width];
            for (int r = 0; r < tokens.length; r++) features.encode(tokens[r], f, r * width);
            return model.step(state, f);
        }
        int width = input.conditioningWidth();
        if (width == 0) return model.step(state, tokens);
        float[] c = new float[tokens.length * width];
        for (int r = 0; r < tokens.length; r++)
            conditioning.write(r, lengths[r] - 1, Arrays.copyOf(history[r], lengths[r]), c, r * width);
        return model.step(state, tokens, c);
    }
}
