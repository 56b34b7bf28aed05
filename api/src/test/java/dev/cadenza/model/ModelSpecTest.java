package dev.cadenza.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ModelSpecTest {

    /** SYSTEMS.md S3: Embedding(47,5) -> 4 x (causal Conv1D + BatchNorm) -> LSTM(256) -> Dense(47). */
    static ModelSpec chorale() {
        return ModelSpec.of(Input.embedding(47, 5),
                Layer.Conv1D.causal(32, 2, 1, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(48, 2, 2, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(64, 2, 4, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.Conv1D.causal(96, 2, 8, Activation.RELU), Layer.BatchNorm.defaults(),
                Layer.lstm(256), Layer.dense(47));
    }

    @Test
    void choraleModelHasTheSeedsParameterCount() {
        // Keras' summary of the seed notebook counts 396,810 parameters, BatchNorm moving statistics included.
        assertEquals(396_810, chorale().parameterCount());
        assertEquals(ModelSpec.Head.PER_STEP, chorale().head());
        assertTrue(chorale().causal());
        assertEquals(47, chorale().outputs());
    }

    @Test
    void canonicalLayoutNamesAndShapes() {
        ModelSpec spec = ModelSpec.of(Input.embedding(10, 4), Layer.lstm(6), Layer.bidirectional(Layer.gru(3)), Layer.dense(10));
        List<ParameterSpec> p = spec.parameters();
        assertEquals("input.embedding[10, 4]", p.get(0).toString());
        assertEquals("layers.0.kernel[4, 24]", p.get(1).toString());
        assertEquals("layers.0.recurrent_kernel[6, 24]", p.get(2).toString());
        assertEquals("layers.0.bias[24]", p.get(3).toString());
        assertEquals("layers.1.forward.kernel[6, 9]", p.get(4).toString());
        assertEquals("layers.1.forward.input_bias[9]", p.get(6).toString());
        assertEquals("layers.1.forward.recurrent_bias[9]", p.get(7).toString());
        assertEquals("layers.1.backward.kernel[6, 9]", p.get(8).toString());
        assertEquals("layers.2.kernel[6, 10]", p.get(12).toString());
        assertFalse(spec.causal());
    }

    @Test
    void rejectsASequenceLayerAfterTheLastStepWithAMessageNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ModelSpec.of(Input.oneHot(5), new Layer.Lstm(8, false), Layer.lstm(8), Layer.dense(5)));
        assertTrue(e.getMessage().startsWith("layer 1 (LSTM(8))"), e.getMessage());
    }

    @Test
    void rejectsANonLinearOrMissingOutputLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ModelSpec.of(Input.oneHot(5), Layer.lstm(8), Layer.dense(5, Activation.RELU)));
        assertTrue(e.getMessage().contains("layer 1 (Dense(5, RELU))"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(Input.oneHot(5), Layer.lstm(8)));
        assertTrue(e.getMessage().contains("linear Dense"), e.getMessage());
    }

    @Test
    void rejectsLengthChangingConvolutionWithAPerStepHead() {
        Layer conv = new Layer.Conv1D(4, 3, 1, 2, Layer.Padding.VALID, Activation.RELU);
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(Input.oneHot(5), conv, Layer.dense(5)));
        ModelSpec classifier = ModelSpec.of(Input.oneHot(5), conv, new Layer.Lstm(4, false), Layer.dense(3));
        assertEquals(ModelSpec.Head.LAST_STEP, classifier.head());
        assertFalse(classifier.causal());
    }

    @Test
    void badLayerArgumentsNameTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Layer.Lstm(0, true));
        assertEquals("Lstm: units must be > 0, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Layer.Dropout(1.0));
    }
}
