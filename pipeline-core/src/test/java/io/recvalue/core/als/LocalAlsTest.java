package io.recvalue.core.als;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Which entities the local ALS solves: one whose interactions all have weight 0 keeps its factors
 * (explicit data), goes to its minimiser 0 under the all-pairs term (implicit data), and moves when a
 * nudge pair reaches it; the sweep loop stops on its tolerance.
 */
class LocalAlsTest {
  private static final int K = 3;

  private static AlsObjective.Problem withoutUser0(boolean implicit) {
    AlsObjective.Problem p = Planted.problem(K, 12, 9, 5, 0.1, implicit, 0.6, 3L);
    double[] w = p.weights().clone();
    for (int j = 0; j < w.length; j++) {
      if (p.users()[j] == 0) {
        w[j] = 0.0;
      }
    }
    return new AlsObjective.Problem(K, p.numUsers(), p.numItems(), p.users(), p.items(), p.ratings(), w,
        p.lambda(), p.implicit(), p.alpha());
  }

  @Test
  void anEntityWithoutATermKeepsItsFactorsUnlessTheAllPairsTermCoversIt() {
    for (boolean implicit : new boolean[] {false, true}) {
      AlsObjective.Problem p = withoutUser0(implicit);
      SplittableRandom rnd = new SplittableRandom(4);
      double[] x = Planted.gaussian(rnd, p.numUsers() * K);
      double[] y = Planted.gaussian(rnd, p.numItems() * K);
      double[] x0 = x.clone();
      LocalAls.solveUsers(p, x, y, new JavaCholeskySolver());
      double[] user0 = Arrays.copyOf(x, K);
      assertArrayEquals(implicit ? new double[K] : Arrays.copyOf(x0, K), user0, 0.0, "implicit=" + implicit);
      assertTrue(Planted.maxAbsDiff(Arrays.copyOfRange(x, K, 2 * K), Arrays.copyOfRange(x0, K, 2 * K)) > 1e-3,
          "user 1 has interactions and moves");
    }
  }

  @Test
  void aNudgePairGivesAnEntityATerm() {
    AlsObjective.Problem p = withoutUser0(false);
    SplittableRandom rnd = new SplittableRandom(5);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    LocalAls.Nudge nudge = new LocalAls.Nudge(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3},
        new double[] {1, -1, 2, 0.5}, new double[] {0.4, 0.4, 0.4, 0.4});
    new LocalAls(p, nudge, new JavaCholeskySolver()).solveUsers(x, y);
    // user 0's objective is Σ_p ν (t_p − x·y_p)²: its gradient −2 Σ_p ν (t_p − x·y_p) y_p vanishes
    for (int a = 0; a < K; a++) {
      double g = 0;
      for (int q = 0; q < 4; q++) {
        double s = NormalEquations.dot(K, x, 0, y, q * K);
        g += -2 * 0.4 * (nudge.targets()[q] - s) * y[q * K + a];
      }
      assertEquals(0.0, g, 1e-12, "component " + a);
    }
  }

  @Test
  void solveStopsOnItsToleranceOrAfterTheCap() {
    AlsObjective.Problem p = Planted.problem(K, 12, 9, 5, 0.1, false, 0.6, 3L);
    SplittableRandom rnd = new SplittableRandom(6);
    double[] x = Planted.gaussian(rnd, p.numUsers() * K);
    double[] y = Planted.gaussian(rnd, p.numItems() * K);
    LocalAls als = new LocalAls(p, null, new JavaCholeskySolver());
    LocalAls.Result capped = als.solve(x.clone(), y.clone(), 0.0, 3);
    assertEquals(3, capped.sweeps());
    assertTrue(!capped.converged() && capped.relativeChange() > 0);
    LocalAls.Result converged = als.solve(x, y, 1e-10, 100_000);
    assertTrue(converged.converged() && converged.relativeChange() <= 1e-10 && converged.sweeps() > 3);
    double[] x1 = x.clone();
    double[] y1 = y.clone();
    als.sweep(x1, y1);
    assertTrue(Math.max(Planted.maxAbsDiff(x1, x), Planted.maxAbsDiff(y1, y)) < 1e-8, "a fixed point");
  }
}
