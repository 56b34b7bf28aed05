package dev.cadenza.examples;

import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;
import dev.cadenza.train.TrainingListener;

import java.io.PrintStream;

/**
 * Training progress on the console: a progress bar redrawn in place with loss, tokens/s and ETA on a terminal,
 * plain lines (one every few seconds) when the output is a file or a pipe.
 */
public final class ConsoleProgress implements TrainingListener {
    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final long started = System.nanoTime();
    private long lastPrint;
    private double tokens;
    private long steps;
    private double smoothedLoss = Double.NaN;

    public ConsoleProgress(PrintStream out, int epochs) {
        this(out, epochs, System.console() != null);
    }

    ConsoleProgress(PrintStream out, int epochs, boolean terminal) {
        this.out = out;
        this.epochs = epochs;
        this.terminal = terminal;
    }

    @Override
    public void onStep(int epoch, StepResult r, int stepsPerEpoch) {
        steps++;
        tokens += r.tokens();
        smoothedLoss = Double.isNaN(smoothedLoss) ? r.loss() : 0.9 * smoothedLoss + 0.1 * r.loss();
        long now = System.nanoTime();
        if (now - lastPrint < (terminal ? 200_000_000L : 5_000_000_000L) && (steps % stepsPerEpoch != 0)) return;
        lastPrint = now;
        double seconds = (now - started) / 1e9;
        long total = (long) stepsPerEpoch * epochs;
        double eta = steps == 0 ? 0 : seconds / steps * (total - steps);
        int width = 30;
        int filled = (int) Math.min(width, width * steps / Math.max(1, total));
        String line = String.format("epoch %d/%d [%s%s] step %d/%d  loss %.4f  %,.0f tokens/s  ETA %s",
                epoch, epochs, "=".repeat(filled), " ".repeat(width - filled), steps, total, smoothedLoss,
                tokens / Math.max(seconds, 1e-9), duration(eta));
        if (terminal) out.print("\r" + line);
        else out.println(line);
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Evaluation training, Evaluation validation) {
        if (terminal) out.println();
        out.printf("epoch %d: training loss %.4f%s%n", epoch, training.loss(),
                validation == null ? "" : String.format(", validation loss %.4f, accuracy %.4f", validation.loss(), validation.accuracy()));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s % 3600 / 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
