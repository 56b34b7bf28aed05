package dev.cadenza.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A plain [vocabulary, dimension] lookup table. DJL's {@code TrainableWordEmbedding} adds an unknown-word row,
 * which would shift every id, so the table is this small block around {@link Embedding#embedding}.
 */
final class EmbeddingBlock extends AbstractBlock {
    private final Parameter table;
    private final int dimension;

    EmbeddingBlock(int vocabularySize, int dimension) {
        this.dimension = dimension;
        table = addParameter(Parameter.builder().setName("embedding").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabularySize, dimension)).build());
    }

    Parameter table() {
        return table;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        return Embedding.embedding(ids, store.getValue(table, ids.getDevice(), training), SparseFormat.DENSE);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].addAll(new Shape(dimension))};
    }
}
