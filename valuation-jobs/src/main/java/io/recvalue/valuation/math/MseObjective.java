package io.recvalue.valuation.math;

import java.util.Arrays;
import java.util.Optional;

/**
 * Mean squared error of held-out ratings, {@code L = (1/|V|) Σ_{p∈V} (r_p − s_p)²}: the explicit
 * default. Quadratic with {@code c_p = 1/|V|}, {@code t_p = r_p}.
 */
public final class MseObjective implements ValidationObjective {
  private final QuadraticPairs pairs;

  public MseObjective(int[] users, int[] items, double[] ratings) {
    if (users.length == 0) {
      throw new IllegalArgumentException("validation set is empty");
    }
    double[] c = new double[users.length];
    Arrays.fill(c, 1.0 / users.length);
    this.pairs = new QuadraticPairs(users, items, ratings, c);
  }

  @Override
  public int[] pairUsers() {
    return pairs.users();
  }

  @Override
  public int[] pairItems() {
    return pairs.items();
  }

  @Override
  public double valueOfScores(double[] scores) {
    return pairs.valueOfScores(scores);
  }

  @Override
  public double[] scoreGradient(double[] scores) {
    return pairs.scoreGradient(scores);
  }

  @Override
  public Optional<QuadraticPairs> quadratic() {
    return Optional.of(pairs);
  }
}
