package dev.cadenza.model;

import java.util.Objects;

/**
 * How tokens, frames or features enter the network. Token inputs (an embedding or a one-hot vector per id) read
 * {@link Batch#tokens()}; {@link Features} and {@link MultiHot} read {@link Batch#features()}; {@link Conditioned}
 * reads tokens and, beside them, {@link Batch#conditioning()}.
 */
public sealed interface Input permits Input.Embedding, Input.OneHot, Input.Features, Input.MultiHot, Input.Conditioned {

    /**
     * Width of the vectors this input hands to the first layer per step.
     *
     * @return the first layer's input width, at least 1
     */
    int width();

    /**
     * Number of token ids accepted, or 0 when the input reads no tokens.
     *
     * @return the vocabulary size; ids must lie in {@code [0, vocabularySize)}
     */
    int vocabularySize();

    /**
     * Floats per step read from {@link Batch#features()}, or 0 when the input reads tokens.
     *
     * @return the feature width
     */
    default int featureWidth() {
        return 0;
    }

    /**
     * Floats per step read from {@link Batch#conditioning()} beside the tokens, or 0.
     *
     * @return the conditioning width
     */
    default int conditioningWidth() {
        return 0;
    }

    /**
     * A learned table of {@code dimension}-wide vectors, one per token id. Parameter:
     * {@code input.embedding [vocab, dim]}.
     *
     * @param vocabularySize token ids accepted, at least 1
     * @param dimension the width of each vector, at least 1
     */
    record Embedding(int vocabularySize, int dimension) implements Input {
        /**
         * Checks the sizes.
         *
         * @param vocabularySize at least 1
         * @param dimension at least 1
         * @throws IllegalArgumentException when a size is not positive
         */
        public Embedding {
            if (vocabularySize <= 0) throw new IllegalArgumentException("input Embedding: vocabularySize must be > 0, was " + vocabularySize);
            if (dimension <= 0) throw new IllegalArgumentException("input Embedding: dimension must be > 0, was " + dimension);
        }

        @Override
        public int width() {
            return dimension;
        }
    }

    /**
     * Token id as a one-hot vector of {@code vocabularySize}. No parameters.
     *
     * @param vocabularySize token ids accepted, which is also the vector's width; at least 1
     */
    record OneHot(int vocabularySize) implements Input {
        /**
         * Checks the size.
         *
         * @param vocabularySize at least 1
         * @throws IllegalArgumentException when it is not positive
         */
        public OneHot {
            if (vocabularySize <= 0) throw new IllegalArgumentException("input OneHot: vocabularySize must be > 0, was " + vocabularySize);
        }

        @Override
        public int width() {
            return vocabularySize;
        }
    }

    /**
     * Float features per step, {@code width} of them (the seed's "id / vocab" scalar is width 1). No parameters.
     *
     * @param width floats per step, at least 1
     */
    record Features(int width) implements Input {
        /**
         * Checks the width.
         *
         * @param width at least 1
         * @throws IllegalArgumentException when it is not positive
         */
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
     *
     * @param labels on/off values per frame (88 for the piano's keys), at least 1
     */
    record MultiHot(int labels) implements Input {
        /**
         * Checks the label count.
         *
         * @param labels at least 1
         * @throws IllegalArgumentException when it is not positive
         */
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
     *
     * @param tokens how the token enters: an {@link Embedding} or a {@link OneHot}
     * @param conditioningWidth floats beside each token, at least 1
     */
    record Conditioned(Input tokens, int conditioningWidth) implements Input {
        /**
         * Checks the token input and the width.
         *
         * @param tokens an {@link Embedding} or a {@link OneHot}, not null
         * @param conditioningWidth at least 1
         * @throws IllegalArgumentException when the tokens enter otherwise or the width is not positive
         */
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

    /**
     * Whether the input reads token ids.
     *
     * @return true for embedding, one-hot and conditioned inputs
     */
    default boolean readsTokens() {
        return vocabularySize() > 0;
    }

    /**
     * A learned embedding.
     *
     * @param vocabularySize token ids accepted, at least 1
     * @param dimension the width of each vector, at least 1
     * @return the input
     */
    static Input embedding(int vocabularySize, int dimension) {
        return new Embedding(vocabularySize, dimension);
    }

    /**
     * A one-hot vector per token id.
     *
     * @param vocabularySize token ids accepted, at least 1
     * @return the input
     */
    static Input oneHot(int vocabularySize) {
        return new OneHot(vocabularySize);
    }

    /**
     * Float features per step.
     *
     * @param width floats per step, at least 1
     * @return the input
     */
    static Input features(int width) {
        return new Features(width);
    }

    /**
     * A multi-hot frame per step (piano rolls).
     *
     * @param labels on/off values per frame, at least 1
     * @return the input
     */
    static Input multiHot(int labels) {
        return new MultiHot(labels);
    }

    /**
     * Tokens through {@code tokens} (an embedding or one-hot input) with {@code width} conditioning floats per step.
     *
     * @param tokens an {@link Embedding} or a {@link OneHot} input
     * @param width conditioning floats per step, at least 1
     * @return the input
     */
    static Input conditioned(Input tokens, int width) {
        return new Conditioned(tokens, width);
    }
}
