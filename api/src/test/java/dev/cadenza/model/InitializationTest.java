package dev.cadenza.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class InitializationTest {
    private final ModelSpec spec = ModelSpec.of(Input.embedding(12, 5), Layer.lstm(8), Layer.dense(12));

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        assertEquals(Initialization.initialize(spec, 7), Initialization.initialize(spec, 7));
        assertNotEquals(Initialization.initialize(spec, 7), Initialization.initialize(spec, 8));
    }

    @Test
    void recurrentBlocksAreOrthogonalAndForgetBiasIsOne() {
        Weights w = Initialization.initialize(spec, 3);
        float[] r = w.get("layers.0.recurrent_kernel").data();
        int h = 8, cols = 32;
        for (int g = 0; g < 4; g++)
            for (int a = 0; a < h; a++)
                for (int b = 0; b < h; b++) {
                    double dot = 0;
                    for (int i = 0; i < h; i++) dot += r[i * cols + g * h + a] * r[i * cols + g * h + b];
                    assertEquals(a == b ? 1 : 0, dot, 1e-5, "gate block " + g + " columns " + a + "," + b);
                }
        float[] bias = w.get("layers.0.bias").data();
        for (int i = 0; i < 32; i++) assertEquals(i >= 8 && i < 16 ? 1f : 0f, bias[i], "bias " + i);
    }

    @Test
    void glorotLimitHolds() {
        float[] k = Initialization.initialize(spec, 1).get("layers.1.kernel").data();
        double limit = Math.sqrt(6.0 / (8 + 12));
        double max = 0;
        for (float v : k) max = Math.max(max, Math.abs(v));
        assertTrue(max <= limit && max > limit * 0.5, "max " + max + " limit " + limit);
    }

    @Test
    void randomStateRoundTrips() {
        SeededRandom a = new SeededRandom(42);
        a.nextLong();
        SeededRandom b = SeededRandom.fromState(a.state());
        for (int i = 0; i < 100; i++) assertEquals(a.nextLong(), b.nextLong());
    }
}
