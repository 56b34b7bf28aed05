package dev.cadenza.pure;

import dev.cadenza.model.SeededRandom;

import java.util.function.Supplier;

/**
 * Inverted dropout: in training each element is kept with probability 1 - rate and scaled by 1 / (1 - rate), the
 * mask drawn element by element in row-major order from the training random stream; identity in inference.
 */
final class DropoutLayer extends PureLayer {
    private final int width;
    private final double rate;
    private final Supplier<SeededRandom> random;
    private float[] mask, y, dx;
    private boolean masked;
    private int size;

    DropoutLayer(String where, double rate, int width, Supplier<SeededRandom> random) {
        super(where);
        this.rate = rate;
        this.width = width;
        this.random = random;
    }

    @Override
    int outputWidth() {
        return width;
    }

    @Override
    float[] forward(float[] x, int batch, int steps, boolean training, boolean carry) {
        size = batch * steps * width;
        masked = training && rate > 0;
        if (!masked) return x;
        mask = sized(mask, size);
        y = sized(y, size);
        SeededRandom r = random.get();
        float keep = (float) (1.0 / (1.0 - rate));
        for (int i = 0; i < size; i++) mask[i] = r.nextDouble() < rate ? 0f : keep;
        for (int i = 0; i < size; i++) y[i] = x[i] * mask[i];
        return y;
    }

    @Override
    float[] backward(float[] dy, boolean needInput) {
        if (!needInput) return null;
        if (!masked) return dy;
        dx = sized(dx, size);
        for (int i = 0; i < size; i++) dx[i] = dy[i] * mask[i];
        return dx;
    }

    /** The mask of the last training forward pass (0 or 1 / (1 - rate) per element); for tests. */
    float[] lastMask() {
        return masked ? mask.clone() : null;
    }

    @Override
    StepState newState(int batch) {
        return StepState.scratchOnly(batch);
    }

    @Override
    float[] step(StepState state, float[] x, int batch, long position) {
        return x;
    }
}
