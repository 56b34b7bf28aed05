package dev.cadenza.generate;

import dev.cadenza.ModelState;
import dev.cadenza.SequenceModel;
import dev.cadenza.model.Input;
import dev.cadenza.model.Loss;
import dev.cadenza.model.SeededRandom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Generates multi-hot frames (piano-roll steps) from a model with a {@link Input.MultiHot} input and a sigmoid
 * cross-entropy head over the same labels, one frame at a time with the model's state kept: the primer frames are fed
 * once, then each drawn frame is fed back. Row i of several samples uses the random stream {@code seed + i}.
 * Configure, then {@link #generate()}; a configured generator may generate from several threads at once.
 */
public final class FrameGenerator {
    private final SequenceModel model;
    private final int labels;
    private FrameSampler sampler;
    private float[][] primer = new float[0][];
    private int length = 64;
    private long seed;

    private FrameGenerator(SequenceModel model) {
        this.model = Objects.requireNonNull(model, "model");
        if (!(model.spec().input() instanceof Input.MultiHot m) || model.spec().loss() != Loss.SIGMOID_CROSS_ENTROPY
                || model.spec().outputs() != m.labels())
            throw new IllegalArgumentException("FrameGenerator needs a model that reads multi-hot frames and predicts the same labels "
                    + "with sigmoid cross-entropy; this one reads " + model.spec().input() + " and predicts " + model.spec().outputs()
                    + " outputs with " + model.spec().loss());
        this.labels = m.labels();
    }

    /**
     * A generator for a piano-roll model, with the defaults: 64 frames, seed 0.
     *
     * @param model a model that reads multi-hot frames and predicts the same labels with sigmoid cross-entropy
     * @return a new generator to configure
     * @throws IllegalArgumentException when the model is not such a model
     */
    public static FrameGenerator of(SequenceModel model) {
        return new FrameGenerator(model);
    }

    /**
     * How each frame is drawn from the per-label logits.
     *
     * @param s the sampler, not null; shared by every row and call
     * @return this generator
     */
    public FrameGenerator sampler(FrameSampler s) {
        this.sampler = Objects.requireNonNull(s, "sampler");
        return this;
    }

    /**
     * Frames fed before drawing starts (each as many 0/1 values as the model has labels); at least one is needed.
     *
     * @param frames 0/1 values, one per label; copied
     * @return this generator
     * @throws IllegalArgumentException when a frame has the wrong width or holds a value other than 0 and 1
     */
    public FrameGenerator primer(float[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].length != labels)
                throw new IllegalArgumentException("primer frame " + i + " has " + frames[i].length + " values, the model has " + labels + " labels");
            for (float v : frames[i])
                if (v != 0f && v != 1f) throw new IllegalArgumentException("primer frame " + i + " holds " + v + "; frames hold 0 or 1");
        }
        this.primer = Arrays.stream(frames).map(float[]::clone).toArray(float[][]::new);
        return this;
    }

    /**
     * Frames to generate after the primer.
     *
     * @param n frames per piece, at least 1
     * @return this generator
     * @throws IllegalArgumentException when {@code n} is not positive
     */
    public FrameGenerator length(int n) {
        if (n <= 0) throw new IllegalArgumentException("length must be > 0, was " + n);
        this.length = n;
        return this;
    }

    /**
     * The seed of the random streams: row i of a batch uses {@code seed + i}.
     *
     * @param s the seed
     * @return this generator
     */
    public FrameGenerator seed(long s) {
        this.seed = s;
        return this;
    }

    /**
     * The generated frames of one piece (the primer not included).
     *
     * @return the frames, each a new array of 0/1 per label
     * @throws IllegalStateException when no sampler or primer is set
     */
    public float[][] generate() {
        return generate(1).get(0);
    }

    /**
     * The generated frames of each of {@code samples} pieces, as one batch.
     *
     * @param samples pieces to generate, at least 1
     * @return one array of frames per piece
     * @throws IllegalStateException when no sampler or primer is set
     * @throws IllegalArgumentException when {@code samples} is not positive
     */
    public List<float[][]> generate(int samples) {
        if (samples <= 0) throw new IllegalArgumentException("samples must be > 0, was " + samples);
        if (sampler == null) throw new IllegalStateException("no sampler: call sampler(...) first");
        if (primer.length == 0) throw new IllegalStateException("no primer: give at least one frame with primer(...)");
        ModelState state = model.newState(samples);
        float[] feed = new float[samples * labels];
        float[] logits = null;
        for (float[] frame : primer) {
            for (int r = 0; r < samples; r++) System.arraycopy(frame, 0, feed, r * labels, labels);
            logits = model.step(state, feed);
        }
        SeededRandom[] randoms = new SeededRandom[samples];
        for (int r = 0; r < samples; r++) randoms[r] = new SeededRandom(seed + r);
        float[][][] history = new float[samples][primer.length + length][];
        for (int r = 0; r < samples; r++) System.arraycopy(primer, 0, history[r], 0, primer.length);
        float[] row = new float[labels];
        for (int step = 0; step < length; step++) {
            for (int r = 0; r < samples; r++) {
                System.arraycopy(logits, r * labels, row, 0, labels);
                float[] frame = new float[labels];
                sampler.next(row, new FrameContext(Arrays.copyOf(history[r], primer.length + step), step, r, randoms[r]), frame);
                for (int j = 0; j < labels; j++)
                    if (frame[j] != 0f && frame[j] != 1f)
                        throw new IllegalStateException("frame sampler wrote " + frame[j] + " for label " + j + "; frames hold 0 or 1");
                history[r][primer.length + step] = frame;
                System.arraycopy(frame, 0, feed, r * labels, labels);
            }
            if (step + 1 < length) logits = model.step(state, feed);
        }
        List<float[][]> out = new ArrayList<>(samples);
        for (int r = 0; r < samples; r++) out.add(Arrays.copyOfRange(history[r], primer.length, primer.length + length));
        return out;
    }
}
