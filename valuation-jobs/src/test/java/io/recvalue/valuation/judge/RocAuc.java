package io.recvalue.valuation.judge;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The test oracle for {@link DetectionMetrics}, on arrays held in memory.
 *
 * <p>ROC-AUC of the score "−value" for the label "corrupted" is the Mann–Whitney probability
 * {@code P(v_c < v_k) + ½ P(v_c = v_k)} over pairs of a corrupted {@code c} and a clean {@code k}.
 * With ascending mid-ranks {@code R} of the values (ties share their mean rank; commons-math3's
 * {@link NaturalRanking}), {@code Σ_{c} R_c − P(P+1)/2} counts the pairs with {@code v_c > v_k} plus
 * half the ties, so {@code AUC = 1 − (Σ_c R_c − P(P+1)/2) / (P·N)} for {@code P} corrupted and
 * {@code N} clean interactions. {@code −0.0} and {@code 0.0} are one value (a tie).
 */
public final class RocAuc {
  private static final NaturalRanking MID_RANKS = new NaturalRanking(NaNStrategy.MAXIMAL, TiesStrategy.AVERAGE);

  private RocAuc() {}

  /** The AUC of "low value" against {@code positive}; NaN when either class is empty. */
  public static double lowValueAuc(double[] values, boolean[] positive) {
    double[] ranks = MID_RANKS.rank(Arrays.stream(values).map(v -> v + 0.0).toArray());
    double positiveRankSum = 0;
    long p = 0;
    for (int t = 0; t < values.length; t++) {
      if (positive[t]) {
        positiveRankSum += ranks[t];
        p++;
      }
    }
    long q = values.length - p;
    if (p == 0 || q == 0) {
      return Double.NaN;
    }
    double higher = positiveRankSum - p * (p + 1) / 2.0;
    return 1 - higher / ((double) p * q);
  }

  /**
   * The share of the positives among the lowest {@code ⌊share·n⌋} values (ties in the given order).
   * Chance is {@code share}.
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
