package dev.cadenza.generate;

import java.util.random.RandomGenerator;

/**
 * What a {@link FrameSampler} may look at besides the logits: the frames so far (primer included, one 0/1 array per
 * step, not to be changed), the index of the frame being drawn among the generated ones, the row and the random source.
 */
public record FrameContext(float[][] history, int step, int row, RandomGenerator random) {}
