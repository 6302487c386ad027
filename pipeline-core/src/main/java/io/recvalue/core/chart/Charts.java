package io.recvalue.core.chart;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The project's charts, drawn with Java2D in headless mode and encoded as PNG: histograms, horizontal
 * bar charts (with error bars), scatter plots, line charts, and line charts side by side sharing one
 * legend. Each method returns the PNG bytes; every chart uses one {@link Palette}, one axis style and
 * one tick format.
 */
public final class Charts {
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
    Axis x = new Axis(edges[0], edges[edges.length - 1], Canvas.LEFT, w - Canvas.RIGHT);
    Axis y = new Axis(0, maxCount, h - Canvas.BOTTOM, Canvas.TOP);
    c.axes(x, y, xLabel, logCounts ? "log10(1 + count)" : "count");
    c.g.setColor(Palette.POSITIVE);
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
    int h = Canvas.TOP + Canvas.BOTTOM + rowHeight * Math.max(1, labels.size());
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
    Axis x = new Axis(lo, hi, labelWidth, w - Canvas.RIGHT);
    c.xAxis(x, h - Canvas.BOTTOM, xLabel);
    c.g.setColor(Color.GRAY);
    c.g.drawLine(x.px(0), Canvas.TOP, x.px(0), h - Canvas.BOTTOM);
    FontMetrics fm = c.g.getFontMetrics();
    for (int k = 0; k < labels.size(); k++) {
      int top = Canvas.TOP + k * rowHeight + 3;
      int x0 = x.px(Math.min(0, values[k]));
      int x1 = x.px(Math.max(0, values[k]));
      c.g.setColor(values[k] >= 0 ? Palette.POSITIVE : Palette.NEGATIVE);
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
    Axis x = new Axis(lo, hi, Canvas.LEFT, w - Canvas.RIGHT);
    Axis y = new Axis(lo, hi, h - Canvas.BOTTOM, Canvas.TOP);
    c.axes(x, y, xLabel, yLabel);
    c.g.setColor(Color.GRAY);
    c.g.drawLine(x.px(lo), y.px(lo), x.px(hi), y.px(hi));
    Color plain = Palette.series(0);
    Color highlighted = Palette.series(1);
    for (int pass = 0; pass < 2; pass++) {
      for (int k = 0; k < xs.length; k++) {
        if (highlight[k] == (pass == 1)) {
          c.g.setColor(pass == 1 ? translucent(highlighted, 200) : translucent(plain, 110));
          c.g.fillOval(x.px(xs[k]) - 3, y.px(ys[k]) - 3, 6, 6);
        }
      }
    }
    c.legend(List.of(plainLegend, highlightLegend), List.of(plain, highlighted));
    return c.png();
  }

  /** Lines through the points of each series ({@code [x[], y[]]}), one palette colour per series. */
  public static byte[] lines(Map<String, double[][]> series, String title, String xLabel, String yLabel) {
    int w = 640;
    int h = 360;
    Canvas c = new Canvas(w, h, title);
    List<Series> lines = new ArrayList<>();
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      lines.add(Series.plain(e.getKey(), e.getValue()[0], e.getValue()[1], Palette.series(lines.size())));
    }
    plot(c, 0, w, h, lines, xLabel, yLabel);
    List<String> names = new ArrayList<>();
    List<Color> colors = new ArrayList<>();
    for (Series s : lines) {
      names.add(s.name());
      colors.add(s.color());
    }
    c.legend(names, colors);
    return c.png();
  }

  /**
   * Line charts side by side, {@code panelWidth × panelHeight} each, with one legend below them of
   * every series marked for it (by name, once, in order of appearance).
   */
  public static byte[] panels(List<Panel> panels, int panelWidth, int panelHeight) {
    int w = panelWidth * panels.size();
    Map<String, Series> legend = new LinkedHashMap<>();
    for (Panel p : panels) {
      for (Series s : p.series()) {
        if (s.inLegend()) {
          legend.putIfAbsent(s.name(), s);
        }
      }
    }
    Canvas c = new Canvas(w, panelHeight + Canvas.lineLegendHeight(legend.size(), w));
    for (int n = 0; n < panels.size(); n++) {
      Panel p = panels.get(n);
      c.title(p.title(), n * panelWidth);
      plot(c, n * panelWidth, panelWidth, panelHeight, p.series(), p.xLabel(), p.yLabel());
    }
    c.lineLegend(new ArrayList<>(legend.values()), panelHeight + 10);
    return c.png();
  }

  /** Axes over the series' range (y padded by 5 %) in the chart area at {@code x0}, and the series. */
  private static void plot(Canvas c, int x0, int w, int h, List<Series> series, String xLabel, String yLabel) {
    double xlo = Double.POSITIVE_INFINITY;
    double xhi = Double.NEGATIVE_INFINITY;
    double ylo = Double.POSITIVE_INFINITY;
    double yhi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int k = 0; k < s.x().length; k++) {
        xlo = Math.min(xlo, s.x()[k]);
        xhi = Math.max(xhi, s.x()[k]);
        ylo = Math.min(ylo, s.y()[k]);
        yhi = Math.max(yhi, s.y()[k]);
      }
    }
    Axis x = Axis.over(xlo, xhi, 0, x0 + Canvas.LEFT, x0 + w - Canvas.RIGHT);
    Axis y = Axis.over(ylo, yhi, 0.05, h - Canvas.BOTTOM, Canvas.TOP);
    c.axes(x, y, xLabel, yLabel);
    for (Series s : series) {
      c.draw(s, x, y);
    }
  }

  private static Color translucent(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  /**
   * Room for the widest label in the plain chart font, at least {@link #MIN_LABEL_WIDTH} and at most
   * {@link #MAX_LABEL_WIDTH} pixels (longer labels are cut with an ellipsis).
   */
  private static int labelWidth(List<String> labels) {
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      FontMetrics fm = g.getFontMetrics(Canvas.LABEL_FONT);
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

  /**
   * A tick label with as many digits as the tick step needs (steps are 1, 2 or 5 times a power of
   * ten, so neighbouring ticks never print alike); scientific notation for very small or large values.
   */
  public static String format(double v, double step) {
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
}
