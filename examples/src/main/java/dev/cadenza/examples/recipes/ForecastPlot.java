package dev.cadenza.examples.recipes;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Forecasts against the truth as a PNG: one panel per series, the history, then the true and forecast values after it. */
final class ForecastPlot {
    private ForecastPlot() {}

    /**
     * One series: its title, the values the models read, the true continuation and each forecast of it by name (as
     * long as the truth).
     */
    record Panel(String title, double[] history, double[] truth, Map<String, double[]> forecasts) {}

    /** Writes the panels (up to three in a row, else two or three per row) into {@code file} (a .png path) and returns it. */
    static Path write(List<Panel> panels, String xTitle, String yTitle, Path file) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (Panel p : panels) {
            XYChart chart = new XYChartBuilder().width(640).height(400).title(p.title()).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
            chart.getStyler().setPlotGridLinesVisible(true);
            chart.getStyler().setMarkerSize(5);
            int n = p.history().length, h = p.truth().length;
            double[] past = new double[n], ahead = new double[h];
            for (int t = 0; t < n; t++) past[t] = t - n + 1;
            for (int t = 0; t < h; t++) ahead[t] = t + 1;
            XYSeries history = chart.addSeries("history", past, p.history());
            history.setMarker(SeriesMarkers.CIRCLE).setLineWidth(1.2f);
            XYSeries truth = chart.addSeries("truth", ahead, p.truth());
            truth.setMarker(SeriesMarkers.CIRCLE).setLineWidth(2.5f);
            for (Map.Entry<String, double[]> f : p.forecasts().entrySet()) {
                XYSeries s = chart.addSeries(f.getKey(), ahead, f.getValue());
                s.setMarker(SeriesMarkers.CROSS).setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {6, 4}, 0));
            }
            charts.add(chart);
        }
        int n = charts.size(); // XChart fills exactly rows x cols panels
        int cols = n <= 3 ? n : n % 2 == 0 ? 2 : n % 3 == 0 ? 3 : 1, rows = n / cols;
        BitmapEncoder.saveBitmap(charts, rows, cols, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
