package dev.cadenza.pure;

import dev.cadenza.model.Layer;

/**
 * Batch normalisation over the feature axis with statistics over all batch * steps rows. Training normalises with
 * the batch mean and biased variance and updates running = momentum * running + (1 - momentum) * batch with the
 * unbiased variance (n / (n - 1)); inference uses the running statistics. Statistics are summed in double.
 */
final class BatchNormLayer extends PureLayer {
    private final int c;
    private final double momentum, epsilon;
    private final float[] gamma, beta, runningMean, runningVar, gGamma, gBeta;
    private final float[] invStd;
    private float[] xhat, y, dx;
    private int rows;
    private boolean training;

    BatchNormLayer(String where, String prefix, Layer.BatchNorm layer, int width, Parameters p) {
        super(where);
        this.c = width;
        this.momentum = layer.momentum();
        this.epsilon = layer.epsilon();
        gamma = p.value(prefix + "gamma");
        beta = p.value(prefix + "beta");
        runningMean = p.value(prefix + "running_mean");
        runningVar = p.value(prefix + "running_variance");
        gGamma = p.gradient(prefix + "gamma");
        gBeta = p.gradient(prefix + "beta");
        invStd = new float[c];
    }

    @Override
    int outputWidth() {
        return c;
    }

    @Override
    float[] forward(float[] x, int batch, int steps, boolean training, boolean carry) {
        rows = batch * steps;
        this.training = training;
        y = sized(y, rows * c);
        if (!training) {
            inference(x, y, rows);
            return y;
        }
        xhat = sized(xhat, rows * c);
        double[] mean = new double[c], var = new double[c];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < c; j++) mean[j] += x[r * c + j];
        for (int j = 0; j < c; j++) mean[j] /= rows;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < c; j++) {
                double d = x[r * c + j] - mean[j];
                var[j] += d * d;
            }
        for (int j = 0; j < c; j++) {
            double biased = var[j] / rows;
            invStd[j] = (float) (1.0 / Math.sqrt(biased + epsilon));
            double unbiased = rows > 1 ? var[j] / (rows - 1) : biased;
            runningMean[j] = (float) (momentum * runningMean[j] + (1 - momentum) * mean[j]);
            runningVar[j] = (float) (momentum * runningVar[j] + (1 - momentum) * unbiased);
        }
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < c; j++) {
                int i = r * c + j;
                float xh = (float) ((x[i] - mean[j]) * invStd[j]);
                xhat[i] = xh;
                y[i] = gamma[j] * xh + beta[j];
            }
        return y;
    }

    private void inference(float[] x, float[] out, int n) {
        for (int j = 0; j < c; j++) invStd[j] = (float) (1.0 / Math.sqrt(runningVar[j] + epsilon));
        for (int r = 0; r < n; r++)
            for (int j = 0; j < c; j++) {
                int i = r * c + j;
                out[i] = gamma[j] * ((x[i] - runningMean[j]) * invStd[j]) + beta[j];
            }
    }

    @Override
    float[] backward(float[] dy, boolean needInput) {
        if (!training) throw new IllegalStateException(where + ": backward after an inference forward pass");
        double[] sumDy = new double[c], sumDyXhat = new double[c];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < c; j++) {
                int i = r * c + j;
                sumDy[j] += dy[i];
                sumDyXhat[j] += dy[i] * xhat[i];
            }
        for (int j = 0; j < c; j++) {
            gGamma[j] += (float) sumDyXhat[j];
            gBeta[j] += (float) sumDy[j];
        }
        if (!needInput) return null;
        dx = sized(dx, rows * c);
        // dx = gamma * invStd / n * (n * dy - sum(dy) - xhat * sum(dy * xhat))
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < c; j++) {
                int i = r * c + j;
                dx[i] = (float) (gamma[j] * invStd[j] * (dy[i] - sumDy[j] / rows - xhat[i] * sumDyXhat[j] / rows));
            }
        return dx;
    }

    @Override
    StepState newState(int batch) {
        return StepState.scratchOnly(batch, batch * c);
    }

    @Override
    float[] step(StepState state, float[] x, int batch, long position) {
        float[] out = state.scratch[0];
        // Same arithmetic as inference() but without touching the shared invStd buffer (steps may run concurrently).
        for (int j = 0; j < c; j++) {
            float is = (float) (1.0 / Math.sqrt(runningVar[j] + epsilon));
            for (int r = 0; r < batch; r++) {
                int i = r * c + j;
                out[i] = gamma[j] * ((x[i] - runningMean[j]) * is) + beta[j];
            }
        }
        return out;
    }
}
