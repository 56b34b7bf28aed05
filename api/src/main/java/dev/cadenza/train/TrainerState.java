package dev.cadenza.train;

import dev.cadenza.model.OptimizerState;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a {@link Trainer} stands: the epoch in progress (1-based), batches of it already taken, the random state that
 * ordered it, the best validation loss, and the optimizer state.
 *
 * @param epoch the epoch in progress, 1-based
 * @param batchInEpoch batches of that epoch already taken
 * @param epochStartRandom the state of the data random stream at the epoch's start; copied in and out
 * @param bestValidationLoss the lowest validation loss so far, infinite before the first
 * @param optimizer the optimizer's state
 */
public record TrainerState(int epoch, int batchInEpoch, long[] epochStartRandom, double bestValidationLoss,
                           OptimizerState optimizer) {
    /**
     * Copies the random state.
     *
     * @param epoch the epoch in progress, 1-based
     * @param batchInEpoch batches of it already taken
     * @param epochStartRandom the data random stream's state at the epoch's start, four words
     * @param bestValidationLoss the lowest validation loss so far
     * @param optimizer the optimizer's state
     */
    public TrainerState {
        epochStartRandom = epochStartRandom.clone();
    }

    /**
     * The data random stream's state at the epoch's start.
     *
     * @return a copy
     */
    @Override
    public long[] epochStartRandom() {
        return epochStartRandom.clone();
    }

    /**
     * As checkpoint metadata (the optimizer state goes into the checkpoint's own training section).
     *
     * @return keys {@code trainer.epoch}, {@code trainer.batchInEpoch}, {@code trainer.epochStartRandom} and
     * {@code trainer.bestValidationLoss}, in that order
     */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trainer.epoch", Integer.toString(epoch));
        m.put("trainer.batchInEpoch", Integer.toString(batchInEpoch));
        m.put("trainer.epochStartRandom", String.join(",", Arrays.stream(epochStartRandom).mapToObj(Long::toString).toList()));
        m.put("trainer.bestValidationLoss", Double.toString(bestValidationLoss));
        return m;
    }

    /**
     * Reads what {@link #toMetadata()} wrote; the message names a missing or malformed field.
     *
     * @param m checkpoint metadata
     * @param optimizer the optimizer state read from the checkpoint
     * @return the state
     * @throws IllegalArgumentException when a field is missing or malformed
     */
    public static TrainerState fromMetadata(Map<String, String> m, OptimizerState optimizer) {
        try {
            long[] random = Arrays.stream(field(m, "trainer.epochStartRandom").split(",")).mapToLong(Long::parseLong).toArray();
            return new TrainerState(Integer.parseInt(field(m, "trainer.epoch")), Integer.parseInt(field(m, "trainer.batchInEpoch")),
                    random, Double.parseDouble(field(m, "trainer.bestValidationLoss")), optimizer);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint metadata: malformed trainer position: " + e.getMessage(), e);
        }
    }

    private static String field(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) throw new IllegalArgumentException("checkpoint metadata: missing '" + key + "' (not a training checkpoint?)");
        return v;
    }
}
