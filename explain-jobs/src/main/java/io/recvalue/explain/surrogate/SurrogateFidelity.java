package io.recvalue.explain.surrogate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * How faithfully the surrogate's predictions {@code ŷ} follow its target {@code y} on a set of rows
 * (the held-out rows, or the training rows). Three numbers, each answering another question:
 *
 * <ul>
 *   <li><b>R²</b> {@code = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²} ({@code ȳ} the mean of these rows): the share of
 *       the target's variance the prediction reproduces, in the target's units, so a few extreme rows
 *       weigh most. NaN below two rows or when {@code y} is constant.</li>
 *   <li><b>Spearman</b>: the Pearson correlation of the rows' ranks by {@code y} and by {@code ŷ}, ties
 *       given the mean of the ranks they span (a tree ensemble predicts a handful of distinct values,
 *       so its predictions tie often). Whether the surrogate orders the rows as the target does,
 *       whatever the scale. NaN below two rows or when either side is constant.</li>
 *   <li><b>top-decile precision</b>: of the {@code k = ⌈n/10⌉} rows with the largest {@code y}, the
 *       share that are also among the {@code k} rows with the largest {@code ŷ}: whether the rows the
 *       explanations of "most valuable" are about are the ones the surrogate singles out. When ties
 *       straddle the k-th place, the tied rows share the places left ({@link #topShares}), which is the
 *       expected overlap when ties are broken uniformly at random and independently on both sides:
 *       {@code Σ_i P(i ∈ top_y) · P(i ∈ top_ŷ) / k}. 1 for a perfect order, 0 for the reversed order
 *       (ten rows or more), about 0.1 for an unrelated one. NaN without rows.</li>
 * </ul>
 *
 * All three are invariant to the order of the rows, so they do not depend on how the rows were
 * collected.
 *
 * @param rows how many rows were scored
 * @param r2 coefficient of determination of the target
 * @param spearman rank correlation between prediction and target
 * @param topDecilePrecision overlap of the top 10 % by target and by prediction
 */
public record SurrogateFidelity(long rows, double r2, double spearman, double topDecilePrecision) {

  /** The three measures of {@code prediction} against {@code target} (same length, same row order). */
  public static SurrogateFidelity of(double[] target, double[] prediction) {
    if (target.length != prediction.length) {
      throw new IllegalArgumentException("target and prediction differ in length: " + target.length + " and "
          + prediction.length);
    }
    return new SurrogateFidelity(target.length, r2(target, prediction), spearman(target, prediction),
        topDecilePrecision(target, prediction));
  }

  static double r2(double[] y, double[] yHat) {
    int n = y.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mean = Arrays.stream(y).sum() / n;
    double sse = 0;
    double sst = 0;
    for (int i = 0; i < n; i++) {
      sse += (y[i] - yHat[i]) * (y[i] - yHat[i]);
      sst += (y[i] - mean) * (y[i] - mean);
    }
    return sst > 0 ? 1 - sse / sst : Double.NaN;
  }

  static double spearman(double[] a, double[] b) {
    if (a.length < 2) {
      return Double.NaN;
    }
    return pearson(averageRanks(a), averageRanks(b));
  }

  private static double pearson(double[] a, double[] b) {
    int n = a.length;
    double ma = Arrays.stream(a).sum() / n;
    double mb = Arrays.stream(b).sum() / n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
  }

  /**
   * 1-based ranks in ascending order; a group of {@code c} equal values occupying places
   * {@code b+1 … b+c} all get {@code b + (c+1)/2} (equal as numbers: −0.0 ties with 0.0).
   */
  public static double[] averageRanks(double[] v) {
    Integer[] order = ascending(v);
    double[] ranks = new double[v.length];
    for (int start = 0; start < v.length; ) {
      int end = start;
      while (end < v.length && v[order[end]] == v[order[start]]) {
        end++;
      }
      double rank = start + (end - start + 1) / 2.0;
      for (int k = start; k < end; k++) {
        ranks[order[k]] = rank;
      }
      start = end;
    }
    return ranks;
  }

  static double topDecilePrecision(double[] target, double[] prediction) {
    int n = target.length;
    if (n == 0) {
      return Double.NaN;
    }
    int k = (n + 9) / 10;
    double[] byTarget = topShares(target, k);
    double[] byPrediction = topShares(prediction, k);
    double overlap = 0;
    for (int i = 0; i < n; i++) {
      overlap += byTarget[i] * byPrediction[i];
    }
    return overlap / k;
  }

  /**
   * Per row, the probability that it is among the {@code k} largest when ties are broken uniformly at
   * random: 1 above the k-th place, 0 below, and for a group of {@code c} equal values spanning it,
   * {@code m / c} with {@code m} the places of the top k the group occupies. The shares sum to k.
   */
  static double[] topShares(double[] v, int k) {
    Integer[] order = ascending(v);
    double[] share = new double[v.length];
    int n = v.length;
    for (int end = n; end > 0; ) {
      int start = end;
      while (start > 0 && v[order[start - 1]] == v[order[end - 1]]) {
        start--;
      }
      // descending places of this group: n - end … n - start - 1 (0-based)
      int inTop = Math.max(0, Math.min(n - start, k) - (n - end));
      for (int j = start; j < end; j++) {
        share[order[j]] = (double) inTop / (end - start);
      }
      end = start;
    }
    return share;
  }

  private static Integer[] ascending(double[] v) {
    Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    return order;
  }

  /**
   * Manifest entries {@code surrogate_r2_<suffix>}, {@code surrogate_spearman_<suffix>} and
   * {@code surrogate_top_decile_precision_<suffix>}; NaN is written as null (JSON has no NaN).
   */
  public Map<String, Object> entries(String suffix) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("surrogate_r2_" + suffix, finite(r2));
    d.put("surrogate_spearman_" + suffix, finite(spearman));
    d.put("surrogate_top_decile_precision_" + suffix, finite(topDecilePrecision));
    return d;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
