package dev.cadenza.examples;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.cadenza.model.Evaluation;
import dev.cadenza.model.StepResult;
import dev.cadenza.train.TrainingListener;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
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

    public MetricsLog(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
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
    public void onEpochEnd(int epoch, Evaluation training, Evaluation validation) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.put("epoch", epoch);
        m.put("step", lastStep);
        m.put("trainingLoss", training.loss());
        if (validation != null) {
            m.put("validationLoss", validation.loss());
            m.put("validationAccuracy", validation.accuracy());
            m.put("validationTopK", validation.topKAccuracy());
            this.validation.add(new double[] {lastStep, validation.loss()});
        }
        append(m);
        try {
            ImageIO.write(plot(), "png", folder.resolve("loss-curve.png").toFile());
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

    BufferedImage plot() {
        int w = 800, h = 450, left = 70, right = 20, top = 30, bottom = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double maxStep = Math.max(1, lastStep), maxLoss = 0, minLoss = Double.MAX_VALUE;
        for (double[] p : steps) { maxLoss = Math.max(maxLoss, p[1]); minLoss = Math.min(minLoss, p[1]); }
        for (double[] p : validation) { maxLoss = Math.max(maxLoss, p[1]); minLoss = Math.min(minLoss, p[1]); }
        if (steps.isEmpty()) { minLoss = 0; maxLoss = 1; }
        minLoss = Math.max(0, minLoss - 0.05 * (maxLoss - minLoss));
        if (maxLoss <= minLoss) maxLoss = minLoss + 1;
        g.setColor(Color.GRAY);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int i = 0; i <= 5; i++) {
            double v = minLoss + (maxLoss - minLoss) * i / 5;
            int y = top + (int) ((h - top - bottom) * (1 - (double) i / 5));
            g.drawString(String.format("%.2f", v), 10, y + 4);
            g.drawString(String.format("%.0f", maxStep * i / 5), left + (w - left - right) * i / 5 - 10, h - bottom + 18);
        }
        g.drawString("optimizer step", w / 2 - 40, h - 12);
        g.drawString("loss (nats per token): training (blue), validation (orange)", left, 18);
        g.setStroke(new BasicStroke(1.2f));
        draw(g, steps, new Color(40, 90, 200), maxStep, minLoss, maxLoss, left, top, w - left - right, h - top - bottom);
        g.setStroke(new BasicStroke(2.5f));
        draw(g, validation, new Color(230, 120, 20), maxStep, minLoss, maxLoss, left, top, w - left - right, h - top - bottom);
        g.dispose();
        return img;
    }

    private static void draw(Graphics2D g, List<double[]> pts, Color c, double maxX, double minY, double maxY,
                             int x0, int y0, int pw, int ph) {
        g.setColor(c);
        int px = -1, py = -1;
        for (double[] p : pts) {
            int x = x0 + (int) (pw * p[0] / maxX);
            int y = y0 + (int) (ph * (1 - (p[1] - minY) / (maxY - minY)));
            if (px >= 0) g.drawLine(px, py, x, y);
            else g.fillOval(x - 2, y - 2, 4, 4);
            px = x;
            py = y;
        }
    }
}
