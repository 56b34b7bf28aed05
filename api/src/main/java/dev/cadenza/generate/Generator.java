package dev.cadenza.generate;

import dev.cadenza.model.ModelState;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.token.Vocabulary;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Generates tokens from a model one at a time with its state kept (never by re-running a window):
 * the primer is fed once, then each sampled token is fed back. N samples run as one batch; row i uses the random
 * stream {@code seed + i}, so a seed reproduces every piece, whatever N is.
 */
public final class Generator {
    private final SequenceModel model;
    private Sampler sampler;
    private Vocabulary vocabulary;
    private int[] primer = new int[0];
    private int length = 100;
    private int stopToken = -1;
    private int samples = 1;
    private long seed = 0;
    private final List<TokenListener> listeners = new ArrayList<>();
    private TokenFeatures features;

    /** How a model with float-feature input reads a token (seed 004 feeds id / vocabulary size). */
    @FunctionalInterface
    public interface TokenFeatures {
        /** Writes the features of {@code token} into {@code out[offset, offset + width)}. */
        void encode(int token, float[] out, int offset);

        /** The seed's encoding: one feature, id / vocabularySize. */
        static TokenFeatures scaled(int vocabularySize) {
            return (token, out, offset) -> out[offset] = (float) token / vocabularySize;
        }
    }

    private Generator(SequenceModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public static Generator of(SequenceModel model) {
        return new Generator(model);
    }

    public Generator sampler(Sampler s) {
        this.sampler = Objects.requireNonNull(s, "sampler");
        return this;
    }

    /** The vocabulary the samplers see; its size must equal the model's classes. */
    public Generator vocabulary(Vocabulary v) {
        if (v != null && v.size() != model.spec().classes())
            throw new IllegalArgumentException("vocabulary has " + v.size() + " tokens but the model predicts "
                    + model.spec().classes() + " classes: this model was trained with another vocabulary");
        this.vocabulary = v;
        return this;
    }

    /** Tokens fed before sampling starts; at least one (a start token) is needed. */
    public Generator primer(int... tokens) {
        this.primer = tokens.clone();
        return this;
    }

    /** Tokens to generate after the primer (at most). */
    public Generator length(int n) {
        if (n <= 0) throw new IllegalArgumentException("length must be > 0, was " + n);
        this.length = n;
        return this;
    }

    /** A token that ends a sample (it is kept as the sample's last token). -1 for none. */
    public Generator stopToken(int token) {
        this.stopToken = token;
        return this;
    }

    public Generator samples(int n) {
        if (n <= 0) throw new IllegalArgumentException("samples must be > 0, was " + n);
        this.samples = n;
        return this;
    }

    public Generator seed(long s) {
        this.seed = s;
        return this;
    }

    /** For models whose input is float features: how each fed token becomes features. */
    public Generator features(TokenFeatures f) {
        this.features = Objects.requireNonNull(f, "features");
        return this;
    }

    public Generator listener(TokenListener l) {
        listeners.add(Objects.requireNonNull(l));
        return this;
    }

    /** Generated tokens of each sample (the primer not included). */
    public List<int[]> generate() {
        if (sampler == null) throw new IllegalStateException("no sampler: call sampler(...) first");
        if (primer.length == 0) throw new IllegalStateException("no primer: give at least one start token with primer(...)");
        int classes = model.spec().classes();
        int vocab = model.spec().input().vocabularySize();
        if (vocab == 0 && features == null)
            throw new IllegalStateException("the model reads float features: say how a token becomes features with features(...)");
        for (int i = 0; i < primer.length; i++)
            if (primer[i] < 0 || (vocab > 0 && primer[i] >= vocab))
                throw new IllegalArgumentException("primer token " + primer[i] + " at position " + i + " is outside the vocabulary 0.." + (vocab - 1));
        ModelState state = model.newState(samples);
        int[] feed = new int[samples];
        float[] logits = null;
        for (int p : primer) {
            Arrays.fill(feed, p);
            logits = feed(state, feed);
        }
        SeededRandom[] randoms = new SeededRandom[samples];
        int[][] history = new int[samples][primer.length + length];
        int[] lengths = new int[samples];
        boolean[] done = new boolean[samples];
        for (int r = 0; r < samples; r++) {
            randoms[r] = new SeededRandom(seed + r);
            System.arraycopy(primer, 0, history[r], 0, primer.length);
            lengths[r] = primer.length;
        }
        float[] row = new float[classes];
        int finished = 0;
        for (int step = 0; step < length && finished < samples; step++) {
            for (int r = 0; r < samples; r++) {
                if (done[r]) continue;
                System.arraycopy(logits, r * classes, row, 0, classes);
                int token = sampler.next(row, new SamplingContext(Arrays.copyOf(history[r], lengths[r]), step, r, randoms[r], vocabulary));
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
            if (finished < samples && step + 1 < length) logits = feed(state, feed);
        }
        List<int[]> out = new ArrayList<>(samples);
        for (int r = 0; r < samples; r++) out.add(Arrays.copyOfRange(history[r], primer.length, lengths[r]));
        return out;
    }

    private float[] feed(ModelState state, int[] tokens) {
        if (features == null) return model.step(state, tokens);
        int width = model.spec().input().width();
        float[] f = new float[tokens.length * width];
        for (int r = 0; r < tokens.length; r++) features.encode(tokens[r], f, r * width);
        return model.step(state, f);
    }
}
