package io.recvalue.core.chart;

import java.util.ArrayList;
import java.util.List;

/** A linear map from data values {@code [lo, hi]} to pixels {@code [from, to]}, with round ticks. */
record Axis(double lo, double hi, int from, int to) {
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

  /** The axis over the values' range, padded by {@code pad} of the span on both sides (a flat range gets span 1). */
  static Axis over(double lo, double hi, double pad, int from, int to) {
    if (!(hi > lo)) {
      hi = lo + 1;
    }
    double p = pad * (hi - lo);
    return new Axis(lo - p, hi + p, from, to);
  }
}
