package io.recvalue.valuation.judge;

import io.recvalue.core.chart.Charts;
import io.recvalue.core.chart.Palette;
import io.recvalue.core.chart.Panel;
import io.recvalue.core.chart.Series;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * The removal curves as a PNG (the chart kit of {@link Charts}): one panel per metric (NDCG@10,
 * Recall@20 and, for explicit data, RMSE) against the removed fraction; one solid line per method
 * removing the lowest values first, a dashed line removing the highest first, each method in its
 * palette colour, and the random orders in grey with their mean thick in dark grey.
 */
final class CurvePlot {
  private static final int PANEL_W = 420;
  private static final int PANEL_H = 320;
  private static final String RANDOM_MEAN = "random (mean; grey: each order)";

  private CurvePlot() {}

  static byte[] png(List<CurvePoint> points, boolean implicit) {
    Map<String, ToDoubleFunction<CurvePoint>> metrics = new LinkedHashMap<>();
    metrics.put("NDCG@10", CurvePoint::ndcgAt10);
    metrics.put("Recall@20", CurvePoint::recallAt20);
    if (!implicit) {
      metrics.put("RMSE", CurvePoint::rmse);
    }
    List<Panel> panels = new ArrayList<>();
    for (Map.Entry<String, ToDoubleFunction<CurvePoint>> m : metrics.entrySet()) {
      panels.add(new Panel(m.getKey() + " on test vs removed fraction", "removed fraction", m.getKey(),
          series(points, m.getValue())));
    }
    return Charts.panels(panels, PANEL_W, PANEL_H);
  }

  /** Every order's line (methods coloured by method, random orders grey), then the random mean. */
  private static List<Series> series(List<CurvePoint> points, ToDoubleFunction<CurvePoint> metric) {
    Map<String, List<CurvePoint>> byName = new LinkedHashMap<>();
    for (CurvePoint p : points) {
      byName.computeIfAbsent(name(p), k -> new ArrayList<>()).add(p);
    }
    List<String> methods = new ArrayList<>();
    List<Series> out = new ArrayList<>();
    for (Map.Entry<String, List<CurvePoint>> e : byName.entrySet()) {
      List<CurvePoint> line = new ArrayList<>(e.getValue());
      line.sort((a, b) -> Double.compare(a.removedFraction(), b.removedFraction()));
      double[] x = line.stream().mapToDouble(CurvePoint::removedFraction).toArray();
      double[] y = line.stream().mapToDouble(metric).toArray();
      CurvePoint first = line.get(0);
      if (first.method().equals(CurvePoint.RANDOM)) {
        out.add(new Series(e.getKey(), x, y, Palette.CONTEXT, Series.Line.THIN, true, false));
        continue;
      }
      if (!methods.contains(first.method())) {
        methods.add(first.method());
      }
      boolean highest = first.direction().equals(CurvePoint.HIGHEST_FIRST);
      out.add(new Series(e.getKey(), x, y, Palette.series(methods.indexOf(first.method())),
          highest ? Series.Line.DASHED : Series.Line.SOLID, true, true));
    }
    TreeMap<Double, double[]> mean = new TreeMap<>();
    for (CurvePoint p : points) {
      if (p.method().equals(CurvePoint.RANDOM)) {
        double[] a = mean.computeIfAbsent(p.removedFraction(), k -> new double[2]);
        a[0] += metric.applyAsDouble(p);
        a[1]++;
      }
    }
    if (!mean.isEmpty()) {
      out.add(new Series(RANDOM_MEAN, mean.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
          mean.values().stream().mapToDouble(a -> a[0] / a[1]).toArray(), Palette.SUMMARY, Series.Line.THICK,
          false, true));
    }
    return out;
  }

  private static String name(CurvePoint p) {
    return p.method().equals(CurvePoint.RANDOM) ? "random seed " + p.seed()
        : p.method() + " " + p.direction().replace('_', ' ');
  }
}
