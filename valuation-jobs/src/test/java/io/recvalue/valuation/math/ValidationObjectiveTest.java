package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Validation objectives: gradients against differences, sparsity, quadratic forms, negatives. */
class ValidationObjectiveTest {
  private static final int K = 3;
  private static final double H = 1e-5;
  private static final Planted.Problem EXPLICIT = Planted.explicit(9, 8, K, 0.8, 0.3, 0.25, 3);
  private static final Planted.Problem IMPLICIT = Planted.implicit(14, 12, K, 0.5, 0.25, 3);

  private static ValidationObjective[] objectives() {
    Planted.Problem p = IMPLICIT;
    return new ValidationObjective[] {
        new MseObjective(EXPLICIT.valUsers(), EXPLICIT.valItems(), EXPLICIT.valRatings()),
        SquaredImplicitObjective.withSampledNegatives(p.valUsers(), p.valItems(), p.train(), 2,
            42),
        BprObjective.withSampledNegatives(p.valUsers(), p.valItems(), p.train(), 42)};
  }

  private static BlockVector thetaFor(ValidationObjective v) {
    return v instanceof MseObjective ? Planted.gaussianFactors(9, 8, K, 0.8, 5)
        : Planted.gaussianFactors(14, 12, K, 0.8, 5);
  }

  @Test
  void gradientsMatchCentralDifferences() {
    for (ValidationObjective v : objectives()) {
      BlockVector theta = thetaFor(v);
      BlockVector g = v.gradient(theta);
      double[] fd = new double[theta.dimension()];
      for (int c = 0; c < fd.length; c++) {
        double x0 = theta.get(c);
        theta.set(c, x0 + H);
        double fp = v.value(theta);
        theta.set(c, x0 - H);
        double fm = v.value(theta);
        theta.set(c, x0);
        fd[c] = (fp - fm) / (2 * H);
      }
      double err = Stats.relativeError(g.toArray(), fd);
      assertTrue(err < 1e-8, v.getClass().getSimpleName() + " gradient error " + err);
    }
  }

  @Test
  void gradientTouchesOnlyUsersAndItemsOfThePairs() {
    for (ValidationObjective v : objectives()) {
      BlockVector g = v.gradient(thetaFor(v));
      Set<Integer> us = new HashSet<>();
      Set<Integer> is = new HashSet<>();
      for (int p = 0; p < v.pairUsers().length; p++) {
        us.add(v.pairUsers()[p]);
        is.add(v.pairItems()[p]);
      }
      for (int t = 0; t < g.users().length; t++) {
        assertTrue(us.contains(t / K) || g.users()[t] == 0);
      }
      for (int t = 0; t < g.items().length; t++) {
        assertTrue(is.contains(t / K) || g.items()[t] == 0);
      }
    }
  }

  @Test
  void quadraticFormsReproduceTheObjective() {
    ValidationObjective[] all = objectives();
    for (int o = 0; o < 2; o++) {
      ValidationObjective v = all[o];
      QuadraticPairs q = v.quadratic().orElseThrow();
      double[] s = v.scores(thetaFor(v));
      assertEquals(v.valueOfScores(s), q.valueOfScores(s), 1e-15);
      assertEquals(1.0, Stats.sum(q.weights()), 1e-12, "a mean: weights sum to one");
    }
    QuadraticPairs imp = all[1].quadratic().orElseThrow();
    int positives = IMPLICIT.valUsers().length;
    assertEquals(3 * positives, imp.size());
    assertEquals(positives, Stats.sum(imp.targets()), 0);
    assertFalse(all[2].quadratic().isPresent());
  }

  @Test
  void negativesAreSeededUnseenAndOrderFree() {
    Planted.Problem p = IMPLICIT;
    int[] a = NegativeSampler.sample(p.valUsers(), p.valItems(), p.train(), 3, 7, "x");
    int[] b = NegativeSampler.sample(p.valUsers(), p.valItems(), p.train(), 3, 7, "x");
    int[] c = NegativeSampler.sample(p.valUsers(), p.valItems(), p.train(), 3, 8, "x");
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
    Set<Long> known = new HashSet<>();
    for (int j = 0; j < p.train().size(); j++) {
      known.add(p.train().user(j) * 100L + p.train().item(j));
    }
    for (int q = 0; q < p.valUsers().length; q++) {
      known.add(p.valUsers()[q] * 100L + p.valItems()[q]);
    }
    for (int t = 0; t < a.length; t++) {
      assertFalse(known.contains(p.valUsers()[t / 3] * 100L + a[t]), "negative is a known pair");
    }
    int n = p.valUsers().length;
    int[] ru = new int[n];
    int[] ri = new int[n];
    for (int q = 0; q < n; q++) {
      ru[q] = p.valUsers()[n - 1 - q];
      ri[q] = p.valItems()[n - 1 - q];
    }
    int[] reversed = NegativeSampler.sample(ru, ri, p.train(), 3, 7, "x");
    for (int q = 0; q < n; q++) {
      assertArrayEquals(java.util.Arrays.copyOfRange(a, 3 * q, 3 * q + 3),
          java.util.Arrays.copyOfRange(reversed, 3 * (n - 1 - q), 3 * (n - q)));
    }
  }

  @Test
  void equilibriumPropagationRejectsNonQuadraticObjective() {
    Planted.Problem p = IMPLICIT;
    TrainingObjective f = new TrainingObjective(p.train(), PointLoss.implicit(0.1, 1));
    ValidationObjective bpr = objectives()[2];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EquilibriumPropagation.centred(f, thetaFor(bpr), bpr,
            new EpOptions(1e-3, 1e-12, 10), new JavaCholeskySolver()));
    assertTrue(e.getMessage().contains("BprObjective"), e.getMessage());
  }
}
