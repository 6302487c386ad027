package io.recvalue.valuation.math;

import io.recvalue.core.als.LocalAls;

/**
 * A weighted sum of squares of pair scores, {@code L = Σ_p c_p (t_p − s_p)²}.
 *
 * @param users user of each pair
 * @param items item of each pair
 * @param targets target {@code t_p}
 * @param weights weight {@code c_p} (e.g. {@code 1/|V|} for a mean)
 */
public record QuadraticPairs(int[] users, int[] items, double[] targets, double[] weights) {
  public QuadraticPairs {
    int n = users.length;
    if (items.length != n || targets.length != n || weights.length != n) {
      throw new IllegalArgumentException("pair arrays differ in length: users=" + n + ", items="
          + items.length + ", targets=" + targets.length + ", weights=" + weights.length);
    }
  }

  public int size() {
    return users.length;
  }

  /** {@code Σ_p c_p (t_p − s_p)²} for given scores. */
  public double valueOfScores(double[] scores) {
    double v = 0;
    for (int p = 0; p < scores.length; p++) {
      double e = targets[p] - scores[p];
      v += weights[p] * e * e;
    }
    return v;
  }

  /** {@code −2 c_p (t_p − s_p)}. */
  public double[] scoreGradient(double[] scores) {
    double[] d = new double[scores.length];
    for (int p = 0; p < scores.length; p++) {
      d[p] = -2 * weights[p] * (targets[p] - scores[p]);
    }
    return d;
  }

  /** These pairs as nudge pairs of a weighted ALS ({@code ν_p = c_p}), sharing the arrays. */
  public LocalAls.Nudge asNudge() {
    return new LocalAls.Nudge(users, items, targets, weights);
  }

  /** The same pairs with every weight multiplied by {@code factor} (an EP nudge of size β). */
  public QuadraticPairs scaled(double factor) {
    double[] w = weights.clone();
    for (int p = 0; p < w.length; p++) {
      w[p] *= factor;
    }
    return new QuadraticPairs(users, items, targets, w);
  }
}
