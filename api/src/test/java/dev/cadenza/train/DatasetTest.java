package dev.cadenza.train;

import dev.cadenza.model.Batch;
import dev.cadenza.model.SeededRandom;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetTest {
    private final int[] text = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void windowsGiveShiftedTargetsPerStep() {
        Dataset d = Dataset.windows(List.of(text), 4, 3, 8);
        assertEquals(2, d.windowCount()); // starts 0 and 3; start 6 would need 5 tokens up to index 10
        Batch b = d.epoch(null).get(0);
        assertArrayEquals(new int[] {0, 1, 2, 3, 3, 4, 5, 6}, b.tokens());
        assertArrayEquals(new int[] {1, 2, 3, 4, 4, 5, 6, 7}, b.targets());
    }

    @Test
    void lastStepTargetsAndScaledFeatures() {
        Batch b = Dataset.windows(List.of(text), 4, 3, 8).lastStepTargets().asScaledFeatures(10).epoch(null).get(0);
        assertNull(b.tokens());
        assertEquals(0.3f, b.features()[1 * 4 + 0], 1e-7f);
        assertArrayEquals(new int[] {4, 7}, b.targets());
    }

    @Test
    void labelledSequences() {
        Dataset d = Dataset.labelled(List.of(new int[] {1, 2}, new int[] {3, 4}, new int[] {5, 6}), new int[] {7, 8, 9}, 2);
        List<Batch> batches = d.epoch(null);
        assertEquals(2, batches.size());
        assertArrayEquals(new int[] {7, 8}, batches.get(0).targets());
        assertArrayEquals(new int[] {5, 6}, batches.get(1).tokens());
        assertThrows(IllegalArgumentException.class, () -> Dataset.labelled(List.of(new int[] {1}), new int[] {1, 2}, 1));
    }

    @Test
    void shuffleDependsOnlyOnTheRandomState() {
        Dataset d = Dataset.windows(List.of(text), 2, 1, 3);
        SeededRandom a = new SeededRandom(3), b = new SeededRandom(3);
        List<Batch> x = d.epoch(a), y = d.epoch(b);
        for (int i = 0; i < x.size(); i++) assertArrayEquals(x.get(i).tokens(), y.get(i).tokens());
        assertNotEquals(java.util.Arrays.toString(d.epoch(null).get(0).tokens()), java.util.Arrays.toString(d.epoch(new SeededRandom(4)).get(0).tokens()));
    }
}
