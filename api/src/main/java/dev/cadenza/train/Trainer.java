package dev.cadenza.train;

import dev.cadenza.model.Batch;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.SeededRandom;
import dev.cadenza.model.SequenceModel;
import dev.cadenza.model.StepResult;
import dev.cadenza.model.TrainingConfig;
import dev.cadenza.model.TrainingSession;

import java.util.ArrayList;
import java.util.List;

/**
 * The epoch loop, the same for every backend: shuffle, step, evaluate on validation data, tell listeners.
 * A NaN or infinite loss stops training with an exception that names the epoch and step.
 */
public final class Trainer {
    private final SequenceModel model;
    private final TrainingSession session;
    private final SeededRandom dataRandom;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Trainer(SequenceModel model, TrainingConfig config) {
        this.model = model;
        this.session = model.train(config);
        this.dataRandom = new SeededRandom(config.seed() ^ 0x5DEECE66DL);
    }

    public Trainer listener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    public TrainingSession session() {
        return session;
    }

    /** The random stream that orders batches; part of the training state. */
    public SeededRandom dataRandom() {
        return dataRandom;
    }

    /** Trains {@code epochs} epochs; returns the validation metrics of the last epoch (training metrics without validation). */
    public Evaluation fit(Dataset train, Dataset validation, int epochs) {
        Evaluation last = null;
        int k = session.config().topK();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            List<Batch> batches = train.epoch(dataRandom);
            double lossSum = 0, tokens = 0;
            for (Batch b : batches) {
                StepResult r = session.step(b);
                if (!Double.isFinite(r.loss()))
                    throw new ArithmeticException("training diverged: loss " + r.loss() + " at epoch " + epoch + ", step " + r.step()
                            + "; lower the learning rate or clip gradients");
                lossSum += r.loss() * r.tokens();
                tokens += r.tokens();
                for (TrainingListener l : listeners) l.onStep(epoch, r, batches.size());
            }
            Evaluation trainEval = new Evaluation(lossSum, tokens, Double.NaN, Double.NaN, k);
            Evaluation valEval = validation == null ? null : evaluate(model, validation, k);
            for (TrainingListener l : listeners) l.onEpochEnd(epoch, trainEval, valEval);
            last = valEval != null ? valEval : trainEval;
            boolean stop = false;
            for (TrainingListener l : listeners) stop |= l.stopRequested();
            if (stop) break;
        }
        return last;
    }

    /** Loss and accuracy of {@code model} over all of {@code data}, in inference mode. */
    public static Evaluation evaluate(SequenceModel model, Dataset data, int topK) {
        Evaluation total = Evaluation.empty(topK);
        for (Batch b : data.epoch(null)) total = total.plus(model.evaluate(b, topK));
        return total;
    }
}
