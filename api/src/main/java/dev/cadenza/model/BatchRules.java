package dev.cadenza.model;

/**
 * The checks a batch must pass before any engine sees it, made once here for every engine: its inputs fit the spec's
 * input (kind, widths, token range, 0/1 frames, finite values) and its targets fit the head and the loss. Messages
 * name the row, the step and what was expected.
 */
final class BatchRules {
    private BatchRules() {}

    static void inputs(ModelSpec spec, Batch batch) {
        Input input = spec.input();
        if (input.readsTokens()) {
            if (batch.tokens() == null)
                throw new IllegalArgumentException("batch: the model's input (" + input + ") reads token ids, the batch holds float features");
            int vocabulary = input.vocabularySize();
            int[] tokens = batch.tokens();
            for (int i = 0; i < tokens.length; i++)
                if (tokens[i] < 0 || tokens[i] >= vocabulary)
                    throw new IllegalArgumentException("batch: token id " + tokens[i] + " at row " + i / batch.steps() + ", step "
                            + i % batch.steps() + " is outside the vocabulary [0, " + vocabulary + ")");
            int conditioning = input.conditioningWidth();
            if (conditioning > 0) {
                if (batch.conditioning() == null)
                    throw new IllegalArgumentException("batch: the model's input (" + input + ") reads " + conditioning
                            + " conditioning values per step beside the tokens, and the batch has none");
                if (batch.conditioningWidth() != conditioning)
                    throw new IllegalArgumentException("batch: the model reads " + conditioning + " conditioning values per step, the batch has "
                            + batch.conditioningWidth());
                finite(batch.conditioning(), conditioning, batch.steps(), "conditioning value");
            } else if (batch.conditioning() != null) {
                throw new IllegalArgumentException("batch: the model's input (" + input + ") takes no conditioning values, the batch has "
                        + batch.conditioningWidth() + " per step");
            }
            return;
        }
        if (batch.features() == null)
            throw new IllegalArgumentException("batch: the model's input (" + input + ") reads " + input.featureWidth()
                    + " floats per step, the batch holds token ids");
        if (batch.featureWidth() != input.featureWidth())
            throw new IllegalArgumentException("batch: the model's input (" + input + ") reads " + input.featureWidth()
                    + " floats per step, the batch has " + batch.featureWidth());
        if (input instanceof Input.MultiHot) {
            float[] f = batch.features();
            int w = batch.featureWidth();
            for (int i = 0; i < f.length; i++)
                if (f[i] != 0f && f[i] != 1f)
                    throw new IllegalArgumentException("batch: a multi-hot frame holds 0 or 1, found " + f[i] + " at row "
                            + i / w / batch.steps() + ", step " + (i / w) % batch.steps() + ", label " + i % w);
        } else {
            finite(batch.features(), batch.featureWidth(), batch.steps(), "feature");
        }
    }

    private static void finite(float[] values, int width, int steps, String what) {
        for (int i = 0; i < values.length; i++)
            if (!Float.isFinite(values[i]))
                throw new IllegalArgumentException("batch: " + what + " " + values[i] + " at row " + i / width / steps + ", step "
                        + (i / width) % steps + ", index " + i % width + " is not finite");
    }

    static void targets(ModelSpec spec, Batch batch) {
        if (!batch.hasTargets()) throw new IllegalArgumentException("batch: training and evaluation need targets");
        boolean perStep = spec.head() == ModelSpec.Head.PER_STEP;
        int rows = perStep ? batch.size() * batch.steps() : batch.size();
        String head = perStep ? "a per-step head, so it needs one target row per step (size * steps = " + rows + ")"
                : "a last-step head, so it needs one target row per sequence (size = " + rows + ")";
        if (spec.loss().classTargets()) {
            if (batch.targets() == null)
                throw new IllegalArgumentException("batch: the model's loss " + spec.loss() + " needs class ids as targets, the batch has target values");
            if (batch.targets().length != rows)
                throw new IllegalArgumentException("batch: the model has " + head + ", the batch has " + batch.targets().length);
        } else {
            if (batch.targetValues() == null)
                throw new IllegalArgumentException("batch: the model's loss " + spec.loss() + " needs " + spec.outputs()
                        + " target values per prediction, the batch has class ids");
            if (batch.targetWidth() != spec.outputs())
                throw new IllegalArgumentException("batch: the model has " + spec.outputs() + " outputs, the batch's target values are "
                        + batch.targetWidth() + " wide");
            if (batch.targetRows() != rows)
                throw new IllegalArgumentException("batch: the model has " + head + ", the batch has " + batch.targetRows());
        }
    }
}
