package io.recvalue.explain.user;

import io.recvalue.explain.shapley.StoppingRule;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Small random models and histories for the fold-in tests. */
final class Fixtures {
  private Fixtures() {}

  /** {@code items} items with Gaussian factors of rank {@code k} (scale 1/√k). */
  static Map<Integer, double[]> itemFactors(int items, int k, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<Integer, double[]> f = new HashMap<>();
    for (int i = 0; i < items; i++) {
      double[] y = new double[k];
      for (int q = 0; q < k; q++) {
        y[q] = gaussian(r) / Math.sqrt(k);
      }
      f.put(i, y);
    }
    return f;
  }

  static FoldInModel explicit(int items, int k, double lambda, long seed) {
    return new FoldInModel(k, lambda, false, 0, itemFactors(items, k, seed));
  }

  static FoldInModel implicit(int items, int k, double lambda, double alpha, long seed) {
    return new FoldInModel(k, lambda, true, alpha, itemFactors(items, k, seed));
  }

  /** {@code n} distinct items of {@code 0..items-1} with ratings 1..5, weights in [0.5, 1.5] and timestamps. */
  static UserHistory history(int user, int n, int items, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] it = new int[n];
    double[] rating = new double[n];
    double[] weight = new double[n];
    long[] time = new long[n];
    boolean[] used = new boolean[items];
    for (int e = 0; e < n; e++) {
      int i;
      do {
        i = r.nextInt(items);
      } while (used[i]);
      used[i] = true;
      it[e] = i;
      rating[e] = 1 + r.nextInt(5);
      weight[e] = 0.5 + r.nextDouble();
      time[e] = 1_600_000_000L + r.nextInt(1_000_000);
    }
    return UserHistory.of(user, it, rating, weight, time);
  }

  static EstimationSettings settings(int maxExact, double tolerance, int maxPermutations, long root) {
    return new EstimationSettings(maxExact, new StoppingRule(tolerance, maxPermutations), 0, 10, 5000, 10, root);
  }

  static double gaussian(SplittableRandom r) {
    double u = r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }
}
