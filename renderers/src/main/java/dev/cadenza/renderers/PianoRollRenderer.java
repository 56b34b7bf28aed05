package dev.cadenza.renderers;

import dev.cadenza.spi.Options;

import dev.cadenza.music.Note;
import dev.cadenza.music.Part;
import dev.cadenza.music.Score;
import dev.cadenza.music.TimeSignature;
import dev.cadenza.render.Renderer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Draws a score as a piano-roll PNG (headless java.awt): time to the right, pitch upwards, one colour per part,
 * bar lines from the time signatures with bar numbers, a pitch axis labelled at every C, and drum parts in a lane of
 * their own below (one row per drum sound), since their pitches are sounds, not notes.
 * <p>
 * Size: {@code pixels-per-quarter} (default 24, lowered so that a long piece stays within 4000 pixels unless set)
 * and {@code pixels-per-semitone} (default 6), or a total {@code width} / {@code height} in pixels that the roll is
 * fitted to. An image is at most 32767 pixels on a side and 100 million pixels in all.
 */
public final class PianoRollRenderer implements Renderer {
    /** The format name this renderer is registered under. */
    public static final String FORMAT = "png";
    private static final Set<String> OPTIONS = Set.of("pixels-per-quarter", "pixels-per-semitone", "width", "height");
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x7f7f7f)};
    private static final int LEFT = 40, RIGHT = 12, TOP = 34, BOTTOM = 20, DRUM_GAP = 10;
    private static final int DEFAULT_MAX_WIDTH = 4000;
    private static final long MAX_PIXELS = 100_000_000L;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String extension() {
        return "png";
    }

    @Override
    public void render(Score score, OutputStream out, Options options) throws IOException {
        Options o = options.readBy("the '" + FORMAT + "' renderer", OPTIONS);
        int tpq = score.ticksPerQuarter();
        double quarters = Math.max(1, score.end()) / (double) tpq;

        int low = 127, high = 0;
        TreeSet<Integer> drumKeys = new TreeSet<>();
        for (Part p : score.parts())
            for (Note n : p.notes()) {
                if (p.drums()) {
                    drumKeys.add(n.pitch());
                } else {
                    low = Math.min(low, n.pitch());
                    high = Math.max(high, n.pitch());
                }
            }
        if (low > high) { // no pitched notes: show the octave of middle C
            low = 60;
            high = 71;
        }
        low = Math.max(0, low - low % 12);           // whole octaves, so every C label is present
        high = Math.min(127, high + 11 - high % 12);
        int rows = high - low + 1, drumRows = drumKeys.size();
        int drumSpace = drumRows == 0 ? 0 : DRUM_GAP;

        double pps;
        if (o.has("height")) {
            int height = o.integer("height", 0, 64, 32767);
            pps = (height - TOP - BOTTOM - drumSpace) / (double) (rows + drumRows);
            if (pps < 1) throw new IllegalArgumentException("option 'height' of the 'png' renderer was " + height
                    + ", too small for " + (rows + drumRows) + " pitch rows (at least one pixel each)");
        } else {
            pps = o.integer("pixels-per-semitone", 6, 1, 64);
        }
        double ppq;
        if (o.has("width")) {
            ppq = (o.integer("width", 0, 64, 32767) - LEFT - RIGHT) / quarters;
        } else if (o.has("pixels-per-quarter")) {
            ppq = o.number("pixels-per-quarter", 24, 0.01, 4096);
        } else {
            ppq = Math.min(24, (DEFAULT_MAX_WIDTH - LEFT - RIGHT) / quarters);
        }
        int width = (int) Math.ceil(LEFT + RIGHT + quarters * ppq);
        if (!o.has("width")) width = Math.max(width, legendWidth(score)); // a short piece still shows every part's name
        int height = (int) Math.round(TOP + BOTTOM + drumSpace + (rows + drumRows) * pps);
        if (width > 32767 || height > 32767 || (long) width * height > MAX_PIXELS)
            throw new IllegalArgumentException("a piano roll of " + width + " x " + height + " pixels is too large for the 'png'"
                    + " renderer; lower 'pixels-per-quarter' / 'pixels-per-semitone' or set 'width' / 'height'");

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int rollRight = width - RIGHT;
            double pitchedBottom = TOP + rows * pps;

            // Pitch rows: black keys shaded, a line under every C, labelled.
            g.setFont(SMALL);
            FontMetrics fm = g.getFontMetrics();
            for (int p = low; p <= high; p++) {
                double y = rowTop(p, high, pps);
                int pc = p % 12;
                if (pc == 1 || pc == 3 || pc == 6 || pc == 8 || pc == 10) {
                    g.setColor(new Color(0xF0F0F0));
                    g.fillRect(LEFT, (int) Math.round(y), rollRight - LEFT, (int) Math.max(1, Math.round(y + pps) - Math.round(y)));
                }
                if (pc == 0) {
                    int yb = (int) Math.round(y + pps);
                    g.setColor(new Color(0xC8C8C8));
                    g.drawLine(LEFT, yb, rollRight, yb);
                    g.setColor(Color.DARK_GRAY);
                    String label = "C" + (p / 12 - 1);
                    g.drawString(label, LEFT - 4 - fm.stringWidth(label), yb - Math.max(0, (int) (pps - fm.getAscent()) / 2) - 1);
                }
            }

            // Bars and beats from the time signatures.
            List<long[]> bars = bars(score);
            int labelEvery = Math.max(1, (int) Math.ceil(28 / Math.max(1e-9, ppq * score.meter().ticksPerBar(tpq) / tpq)));
            for (int i = 0; i < bars.size(); i++) {
                long start = bars.get(i)[0], beat = bars.get(i)[1], end = bars.get(i)[2];
                if (beat * ppq / tpq >= 6) {
                    g.setColor(new Color(0xE6E6E6));
                    for (long t = start + beat; t < end; t += beat) {
                        int x = x(t, tpq, ppq);
                        g.drawLine(x, TOP, x, height - BOTTOM);
                    }
                }
                int x = x(start, tpq, ppq);
                g.setColor(new Color(0x909090));
                g.drawLine(x, TOP, x, height - BOTTOM);
                if (i % labelEvery == 0) {
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.valueOf(i + 1), x + 2, height - BOTTOM + fm.getAscent() + 2);
                }
            }
            g.setColor(new Color(0x909090));
            g.drawLine(x(score.end(), tpq, ppq), TOP, x(score.end(), tpq, ppq), height - BOTTOM);

            // Notes, part by part, in the part's colour; a darker edge keeps repeated notes apart.
            List<Integer> drumList = new ArrayList<>(drumKeys);
            for (int i = 0; i < score.parts().size(); i++) {
                Part p = score.parts().get(i);
                Color c = PALETTE[i % PALETTE.length];
                for (Note n : p.notes()) {
                    double y = p.drums()
                            ? pitchedBottom + DRUM_GAP + (drumList.size() - 1 - drumList.indexOf(n.pitch())) * pps
                            : rowTop(n.pitch(), high, pps);
                    int x0 = x(n.onset(), tpq, ppq), x1 = x(n.end(), tpq, ppq);
                    int y0 = (int) Math.round(y), y1 = (int) Math.round(y + pps);
                    int w = Math.max(1, x1 - x0), h = Math.max(1, y1 - y0);
                    float strength = 0.45f + 0.55f * n.velocity() / 127f;
                    g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), Math.round(255 * strength)));
                    g.fillRect(x0, y0, w, h);
                    if (w >= 3 && h >= 3) {
                        g.setColor(c.darker());
                        g.setStroke(new BasicStroke(1));
                        g.drawRect(x0, y0, w - 1, h - 1);
                    }
                }
            }
            if (drumRows > 0) {
                g.setColor(Color.DARK_GRAY);
                String label = "drums";
                g.drawString(label, Math.max(1, LEFT - 4 - fm.stringWidth(label)), (int) (pitchedBottom + DRUM_GAP + fm.getAscent()));
            }

            // Title and legend.
            g.setFont(TITLE);
            g.setColor(Color.BLACK);
            int lx = 6;
            if (!score.title().isBlank()) {
                g.drawString(score.title(), lx, 15);
                lx += g.getFontMetrics().stringWidth(score.title()) + 14;
            }
            g.setFont(SMALL);
            for (int i = 0; i < score.parts().size(); i++) {
                String name = partName(score, i);
                g.setColor(PALETTE[i % PALETTE.length]);
                g.fillRect(lx, 6, 10, 10);
                g.setColor(Color.BLACK);
                g.drawString(name, lx + 13, 15);
                lx += 13 + fm.stringWidth(name) + 12;
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JDK's ImageIO");
    }

    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);

    /** Pixels the title and the legend need, measured as {@link #render} draws them. */
    private static int legendWidth(Score score) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            int w = 6 + (score.title().isBlank() ? 0 : g.getFontMetrics(TITLE).stringWidth(score.title()) + 14);
            FontMetrics fm = g.getFontMetrics(SMALL);
            for (int i = 0; i < score.parts().size(); i++) w += 13 + fm.stringWidth(partName(score, i)) + 12;
            return w;
        } finally {
            g.dispose();
        }
    }

    private static String partName(Score score, int i) {
        Part p = score.parts().get(i);
        return p.name().isBlank() ? (p.drums() ? "Drums" : "Part " + (i + 1)) : p.name();
    }

    private static double rowTop(int pitch, int high, double pps) {
        return TOP + (high - pitch) * pps;
    }

    private static int x(long tick, int tpq, double ppq) {
        return LEFT + (int) Math.round(tick * ppq / tpq);
    }

    /** Bars as {start, beat length, end} in ticks, following the time signatures up to the end of the score. */
    private static List<long[]> bars(Score score) {
        List<TimeSignature> meters = new ArrayList<>(score.timeSignatures());
        if (meters.isEmpty() || meters.get(0).tick() > 0) meters.add(0, new TimeSignature(0, 4, 4));
        int tpq = score.ticksPerQuarter();
        long end = Math.max(1, score.end());
        List<long[]> bars = new ArrayList<>();
        long at = 0;
        int m = 0;
        while (at < end) {
            while (m + 1 < meters.size() && meters.get(m + 1).tick() <= at) m++;
            TimeSignature t = meters.get(m);
            // Compound meters (6/8, 9/8, 12/8) are felt in dotted quarters.
            long beat = Math.max(1, 4L * tpq / t.denominator() * (t.denominator() == 8 && t.numerator() % 3 == 0 && t.numerator() > 3 ? 3 : 1));
            long next = at + Math.max(1, t.ticksPerBar(tpq));
            if (m + 1 < meters.size()) next = Math.min(next, meters.get(m + 1).tick());
            bars.add(new long[] {at, beat, next});
            at = next;
        }
        return bars;
    }
}
