package io.recvalue.valuation.math;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Correlations and distances for the tests. */
public final class Stats {
  private Stats() {}

  public static double pearson(double[] a, double[] b) {
    double ma = Arrays.stream(a).average().orElse(0);
    double mb = Arrays.stream(b).average().orElse(0);
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int t = 0; t < a.length; t++) {
      sab += (a[t] - ma) * (b[t] - mb);
      saa += (a[t] - ma) * (a[t] - ma);
      sbb += (b[t] - mb) * (b[t] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }

  public static double spearman(double[] a, double[] b) {
    return pearson(ranks(a), ranks(b));
  }

  /** Ranks 1..n with ties given their average rank. */
  public static double[] ranks(double[] a) {
    Integer[] order = IntStream.range(0, a.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(t -> a[t]));
    double[] r = new double[a.length];
    int s = 0;
    while (s < a.length) {
      int e = s;
      while (e + 1 < a.length && a[order[e + 1]] == a[order[s]]) {
        e++;
      }
      for (int t = s; t <= e; t++) {
        r[order[t]] = (s + e) / 2.0 + 1;
      }
      s = e + 1;
    }
    return r;
  }

  public static double cosine(double[] a, double[] b) {
    return dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
  }

  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int t = 0; t < a.length; t++) {
      s += a[t] * b[t];
    }
    return s;
  }

  public static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /** {@code ‖a − b‖ / ‖b‖}. */
  public static double relativeError(double[] a, double[] b) {
    double[] d = a.clone();
    for (int t = 0; t < d.length; t++) {
      d[t] -= b[t];
    }
    return norm(d) / norm(b);
  }

  public static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }
}
