package io.recvalue.explain.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The report's plots, drawn with Java2D in headless mode and encoded as PNG: histograms, horizontal
 * bar charts (with error bars), scatter plots and line charts. Each method returns the PNG bytes.
 */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};
  private static final Color POSITIVE = new Color(0x2b8cbe);
  private static final Color NEGATIVE = new Color(0xe34a33);
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 50;
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  private static final int MIN_LABEL_WIDTH = 190;
  private static final int MAX_LABEL_WIDTH = 360;

  private Charts() {}

  /** A histogram: {@code counts[k]} rows in {@code [edges[k], edges[k+1])}. */
  public static byte[] histogram(double[] edges, long[] counts, String title, String xLabel, boolean logCounts) {
    int w = 720;
    int h = 320;
    Canvas c = new Canvas(w, h, title);
    double maxCount = 1;
    for (long n : counts) {
      maxCount = Math.max(maxCount, logCounts ? Math.log10(1 + n) : n);
    }
    Axis x = new Axis(edges[0], edges[edges.length - 1], LEFT, w - RIGHT);
    Axis y = new Axis(0, maxCount, h - BOTTOM, TOP);
    c.axes(x, y, xLabel, logCounts ? "log10(1 + count)" : "count");
    c.g.setColor(POSITIVE);
    for (int k = 0; k < counts.length; k++) {
      double v = logCounts ? Math.log10(1 + counts[k]) : counts[k];
      int x0 = x.px(edges[k]);
      int x1 = Math.max(x0 + 1, x.px(edges[k + 1]) - 1);
      int y0 = y.px(v);
      c.g.fillRect(x0, y0, x1 - x0, y.px(0) - y0);
    }
    return c.png();
  }

  /**
   * Horizontal bars, one per label, from 0 to {@code values[k]} (blue when positive, red when
   * negative), with {@code ± errors[k]} whiskers when {@code errors} is not null.
   */
  public static byte[] bars(List<String> labels, double[] values, double[] errors, String title, String xLabel) {
    int rowHeight = 22;
    int labelWidth = labelWidth(labels);
    int w = labelWidth + 530;
    int h = TOP + BOTTOM + rowHeight * Math.max(1, labels.size());
    Canvas c = new Canvas(w, h, title);
    double lo = 0;
    double hi = 0;
    for (int k = 0; k < values.length; k++) {
      double e = errors == null ? 0 : errors[k];
      lo = Math.min(lo, values[k] - e);
      hi = Math.max(hi, values[k] + e);
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    Axis x = new Axis(lo, hi, labelWidth, w - RIGHT);
    c.xAxis(x, h - BOTTOM, xLabel);
    c.g.setColor(Color.GRAY);
    c.g.drawLine(x.px(0), TOP, x.px(0), h - BOTTOM);
    FontMetrics fm = c.g.getFontMetrics();
    for (int k = 0; k < labels.size(); k++) {
      int top = TOP + k * rowHeight + 3;
      int x0 = x.px(Math.min(0, values[k]));
      int x1 = x.px(Math.max(0, values[k]));
      c.g.setColor(values[k] >= 0 ? POSITIVE : NEGATIVE);
      c.g.fillRect(x0, top, Math.max(1, x1 - x0), rowHeight - 6);
      if (errors != null && errors[k] > 0) {
        c.g.setColor(Color.BLACK);
        int mid = top + (rowHeight - 6) / 2;
        c.g.drawLine(x.px(values[k] - errors[k]), mid, x.px(values[k] + errors[k]), mid);
      }
      c.g.setColor(Color.BLACK);
      String label = ellipsis(labels.get(k), fm, labelWidth - 10);
      c.g.drawString(label, labelWidth - 6 - fm.stringWidth(label), top + rowHeight - 9);
    }
    return c.png();
  }

  /** A scatter of {@code (x, y)}, highlighted points in a second colour, with the line {@code y = x}. */
  public static byte[] scatter(double[] xs, double[] ys, boolean[] highlight, String title, String xLabel,
      String yLabel, String plainLegend, String highlightLegend) {
    int w = 560;
    int h = 480;
    Canvas c = new Canvas(w, h, title);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < xs.length; k++) {
      lo = Math.min(lo, Math.min(xs[k], ys[k]));
      hi = Math.max(hi, Math.max(xs[k], ys[k]));
    }
    if (!(hi > lo)) {
      lo = lo - 1;
      hi = lo + 2;
    }
    Axis x = new Axis(lo, hi, LEFT, w - RIGHT);
    Axis y = new Axis(lo, hi, h - BOTTOM, TOP);
    c.axes(x, y, xLabel, yLabel);
    c.g.setColor(Color.GRAY);
    c.g.drawLine(x.px(lo), y.px(lo), x.px(hi), y.px(hi));
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < xs.length; k++) {
        if (highlight[k] == (pass == 1)) {
          c.g.setColor(pass == 1 ? new Color(214, 39, 40, 200) : new Color(31, 119, 180, 110));
          c.g.fillOval(x.px(xs[k]) - 3, y.px(ys[k]) - 3, 6, 6);
        }
      }
    }
    c.legend(List.of(plainLegend, highlightLegend), List.of(PALETTE[0], PALETTE[1]));
    return c.png();
  }

  /** Lines through the points of each series ({@code [x[], y[]]}), one colour per series. */
  public static byte[] lines(Map<String, double[][]> series, String title, String xLabel, String yLabel) {
    int w = 640;
    int h = 360;
    Canvas c = new Canvas(w, h, title);
    double xlo = Double.POSITIVE_INFINITY;
    double xhi = Double.NEGATIVE_INFINITY;
    double ylo = Double.POSITIVE_INFINITY;
    double yhi = Double.NEGATIVE_INFINITY;
    for (double[][] s : series.values()) {
      for (int k = 0; k < s[0].length; k++) {
        xlo = Math.min(xlo, s[0][k]);
        xhi = Math.max(xhi, s[0][k]);
        ylo = Math.min(ylo, s[1][k]);
        yhi = Math.max(yhi, s[1][k]);
      }
    }
    if (!(xhi > xlo)) {
      xhi = xlo + 1;
    }
    if (!(yhi > ylo)) {
      yhi = ylo + 1;
    }
    double pad = 0.05 * (yhi - ylo);
    Axis x = new Axis(xlo, xhi, LEFT, w - RIGHT);
    Axis y = new Axis(ylo - pad, yhi + pad, h - BOTTOM, TOP);
    c.axes(x, y, xLabel, yLabel);
    List<String> names = new ArrayList<>(series.keySet());
    List<Color> colors = new ArrayList<>();
    c.g.setStroke(new BasicStroke(2f));
    for (int n = 0; n < names.size(); n++) {
      Color color = PALETTE[n % PALETTE.length];
      colors.add(color);
      double[][] s = series.get(names.get(n));
      c.g.setColor(color);
      for (int k = 0; k < s[0].length; k++) {
        c.g.fillOval(x.px(s[0][k]) - 3, y.px(s[1][k]) - 3, 6, 6);
        if (k > 0) {
          c.g.drawLine(x.px(s[0][k - 1]), y.px(s[1][k - 1]), x.px(s[0][k]), y.px(s[1][k]));
        }
      }
    }
    c.g.setStroke(new BasicStroke(1f));
    c.legend(names, colors);
    return c.png();
  }

  /**
   * Room for the widest label in the plain chart font, at least {@link #MIN_LABEL_WIDTH} and at most
   * {@link #MAX_LABEL_WIDTH} pixels (longer labels are cut with an ellipsis).
   */
  private static int labelWidth(List<String> labels) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      FontMetrics fm = g.getFontMetrics(LABEL_FONT);
      int widest = 0;
      for (String l : labels) {
        widest = Math.max(widest, fm.stringWidth(l));
      }
      return Math.max(MIN_LABEL_WIDTH, Math.min(MAX_LABEL_WIDTH, widest + 16));
    } finally {
      g.dispose();
    }
  }

  private static String ellipsis(String s, FontMetrics fm, int width) {
    if (fm.stringWidth(s) <= width) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }

  /** A linear map from data to pixels. */
  private record Axis(double lo, double hi, int from, int to) {
    int px(double v) {
      return (int) Math.round(from + (v - lo) / (hi - lo) * (to - from));
    }

    /** The distance between ticks: 1, 2 or 5 times a power of ten, about a fifth of the span. */
    double step() {
      double raw = (hi - lo) / 5;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      return mag * (raw / mag < 1.5 ? 1 : raw / mag < 3.5 ? 2 : raw / mag < 7.5 ? 5 : 10);
    }

    /** About five round tick values inside {@code [lo, hi]}. */
    List<Double> ticks() {
      double step = step();
      List<Double> out = new ArrayList<>();
      for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
        out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
      }
      return out;
    }
  }

  /**
   * A tick label with as many digits as the tick step needs (steps are 1, 2 or 5 times a power of
   * ten, so neighbouring ticks never print alike); scientific notation for very small or large values.
   */
  static String format(double v, double step) {
    if (v == 0) {
      return "0";
    }
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    double a = Math.abs(v);
    if (decimals <= 4 && a < 1e6) {
      return new java.math.BigDecimal(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).toPlainString();
    }
    int digits = Math.max(1, (int) (Math.floor(Math.log10(a) + 1e-9) - Math.floor(Math.log10(step) + 1e-9)));
    return String.format(Locale.ROOT, "%." + digits + "e", v);
  }

  /** An image with a white background, a title and antialiasing. */
  private static final class Canvas {
    final BufferedImage image;
    final Graphics2D g;
    final int w;
    final int h;

    Canvas(int w, int h, String title) {
      this.w = w;
      this.h = h;
      image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      g = image.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(title, LEFT, 22);
      g.setFont(LABEL_FONT);
    }

    void axes(Axis x, Axis y, String xLabel, String yLabel) {
      xAxis(x, y.from(), xLabel);
      g.setColor(Color.BLACK);
      g.drawLine(x.from(), y.from(), x.from(), y.to());
      FontMetrics fm = g.getFontMetrics();
      for (double t : y.ticks()) {
        int py = y.px(t);
        g.setColor(new Color(235, 235, 235));
        g.drawLine(x.from() + 1, py, x.to(), py);
        g.setColor(Color.BLACK);
        g.drawLine(x.from() - 4, py, x.from(), py);
        String s = format(t, y.step());
        g.drawString(s, x.from() - 6 - fm.stringWidth(s), py + 4);
      }
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(yLabel, -(y.from() + y.to()) / 2 - fm.stringWidth(yLabel) / 2, 14);
      g.setTransform(saved);
    }

    void xAxis(Axis x, int atY, String label) {
      g.setColor(Color.BLACK);
      g.drawLine(x.from(), atY, x.to(), atY);
      FontMetrics fm = g.getFontMetrics();
      for (double t : x.ticks()) {
        int px = x.px(t);
        g.drawLine(px, atY, px, atY + 4);
        String s = format(t, x.step());
        g.drawString(s, px - fm.stringWidth(s) / 2, atY + 17);
      }
      g.drawString(label, (x.from() + x.to()) / 2 - fm.stringWidth(label) / 2, atY + 36);
    }

    void legend(List<String> names, List<Color> colors) {
      FontMetrics fm = g.getFontMetrics();
      int y = TOP + 6;
      for (int n = 0; n < names.size(); n++) {
        int x = w - RIGHT - 10 - fm.stringWidth(names.get(n)) - 16;
        g.setColor(colors.get(n));
        g.fillRect(x, y + n * 16, 10, 10);
        g.setColor(Color.BLACK);
        g.drawString(names.get(n), x + 16, y + n * 16 + 10);
      }
    }

    byte[] png() {
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "png", out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }
  }
}
