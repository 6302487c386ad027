package io.recvalue.explain.shapley;

import java.io.Serializable;

/**
 * When the Monte Carlo estimator stops: when {@code max_f SE_f / (max_f φ_f − min_f φ_f)} falls to
 * {@code tolerance} or below, or when another round would take it past {@code maxPermutations}.
 *
 * @param tolerance relative standard error to reach, e.g. 0.01
 * @param maxPermutations permutation cap; must allow at least one round ({@code 2 × background
 *     size} permutations, an antithetic pair per background row)
 */
public record StoppingRule(double tolerance, int maxPermutations) implements Serializable {
  public StoppingRule {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance must be a finite number >= 0, got " + tolerance);
    }
    if (maxPermutations < 2) {
      throw new IllegalArgumentException("maxPermutations must be >= 2, got " + maxPermutations);
    }
  }

  /** Rounds (of {@code 2 × backgroundSize} permutations each) that the cap allows. */
  public int maxRounds(int backgroundSize) {
    return maxPermutations / (2 * backgroundSize);
  }
}
