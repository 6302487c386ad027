package io.recvalue.valuation.math;

import java.util.Arrays;

/**
 * Mean squared error of held-out ratings, {@code L = (1/|V|) Σ_{p∈V} (r_p − s_p)²}: the explicit
 * default. Quadratic with {@code c_p = 1/|V|}, {@code t_p = r_p}.
 */
public final class MseObjective extends QuadraticValidation {
  public MseObjective(int[] users, int[] items, double[] ratings) {
    super(new QuadraticPairs(users, items, ratings, equalWeights(users.length)));
  }

  private static double[] equalWeights(int n) {
    if (n == 0) {
      throw new IllegalArgumentException("validation set is empty");
    }
    double[] c = new double[n];
    Arrays.fill(c, 1.0 / n);
    return c;
  }
}
