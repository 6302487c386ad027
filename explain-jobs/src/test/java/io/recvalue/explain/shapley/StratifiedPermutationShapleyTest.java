package io.recvalue.explain.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The stratified permutation estimator against exact enumeration on a 12-player non-additive game
 * (the interventional game of {@link ToyModels#twelveFeatures}): within 3 SE of every exact value,
 * exactly efficient, exact for one and two players, a function of its seed, and efficient with infinite
 * SEs when the cap stops it before every stratum has two samples.
 */
class StratifiedPermutationShapleyTest {
  private static InterventionalGame game() {
    return new InterventionalGame(ToyModels.twelveFeatures(), ToyModels.gaussianRows(1, 12, 62)[0],
        ToyModels.gaussianRows(6, 12, 61));
  }

  @Test
  void agreesWithExactEnumerationWithinThreeStandardErrorsAndIsEfficient() {
    InterventionalGame g = game();
    double[] exact = ExactShapley.of(g);
    ShapleyEstimate e = StratifiedPermutationShapley.estimate(g, new StoppingRule(0.01, 2_000_000), 32, 63);
    assertTrue(e.converged(), "max SE / range " + e.maxSeOverRange());
    assertTrue(e.maxSeOverRange() <= 0.01);
    assertEquals(g.fullValue() - g.emptyValue(), e.sum(), 1e-9);
    assertEquals(g.emptyValue(), e.baseValue(), 0.0);
    for (int f = 0; f < 12; f++) {
      double se = e.standardError()[f];
      assertTrue(se > 0, "player " + f + " has no sampling error");
      assertTrue(Math.abs(e.phi()[f] - exact[f]) <= 3 * se, "player " + f + ": " + e.phi()[f] + " vs exact "
          + exact[f] + ", SE " + se);
    }
  }

  @Test
  void oneAndTwoPlayersAreExactFromTheEndStrata() {
    CoalitionGame two = new CoalitionGame() {
      @Override
      public int players() {
        return 2;
      }

      @Override
      public double value(long mask) {
        return mask == 0 ? 1 : mask == 1 ? 3 : mask == 2 ? 2 : 7;
      }
    };
    ShapleyEstimate e = StratifiedPermutationShapley.estimate(two, new StoppingRule(0.01, 64), 32, 1);
    assertArrayEquals(ExactShapley.of(two), e.phi(), 1e-15);
    assertEquals(0, e.permutations());
    assertArrayEquals(new double[2], e.standardError(), 0.0);
    CoalitionGame one = new CoalitionGame() {
      @Override
      public int players() {
        return 1;
      }

      @Override
      public double value(long mask) {
        return mask == 0 ? -1 : 4;
      }
    };
    assertArrayEquals(new double[] {5}, StratifiedPermutationShapley.estimate(one, new StoppingRule(0, 64), 32, 1).phi(),
        0.0);
  }

  @Test
  void theEstimateIsAFunctionOfTheSeed() {
    InterventionalGame g = game();
    StoppingRule rule = new StoppingRule(0, 640);
    ShapleyEstimate a = StratifiedPermutationShapley.estimate(g, rule, 32, 7);
    ShapleyEstimate b = StratifiedPermutationShapley.estimate(g, rule, 32, 7);
    ShapleyEstimate c = StratifiedPermutationShapley.estimate(g, rule, 32, 8);
    assertEquals(640, a.permutations());
    assertArrayEquals(a.phi(), b.phi(), 0.0);
    assertArrayEquals(a.standardError(), b.standardError(), 0.0);
    assertNotEquals(a.phi()[0], c.phi()[0]);
  }

  @Test
  void aCapBeforeEveryStratumHasTwoSamplesLeavesInfiniteErrorsButAnEfficientEstimate() {
    InterventionalGame g = game();
    ShapleyEstimate e = StratifiedPermutationShapley.estimate(g, new StoppingRule(0.01, 2), 1, 5);
    assertFalse(e.converged());
    assertEquals(Double.POSITIVE_INFINITY, e.standardError()[0]);
    assertEquals(g.fullValue() - g.emptyValue(), e.sum(), 1e-9);
  }
}
