package io.recvalue.valuation.math;

import io.recvalue.valuation.loo.Correlation;

/** Correlations and distances for the tests. */
public final class Stats {
  private Stats() {}

  public static double pearson(double[] a, double[] b) {
    return Correlation.pearson(a, b);
  }

  public static double spearman(double[] a, double[] b) {
    return Correlation.spearman(a, b);
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
