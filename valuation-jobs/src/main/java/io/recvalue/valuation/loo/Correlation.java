package io.recvalue.valuation.loo;

import java.util.Arrays;
import java.util.Comparator;

/** Pearson and Spearman correlation (average ranks for ties) of two equally long samples. */
public final class Correlation {
  private Correlation() {}

  public static double pearson(double[] a, double[] b) {
    if (a.length != b.length || a.length < 2) {
      return Double.NaN;
    }
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

  /** Ranks 1..n, ties sharing their average rank. */
  public static double[] ranks(double[] a) {
    Integer[] order = new Integer[a.length];
    for (int t = 0; t < a.length; t++) {
      order[t] = t;
    }
    Arrays.sort(order, Comparator.comparingDouble(t -> a[t]));
    double[] r = new double[a.length];
    for (int lo = 0; lo < a.length; ) {
      int hi = lo;
      while (hi + 1 < a.length && a[order[hi + 1]] == a[order[lo]]) {
        hi++;
      }
      double avg = (lo + hi) / 2.0 + 1;
      for (int t = lo; t <= hi; t++) {
        r[order[t]] = avg;
      }
      lo = hi + 1;
    }
    return r;
  }
}
