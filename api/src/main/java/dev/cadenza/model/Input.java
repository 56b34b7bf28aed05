package dev.cadenza.model;

import java.util.Objects;

/**
 * How tokens, frames or features enter the network. Token inputs (an embedding or a one-hot vector per id) read
 * {@link Batch#tokens()}; {@link Features} and {@link MultiHot} read {@link Batch#features()}; {@link Conditioned}
 * reads tokens and, beside them, {@link Batch#conditioning()}.
 */
public sealed interface Input permits Input.Embedding, Input.OneHot, Input.Features, Input.MultiHot, Input.Conditioned {

    /** Width of the vectors this input hands to the first layer per step. */
    int width();

    /** Number of token ids accepted, or 0 when the input reads no tokens. */
    int vocabularySize();

    /** Floats per step read from {@link Batch#features()}, or 0 when the input reads tokens. */
    default int featureWidth() {
        return 0;
    }

    /** Floats per step read from {@link Batch#conditioning()} beside the tokens, or 0. */
    default int conditioningWidth() {
        return 0;
    }

    /** A learned table of {@code dimension}-wide vectors, one per token id. Parameter: {@code input.embedding [vocab, dim]}. */
    record Embedding(int vocabularySize, int dimension) implements Input {
        public Embedding {
            if (vocabularySize <= 0) throw new IllegalArgumentException("input Embedding: vocabularySize must be > 0, was " + vocabularySize);
            if (dimension <= 0) throw new IllegalArgumentException("input Embedding: dimension must be > 0, was " + dimension);
        }

        @Override
        public int width() {
            return dimension;
        }
    }

    /** Token id as a one-hot vector of {@code vocabularySize}. No parameters. */
    record OneHot(int vocabularySize) implements Input {
        public OneHot {
            if (vocabularySize <= 0) throw new IllegalArgumentException("input OneHot: vocabularySize must be > 0, was " + vocabularySize);
        }

        @Override
        public int width() {
            return vocabularySize;
        }
    }

    /** Float features per step, {@code width} of them (the seed's "id / vocab" scalar is width 1). No parameters. */
    record Features(int width) implements Input {
        public Features {
            if (width <= 0) throw new IllegalArgumentException("input Features: width must be > 0, was " + width);
        }

        @Override
        public int vocabularySize() {
            return 0;
        }

        @Override
        public int featureWidth() {
            return width;
        }
    }

    /**
     * A frame of {@code labels} on/off values per step, any number on at once (the 88 keys of a piano roll), read from
     * the features as 0 or 1; anything else is refused. No parameters. Generation feeds sampled frames back.
     */
    record MultiHot(int labels) implements Input {
        public MultiHot {
            if (labels <= 0) throw new IllegalArgumentException("input MultiHot: labels must be > 0, was " + labels);
        }

        @Override
        public int width() {
            return labels;
        }

        @Override
        public int vocabularySize() {
            return 0;
        }

        @Override
        public int featureWidth() {
            return labels;
        }
    }

    /**
     * Tokens with a float vector per step beside them (the chord of the step as 12 pitch classes, a position in the
     * bar, a style): the token's embedding or one-hot vector, then the {@code conditioningWidth} values, concatenated.
     * Parameters: those of {@code tokens}.
     */
    record Conditioned(Input tokens, int conditioningWidth) implements Input {
        public Conditioned {
            Objects.requireNonNull(tokens, "input Conditioned: tokens");
            if (!(tokens instanceof Embedding || tokens instanceof OneHot))
                throw new IllegalArgumentException("input Conditioned: the tokens must enter through an Embedding or a OneHot input, not " + tokens);
            if (conditioningWidth <= 0)
                throw new IllegalArgumentException("input Conditioned: conditioningWidth must be > 0, was " + conditioningWidth);
        }

        @Override
        public int width() {
            return tokens.width() + conditioningWidth;
        }

        @Override
        public int vocabularySize() {
            return tokens.vocabularySize();
        }
    }

    /** Whether the input reads token ids. */
    default boolean readsTokens() {
        return vocabularySize() > 0;
    }

    static Input embedding(int vocabularySize, int dimension) {
        return new Embedding(vocabularySize, dimension);
    }

    static Input oneHot(int vocabularySize) {
        return new OneHot(vocabularySize);
    }

    static Input features(int width) {
        return new Features(width);
    }

    static Input multiHot(int labels) {
        return new MultiHot(labels);
    }

    /** Tokens through {@code tokens} (an embedding or one-hot input) with {@code width} conditioning floats per step. */
    static Input conditioned(Input tokens, int width) {
        return new Conditioned(tokens, width);
    }
}
