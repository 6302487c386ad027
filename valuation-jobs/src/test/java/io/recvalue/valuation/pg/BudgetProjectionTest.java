package io.recvalue.valuation.pg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The budget: after projection the sample's mean keep probability is {@code 1 − ρ} for any weights;
 * the deterministic threshold drops exactly the lowest {@code ⌊ρ m⌋} sampled rows, also when every
 * logit is equal (the tie-break decides), and the implied slope is {@code mean p(1 − p)}.
 */
class BudgetProjectionTest {
  private static final int ROWS = 2000;
  private static final int D = 3;

  private static double[] sample() {
    SplittableRandom rnd = new SplittableRandom(9);
    double[] s = new double[ROWS * D];
    for (int a = 0; a < s.length; a++) {
      s[a] = rnd.nextGaussian();
    }
    return s;
  }

  private static long[] keys() {
    long[] k = new long[ROWS];
    for (int r = 0; r < ROWS; r++) {
      k[r] = EpisodeMasks.pairKey(r, r * 7 + 1);
    }
    return k;
  }

  @Test
  void holdsTheExpectedKeepRateForAnyWeights() {
    double[] s = sample();
    BudgetProjection b = new BudgetProjection(s, keys(), D, 0.85);
    for (double[] w : new double[][] {{0, 0, 0}, {1, -2, 0.5}, {8, 0, 0}, {-30, 20, 1}}) {
      Policy p = b.project(w);
      double mean = 0;
      for (int r = 0; r < ROWS; r++) {
        mean += p.probability(s, r * D);
      }
      assertEquals(0.85, mean / ROWS, 1e-10, "weights " + java.util.Arrays.toString(w));
    }
  }

  @Test
  void theThresholdDropsTheLowestShareEvenAmongEqualLogits() {
    double[] s = sample();
    long[] keys = keys();
    BudgetProjection b = new BudgetProjection(s, keys, D, 0.9);
    for (double[] w : new double[][] {{0, 0, 0}, {1, -2, 0.5}}) {
      Policy p = b.project(w);
      double t = b.threshold(p);
      int dropped = 0;
      for (int r = 0; r < ROWS; r++) {
        dropped += p.logit(s, r * D) + EpisodeMasks.tieBreak(keys[r]) >= t ? 0 : 1;
      }
      assertEquals(200, dropped, "weights " + java.util.Arrays.toString(w));
    }
  }

  @Test
  void theSlopeIsTheMeanBernoulliVariance() {
    double[] s = sample();
    BudgetProjection b = new BudgetProjection(s, keys(), D, 0.9);
    Policy p = b.project(new double[] {0, 0, 0});
    assertEquals(0.9 * 0.1, b.keepRateSlope(p), 1e-10);
  }

  @Test
  void refusesABadSampleOrKeepRate() {
    assertEquals("keep rate must be in (0, 1), got 1.0", assertThrows(IllegalArgumentException.class,
        () -> new BudgetProjection(sample(), keys(), D, 1.0)).getMessage());
    assertEquals("1999 pair keys for 2000 sampled rows", assertThrows(IllegalArgumentException.class,
        () -> new BudgetProjection(sample(), java.util.Arrays.copyOf(keys(), 1999), D, 0.9)).getMessage());
  }
}
