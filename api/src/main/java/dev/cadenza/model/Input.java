package dev.cadenza.model;

/** How tokens or features enter the network. */
public sealed interface Input permits Input.Embedding, Input.OneHot, Input.Features {

    /** Width of the vectors this input produces per step. */
    int width();

    /** Number of token ids accepted, or 0 for float features. */
    int vocabularySize();

    /** A learned table of {@code dimension}-wide vectors, one per token id. Parameter: {@code embedding [vocab, dim]}. */
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
}
