package io.recvalue.explain.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The Shapley axioms, on toy games with known values and on interventional games of a model. */
class ShapleyAxiomsTest {
  private static final double EPS = 1e-12;

  /** Glove game: player 0 holds a left glove, players 1 and 2 a right one; a pair is worth 1. */
  private static double gloves(long mask) {
    boolean left = (mask & 1) != 0;
    boolean right = (mask & 6) != 0;
    return left && right ? 1 : 0;
  }

  @Test
  void gloveGameHasItsTextbookValues() {
    double[] phi = ExactShapley.of(3, ShapleyAxiomsTest::gloves);
    assertArrayEquals(new double[] {2.0 / 3, 1.0 / 6, 1.0 / 6}, phi, EPS);
  }

  @Test
  void symmetricPlayersGetEqualValuesAndNullPlayersZero() {
    // players 1 and 2 are interchangeable; player 3 changes no coalition's worth
    double[] phi = ExactShapley.of(4, mask -> gloves(mask & 7) + 0.5 * Long.bitCount(mask & 7));
    assertEquals(phi[1], phi[2], EPS);
    assertEquals(0.0, phi[3], 0.0);
    assertEquals(gloves(7) + 1.5 - 0, phi[0] + phi[1] + phi[2] + phi[3], EPS);
  }

  @Test
  void exactInterventionalValuesAreEfficientPerPoint() {
    Regressor g = ToyModels.twelveFeatures();
    double[][] background = ToyModels.gaussianRows(8, 12, 1);
    for (double[] x : ToyModels.gaussianRows(3, 12, 2)) {
      ShapleyEstimate e = ExactShapley.explain(g, x, background);
      double meanBackground = 0;
      for (double[] z : background) {
        meanBackground += g.predict(z) / background.length;
      }
      assertEquals(g.predict(x), e.prediction(), 0.0);
      assertEquals(meanBackground, e.baseValue(), 1e-12);
      assertEquals(e.prediction() - e.baseValue(), e.sum(), 1e-9);
    }
  }

  @Test
  void monteCarloValuesAreEfficientPerPointAfterEveryRound() {
    Regressor g = ToyModels.twelveFeatures();
    double[][] background = ToyModels.gaussianRows(7, 12, 3);
    int item = 0;
    for (double[] x : ToyModels.gaussianRows(5, 12, 4)) {
      // a cap of 3 rounds and an unreachable tolerance: stops on the cap after 42 permutations
      ShapleyEstimate e = PermutationShapley.estimate(g, x, background, new StoppingRule(0, 42 + 13), item++);
      assertEquals(42, e.permutations());
      double meanBackground = 0;
      for (double[] z : background) {
        meanBackground += g.predict(z) / background.length;
      }
      assertEquals(meanBackground, e.baseValue(), 1e-12);
      assertEquals(e.prediction() - e.baseValue(), e.sum(), 1e-9);
    }
  }

  @Test
  void monteCarloGivesANullPlayerExactlyZeroAndSymmetricPlayersValuesWithinError() {
    // g ignores feature 2 and is symmetric in features 0 and 1, whose values agree in x and in every z
    Regressor g = x -> x[0] * x[1] + Math.exp(0.3 * (x[0] + x[1])) * x[3] + x[3] * x[3];
    double[][] background = ToyModels.gaussianRows(20, 4, 5);
    for (double[] z : background) {
      z[1] = z[0];
    }
    double[] x = {1.3, 1.3, -4.0, 0.7};
    ShapleyEstimate e = PermutationShapley.estimate(g, x, background, new StoppingRule(0.002, 40_000), 11);
    assertEquals(0.0, e.phi()[2], 0.0);
    assertEquals(0.0, e.standardError()[2], 0.0);
    double gap = Math.abs(e.phi()[0] - e.phi()[1]);
    double se = Math.hypot(e.standardError()[0], e.standardError()[1]);
    assertTrue(gap <= 3 * se, "symmetric players differ by " + gap + " > 3 SE = " + 3 * se);
    double[] exact = ExactShapley.explain(g, x, background).phi();
    assertEquals(exact[0], exact[1], 1e-12);
    assertEquals(0.0, exact[2], 0.0);
  }

  @Test
  void exactEnumerationRefusesMoreThanTwelvePlayers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExactShapley.of(13, m -> 0));
    assertEquals("exact enumeration handles 1 to 12 players, got 13", e.getMessage());
  }

  @Test
  void aCapBelowOneRoundIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PermutationShapley.estimate(x -> x[0], new double[] {1}, new double[5][1], new StoppingRule(0.01, 9), 1));
    assertEquals("a permutation cap of 9 does not allow one round over a background of 5 rows (needs 10)",
        e.getMessage());
  }
}
