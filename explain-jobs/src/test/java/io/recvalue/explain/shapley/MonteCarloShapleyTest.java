package io.recvalue.explain.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The Monte Carlo permutation estimator against exact enumeration (the oracle) on a 12-feature
 * non-additive game, against the closed form of a planted linear model, and its stopping rule and
 * seeding.
 */
class MonteCarloShapleyTest {
  @Test
  void agreesWithExactEnumerationWithinThreeStandardErrorsOnTwelveFeatures() {
    Regressor g = ToyModels.twelveFeatures();
    double[][] background = ToyModels.gaussianRows(16, 12, 21);
    double[] x = ToyModels.gaussianRows(1, 12, 22)[0];
    double[] exact = ExactShapley.explain(g, x, background).phi();
    ShapleyEstimate mc = PermutationShapley.estimate(g, x, background, new StoppingRule(0.01, 100_000), 23);
    assertTrue(mc.converged(), "did not reach max SE / range 0.01: " + mc.maxSeOverRange());
    assertTrue(mc.maxSeOverRange() <= 0.01);
    for (int f = 0; f < 12; f++) {
      double se = mc.standardError()[f];
      assertTrue(se > 0, "feature " + f + " has no sampling error");
      assertTrue(Math.abs(mc.phi()[f] - exact[f]) <= 3 * se,
          "feature " + f + ": Monte Carlo " + mc.phi()[f] + " vs exact " + exact[f] + ", SE " + se);
    }
  }

  @Test
  void aPlantedLinearModelGetsItsClosedFormAttributionsAfterOneRound() {
    // g(x) = b + Σ w_j x_j has φ_j = w_j (x_j − mean_b z_j): every permutation credits w_j (x_j − z_j)
    double[] w = {2.0, -1.0, 0.5, 0.0, 3.0, -0.25};
    Regressor g = x -> {
      double s = 7.0;
      for (int j = 0; j < w.length; j++) {
        s += w[j] * x[j];
      }
      return s;
    };
    double[][] background = ToyModels.gaussianRows(9, w.length, 31);
    double[] x = {1.0, 2.0, -3.0, 4.0, 0.5, -1.5};
    ShapleyEstimate e = PermutationShapley.estimate(g, x, background, new StoppingRule(0, 18), 32);
    assertEquals(18, e.permutations());
    double[] expected = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      double mean = 0;
      for (double[] z : background) {
        mean += z[j] / background.length;
      }
      expected[j] = w[j] * (x[j] - mean);
    }
    assertArrayEquals(expected, e.phi(), 1e-12);
    assertArrayEquals(expected, ExactShapley.explain(g, x, background).phi(), 1e-12);
    assertEquals(0.0, e.phi()[3], 0.0);
  }

  @Test
  void standardErrorsShrinkWithPermutationsAndTheRuleStopsAtTheTolerance() {
    Regressor g = ToyModels.twelveFeatures();
    double[][] background = ToyModels.gaussianRows(10, 12, 41);
    double[] x = ToyModels.gaussianRows(1, 12, 42)[0];
    ShapleyEstimate few = PermutationShapley.estimate(g, x, background, new StoppingRule(0, 80), 43);
    ShapleyEstimate many = PermutationShapley.estimate(g, x, background, new StoppingRule(0, 3200), 43);
    assertEquals(80, few.permutations());
    assertEquals(3200, many.permutations());
    assertTrue(many.maxSeOverRange() < few.maxSeOverRange() / 3,
        "40x the permutations should cut SE about 6x: " + few.maxSeOverRange() + " -> " + many.maxSeOverRange());
    ShapleyEstimate stopped = PermutationShapley.estimate(g, x, background, new StoppingRule(0.05, 100_000), 43);
    assertTrue(stopped.converged());
    assertTrue(stopped.maxSeOverRange() <= 0.05);
    assertTrue(stopped.permutations() < 100_000);
    // one round fewer would not have met the tolerance
    ShapleyEstimate shorter = PermutationShapley.estimate(g, x, background,
        new StoppingRule(0.05, stopped.permutations() - 20), 43);
    assertTrue(shorter.maxSeOverRange() > 0.05 || stopped.permutations() == 20);
  }

  @Test
  void theEstimateIsAFunctionOfTheSeed() {
    Regressor g = ToyModels.twelveFeatures();
    double[][] background = ToyModels.gaussianRows(10, 12, 51);
    double[] x = ToyModels.gaussianRows(1, 12, 52)[0];
    StoppingRule rule = new StoppingRule(0, 200);
    ShapleyEstimate a = PermutationShapley.estimate(g, x, background, rule, 7);
    ShapleyEstimate b = PermutationShapley.estimate(g, x, background, rule, 7);
    ShapleyEstimate c = PermutationShapley.estimate(g, x, background, rule, 8);
    assertArrayEquals(a.phi(), b.phi(), 0.0);
    assertArrayEquals(a.standardError(), b.standardError(), 0.0);
    assertNotEquals(a.phi()[0], c.phi()[0]);
  }
}
