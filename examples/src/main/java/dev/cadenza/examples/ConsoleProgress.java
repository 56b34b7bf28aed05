package dev.cadenza.examples;

import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;
import dev.cadenza.train.TrainingListener;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Training progress on the console with the progressbar library: on a terminal a bar redrawn in place (steps of
 * the whole run, loss, predictions per second, ETA); when the output is a file or a pipe, plain lines, one every
 * few seconds. Each epoch ends with a line of its training loss and validation metrics.
 */
public final class ConsoleProgress implements TrainingListener, AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final int epochs;
    private final long started = System.nanoTime();
    private ProgressBar bar;
    private long lastLine;
    private double predictions;
    private long steps;
    private double smoothedLoss = Double.NaN;

    /**
     * Progress on {@code out} for a run of {@code epochs} epochs: a redrawn bar when the JVM has a console, plain lines
     * otherwise.
     *
     * @param out where progress goes, usually standard output
     * @param epochs the epochs the run trains
     */
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
        predictions += r.predictions();
        smoothedLoss = Double.isNaN(smoothedLoss) ? r.loss() : 0.9 * smoothedLoss + 0.1 * r.loss();
        double seconds = (System.nanoTime() - started) / 1e9;
        String extra = String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  %,.0f/s", epoch, epochs, smoothedLoss,
                predictions / Math.max(seconds, 1e-9));
        if (terminal) {
            if (bar == null)
                bar = new ProgressBarBuilder().setTaskName("training").setInitialMax((long) stepsPerEpoch * epochs)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed()
                        .setConsumer(new ConsoleProgressBarConsumer(out)).build();
            bar.stepTo(r.step());
            bar.setExtraMessage(extra);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine < 5_000_000_000L && steps % stepsPerEpoch != 0) return;
        lastLine = now;
        long total = (long) stepsPerEpoch * epochs;
        double eta = seconds / steps * (total - steps);
        out.printf(Locale.ROOT, "step %d/%d  %s  ETA %s%n", steps, total, extra, duration(eta));
    }

    @Override
    public void onEpochEnd(int epoch, double trainingLoss, Evaluation validation) {
        if (bar != null) {
            bar.refresh();
            out.println();
        }
        out.printf(Locale.ROOT, "epoch %d: training loss %.4f%s%n", epoch, trainingLoss, validation == null ? "" : ", validation " + validation);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    static String duration(double seconds) {
        Duration d = Duration.ofSeconds(Math.round(seconds));
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
