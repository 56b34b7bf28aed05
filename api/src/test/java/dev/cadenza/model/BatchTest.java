package dev.cadenza.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BatchTest {
    @Test
    void theHeadDecidesHowManyTokensAreCountedEvenForOneStep() {
        Batch oneStep = Batch.ofTokens(3, 1, new int[] {1, 2, 3}, new int[] {2, 3, 4}).withMask(new float[] {1, 0, 1});
        assertEquals(2, oneStep.predictions(ModelSpec.Head.PER_STEP));
        assertEquals(3, oneStep.predictions(ModelSpec.Head.LAST_STEP));
        Batch unmasked = Batch.ofTokens(2, 4, new int[8], new int[8]);
        assertEquals(8, unmasked.predictions(ModelSpec.Head.PER_STEP));
    }

    @Test
    void shapesAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batch.ofTokens(2, 3, new int[5], null));
        assertTrue(e.getMessage().contains("size*steps = 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Batch.ofWindows(new int[][] {{1, 2, 3}, {1, 2}}));
    }
}
