package io.recvalue.valuation.judge;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * How well low values find corrupted interactions (METHODS §8.4).
 *
 * <p>ROC-AUC of the score "−value" for the label "corrupted" is the Mann–Whitney probability
 * {@code P(v_c < v_k) + ½ P(v_c = v_k)} over pairs of a corrupted {@code c} and a clean {@code k}.
 * With ascending mid-ranks {@code R} of the values (ties share their mean rank),
 * {@code Σ_{c} R_c − P(P+1)/2} counts the pairs with {@code v_c > v_k} plus half the ties, so
 * {@code AUC = 1 − (Σ_c R_c − P(P+1)/2) / (P·N)} for {@code P} corrupted and {@code N} clean
 * interactions. 0.5 is chance; 1 means every corrupted interaction is valued below every clean one.
 */
public final class RocAuc {
  private RocAuc() {}

  /** The AUC of "low value" against {@code positive}; NaN when either class is empty. */
  public static double lowValueAuc(double[] values, boolean[] positive) {
    int n = values.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    double positiveRankSum = 0;
    long p = 0;
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && Double.compare(values[order[end + 1]], values[order[start]]) == 0) {
        end++;
      }
      double midRank = (start + end) / 2.0 + 1;
      for (int t = start; t <= end; t++) {
        if (positive[order[t]]) {
          positiveRankSum += midRank;
          p++;
        }
      }
      start = end + 1;
    }
    long q = n - p;
    if (p == 0 || q == 0) {
      return Double.NaN;
    }
    double higher = positiveRankSum - p * (p + 1) / 2.0;
    return 1 - higher / ((double) p * q);
  }

  /**
   * The share of the positives among the lowest {@code ⌊share·n⌋} values (ties in the given order,
   * which callers make deterministic). Chance is {@code share}.
   */
  public static double shareInLowest(double[] values, boolean[] positive, double share) {
    int n = values.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    long cut = Ranks.floorShare(share, n);
    long found = 0;
    long total = 0;
    for (int t = 0; t < n; t++) {
      if (positive[order[t]]) {
        total++;
        if (t < cut) {
          found++;
        }
      }
    }
    return total == 0 ? Double.NaN : (double) found / total;
  }
}
