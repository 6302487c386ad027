package io.recvalue.explain.user;

import io.recvalue.explain.shapley.ExactShapley;
import io.recvalue.explain.shapley.StoppingRule;
import java.io.Serializable;

/**
 * How one recommendation is explained.
 *
 * @param maxExactPlayers games of up to this many players are enumerated exactly (at most
 *     {@value ExactShapley#MAX_PLAYERS}); larger ones are sampled
 * @param rule when permutation sampling stops (max SE / range, permutation cap)
 * @param pruningTolerance TimeSHAP-style grouping of older events in sampled games: {@code η} of
 *     {@link TemporalPruning}; 0 is off
 * @param listSize {@code N}: the length of the recommendation list a counterfactual set must push the
 *     item out of
 * @param counterfactualBudget re-solves the exhaustive counterfactual search may make
 * @param counterfactualMaxSize the largest counterfactual set tried
 * @param rootSeed the run's root seed
 */
public record EstimationSettings(int maxExactPlayers, StoppingRule rule, double pruningTolerance, int listSize,
    int counterfactualBudget, int counterfactualMaxSize, long rootSeed) implements Serializable {

  /** Antithetic pairs between two checks of the stopping rule. */
  public static final int PAIRS_PER_ROUND = 32;

  public EstimationSettings {
    if (maxExactPlayers < 1 || maxExactPlayers > ExactShapley.MAX_PLAYERS) {
      throw new IllegalArgumentException("explain-user.max-exact-events must be 1 to " + ExactShapley.MAX_PLAYERS
          + ", got " + maxExactPlayers);
    }
    if (rule.maxRounds(PAIRS_PER_ROUND) < 1) {
      throw new IllegalArgumentException("explain-user.max-permutations = " + rule.maxPermutations()
          + " is below one round of " + PAIRS_PER_ROUND + " antithetic pairs (" + 2 * PAIRS_PER_ROUND + ")");
    }
    if (!(pruningTolerance >= 0 && pruningTolerance < 1)) {
      throw new IllegalArgumentException("explain-user.pruning-tolerance must be in [0, 1), got " + pruningTolerance);
    }
    if (listSize < 1 || counterfactualBudget < 1 || counterfactualMaxSize < 1) {
      throw new IllegalArgumentException("list size, counterfactual budget and largest set must be >= 1");
    }
  }
}
