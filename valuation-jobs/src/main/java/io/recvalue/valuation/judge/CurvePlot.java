package io.recvalue.valuation.judge;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The removal curves as a PNG, drawn with Java2D in headless mode: one panel per metric (NDCG@10,
 * Recall@20 and, for explicit data, RMSE) against the removed fraction; one solid line per method
 * removing the lowest values first, a dashed line removing the highest first, and the random orders
 * in grey (their mean, thick).
 */
final class CurvePlot {
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 320;
  private static final int MARGIN = 55;
  private static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e)};

  private CurvePlot() {}

  static byte[] png(List<CurvePoint> points, boolean implicit) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, ToDoubleFunction<CurvePoint>> metrics = new LinkedHashMap<>();
    metrics.put("NDCG@10", CurvePoint::ndcgAt10);
    metrics.put("Recall@20", CurvePoint::recallAt20);
    if (!implicit) {
      metrics.put("RMSE", CurvePoint::rmse);
    }
    long lines = series(points).keySet().stream().filter(n -> !n.startsWith("random")).count();
    int legendH = 40 + 18 * (int) ((lines + 1) * 260 / Math.max(1, PANEL_W * metrics.size() - 260) + 1);
    BufferedImage img = new BufferedImage(PANEL_W * metrics.size(), PANEL_H + legendH, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int x0 = 0;
    for (Map.Entry<String, ToDoubleFunction<CurvePoint>> m : metrics.entrySet()) {
      panel(g, x0, m.getKey(), points, m.getValue());
      x0 += PANEL_W;
    }
    legend(g, points, PANEL_H + 10, img.getWidth());
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** Series name → points sorted by fraction; the random mean is its own series. */
  private static Map<String, List<CurvePoint>> series(List<CurvePoint> points) {
    Map<String, List<CurvePoint>> s = new LinkedHashMap<>();
    for (CurvePoint p : points) {
      String name = p.method().equals(CurvePoint.RANDOM) ? "random seed " + p.seed()
          : p.method() + " " + p.direction().replace('_', ' ');
      s.computeIfAbsent(name, k -> new ArrayList<>()).add(p);
    }
    s.values().forEach(l -> l.sort((a, b) -> Double.compare(a.removedFraction(), b.removedFraction())));
    return s;
  }

  private static void panel(Graphics2D g, int x0, String title, List<CurvePoint> points, ToDoubleFunction<CurvePoint> metric) {
    double maxX = points.stream().mapToDouble(CurvePoint::removedFraction).max().orElse(1);
    double lo = points.stream().mapToDouble(metric).min().orElse(0);
    double hi = points.stream().mapToDouble(metric).max().orElse(1);
    if (hi - lo < 1e-12) {
      hi = lo + 1e-6;
    }
    double pad = 0.05 * (hi - lo);
    lo -= pad;
    hi += pad;
    int left = x0 + MARGIN;
    int right = x0 + PANEL_W - 15;
    int top = 30;
    int bottom = PANEL_H - 40;
    g.setColor(Color.BLACK);
    g.drawString(title + " on test vs removed fraction", left, 18);
    g.drawRect(left, top, right - left, bottom - top);
    for (int t = 0; t <= 4; t++) {
      double v = lo + t * (hi - lo) / 4;
      int y = bottom - (int) Math.round(t * (bottom - top) / 4.0);
      g.setColor(new Color(0xeeeeee));
      g.drawLine(left + 1, y, right - 1, y);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.4f", v), x0 + 4, y + 4);
    }
    for (double xv : new java.util.TreeSet<>(points.stream().map(CurvePoint::removedFraction).toList())) {
      int x = left + (int) Math.round((maxX == 0 ? 0 : xv / maxX) * (right - left));
      g.drawString(String.format(Locale.ROOT, "%.0f%%", 100 * xv), x - 10, bottom + 16);
    }
    double fLo = lo;
    double fHi = hi;
    java.util.function.DoubleUnaryOperator sx = f -> left + (maxX == 0 ? 0 : f / maxX) * (right - left);
    java.util.function.DoubleUnaryOperator sy = v -> bottom - (v - fLo) / (fHi - fLo) * (bottom - top);
    Map<String, List<CurvePoint>> series = series(points);
    int colour = 0;
    Map<String, Color> colours = colours(series);
    for (Map.Entry<String, List<CurvePoint>> e : series.entrySet()) {
      boolean random = e.getKey().startsWith("random");
      boolean highest = e.getKey().endsWith("highest first");
      g.setColor(colours.get(e.getKey()));
      g.setStroke(highest ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(random ? 1f : 2f));
      drawLine(g, e.getValue(), metric, sx, sy);
      colour++;
    }
    TreeMap<Double, double[]> mean = new TreeMap<>();
    for (CurvePoint p : points) {
      if (p.method().equals(CurvePoint.RANDOM)) {
        double[] a = mean.computeIfAbsent(p.removedFraction(), k -> new double[2]);
        a[0] += metric.applyAsDouble(p);
        a[1]++;
      }
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(3f));
    Double px = null;
    Double py = null;
    for (Map.Entry<Double, double[]> e : mean.entrySet()) {
      double x = sx.applyAsDouble(e.getKey());
      double y = sy.applyAsDouble(e.getValue()[0] / e.getValue()[1]);
      if (px != null) {
        g.drawLine((int) Math.round(px), (int) Math.round(py), (int) Math.round(x), (int) Math.round(y));
      }
      px = x;
      py = y;
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static Map<String, Color> colours(Map<String, List<CurvePoint>> series) {
    Map<String, Color> c = new LinkedHashMap<>();
    List<String> methods = new ArrayList<>();
    for (String name : series.keySet()) {
      if (name.startsWith("random")) {
        c.put(name, new Color(0xbbbbbb));
        continue;
      }
      String method = name.substring(0, name.indexOf(' '));
      if (!methods.contains(method)) {
        methods.add(method);
      }
      c.put(name, PALETTE[methods.indexOf(method) % PALETTE.length]);
    }
    return c;
  }

  private static void drawLine(Graphics2D g, List<CurvePoint> pts, ToDoubleFunction<CurvePoint> metric,
      java.util.function.DoubleUnaryOperator sx, java.util.function.DoubleUnaryOperator sy) {
    for (int t = 0; t < pts.size(); t++) {
      int x = (int) Math.round(sx.applyAsDouble(pts.get(t).removedFraction()));
      int y = (int) Math.round(sy.applyAsDouble(metric.applyAsDouble(pts.get(t))));
      g.fillOval(x - 3, y - 3, 6, 6);
      if (t > 0) {
        int xp = (int) Math.round(sx.applyAsDouble(pts.get(t - 1).removedFraction()));
        int yp = (int) Math.round(sy.applyAsDouble(metric.applyAsDouble(pts.get(t - 1))));
        g.drawLine(xp, yp, x, y);
      }
    }
  }

  private static void legend(Graphics2D g, List<CurvePoint> points, int y0, int width) {
    Map<String, List<CurvePoint>> series = series(points);
    Map<String, Color> colours = colours(series);
    List<String> names = new ArrayList<>();
    for (String n : series.keySet()) {
      if (!n.startsWith("random")) {
        names.add(n);
      }
    }
    int x = MARGIN;
    int y = y0 + 12;
    for (String n : names) {
      g.setColor(colours.get(n));
      g.setStroke(n.endsWith("highest first")
          ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
          : new BasicStroke(2f));
      g.drawLine(x, y - 4, x + 30, y - 4);
      g.setColor(Color.BLACK);
      g.drawString(n, x + 36, y);
      x += 260;
      if (x + 260 > width) {
        x = MARGIN;
        y += 18;
      }
    }
    g.setColor(Color.DARK_GRAY);
    g.setStroke(new BasicStroke(3f));
    g.drawLine(x, y - 4, x + 30, y - 4);
    g.setColor(Color.BLACK);
    g.drawString("random (mean; grey: each order)", x + 36, y);
    g.setStroke(new BasicStroke(1f));
  }
}
