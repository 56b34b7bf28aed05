package dev.cadenza.testkit;

import dev.cadenza.model.Tensor;
import dev.cadenza.model.Weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How close two float32 results must be: max |actual - expected| / max(1, max |expected|) within a relative
 * tolerance ({@link #DEFAULT} = 1e-4): relative to the largest value of the tensor, absolute below 1.
 */
public final class Tolerance {
    /** The suite's float32 tolerance. */
    public static final double DEFAULT = 1e-4;

    private Tolerance() {}

    /**
     * The relative error of {@code actual} against {@code expected}, as defined above.
     *
     * @param expected the reference values
     * @param actual the values under test, as many
     * @return the error; infinite when a difference is NaN
     */
    public static double relativeError(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double scale = 1;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs((double) expected[i] - actual[i]);
            if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
            diff = Math.max(diff, d);
        }
        return diff / scale;
    }

    /**
     * Asserts that {@code actual} is within {@code tolerance} of {@code expected} (see {@link #relativeError}).
     *
     * @param expected the reference values
     * @param actual the values under test
     * @param tolerance the largest relative error accepted
     * @param what names the comparison in the failure message
     */
    public static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        double error = relativeError(expected, actual);
        assertTrue(error <= tolerance, () -> what + ": relative error " + error + " exceeds " + tolerance);
    }

    /**
     * Each tensor of {@code actual} within the tolerance of the same tensor of {@code expected}.
     *
     * @param expected the reference weights
     * @param actual the weights under test, with the same tensor names
     * @param tolerance the largest relative error accepted
     * @param what names the comparison in the failure message
     */
    public static void assertClose(Weights expected, Weights actual, double tolerance, String what) {
        assertEquals(expected.names(), actual.names(), what + ": tensor names");
        for (Tensor t : expected.tensors())
            assertClose(t.data(), actual.get(t.name()).data(), tolerance, what + ", tensor " + t.name());
    }
}
