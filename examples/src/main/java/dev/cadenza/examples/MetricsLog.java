package dev.cadenza.examples;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;
import dev.cadenza.train.TrainingListener;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON object per step and per epoch to {@code metrics.jsonl}, and redraws {@code loss-curve.png}
 * (training loss per step, validation loss per epoch) at every epoch end.
 */
public final class MetricsLog implements TrainingListener {
    private final Path folder;
    private final List<double[]> steps = new ArrayList<>();      // {step, loss}
    private final List<double[]> validation = new ArrayList<>(); // {step, loss}
    private long lastStep;
    private final long started = System.nanoTime();

    private final String unit;

    /**
     * @param unit the loss's unit for the chart's axis, e.g. "nats per token" (see {@link #unitOf})
     * @param folder the run's folder, created when missing
     * @throws IOException when the folder cannot be created
     */
    public MetricsLog(Path folder, String unit) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.unit = unit;
    }

    /**
     * The unit a model's loss is measured in.
     *
     * @param loss the model's loss
     * @return "nats per token", "nats per frame" or "mean squared error"
     */
    public static String unitOf(dev.cadenza.model.Loss loss) {
        return switch (loss) {
            case SOFTMAX_CROSS_ENTROPY -> "nats per token";
            case SIGMOID_CROSS_ENTROPY -> "nats per frame";
            case MEAN_SQUARED_ERROR -> "mean squared error";
        };
    }

    @Override
    public void onStep(int epoch, StepResult r, int stepsPerEpoch) {
        lastStep = r.step();
        steps.add(new double[] {r.step(), r.loss()});
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "step");
        m.put("epoch", epoch);
        m.put("step", r.step());
        m.put("loss", r.loss());
        m.put("gradientNorm", r.gradientNorm());
        m.put("learningRate", r.learningRate());
        m.put("seconds", (System.nanoTime() - started) / 1e9);
        append(m);
    }

    @Override
    public void onEpochEnd(int epoch, double trainingLoss, Evaluation validation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.put("epoch", epoch);
        m.put("step", lastStep);
        m.put("trainingLoss", trainingLoss);
        if (validation != null) {
            validation.metrics().forEach((name, value) -> m.put("validation" + Character.toUpperCase(name.charAt(0)) + name.substring(1), value));
            this.validation.add(new double[] {lastStep, validation.loss()});
        }
        append(m);
        try {
            BitmapEncoder.saveBitmap(chart(), folder.resolve("loss-curve.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + folder.resolve("loss-curve.png"), e);
        }
    }

    private void append(Map<String, Object> m) {
        try {
            Files.writeString(folder.resolve("metrics.jsonl"), JSON.std.asString(m) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to " + folder.resolve("metrics.jsonl"), e);
        }
    }

    /**
     * The loss curve as a chart: training loss per step (thin) and validation loss per epoch (thick, with markers)
     * against optimizer steps, with axis titles and units and a legend.
     */
    XYChart chart() {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("Loss")
                .xAxisTitle("optimizer step").yAxisTitle("loss (" + unit + ")").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setMarkerSize(6);
        double[][] train = columns(steps.isEmpty() ? List.of(new double[] {0, Double.NaN}) : steps);
        XYSeries t = chart.addSeries("training (per step)", train[0], train[1]);
        t.setMarker(SeriesMarkers.NONE).setLineWidth(1.2f);
        if (!validation.isEmpty()) {
            double[][] v = columns(validation);
            XYSeries s = chart.addSeries("validation (per epoch)", v[0], v[1]);
            s.setMarker(SeriesMarkers.CIRCLE).setLineWidth(2.5f);
        }
        return chart;
    }

    private static double[][] columns(List<double[]> points) {
        double[][] c = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            c[0][i] = points.get(i)[0];
            c[1][i] = points.get(i)[1];
        }
        return c;
    }
}
