package io.recvalue.valuation.math;

import java.util.Optional;

/**
 * A validation objective that is a weighted sum of squares over fixed pairs,
 * {@code L = Σ_p c_p (t_p − s_p)²} ({@link QuadraticPairs}): every score-level method delegates to
 * the pairs. Subclasses say which pairs, targets and weights.
 */
abstract class QuadraticValidation implements ValidationObjective {
  private final QuadraticPairs pairs;

  QuadraticValidation(QuadraticPairs pairs) {
    this.pairs = pairs;
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
