package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import org.junit.jupiter.api.Test;

/** Local weighted ALS: stationarity of the free and nudged phases, and weight semantics. */
class LocalAlsTest {
  private static final int K = 3;

  @Test
  void explicitFreeAndNudgedPhasesAreStationary() {
    Planted.Problem p = Planted.explicit(20, 15, K, 0.5, 0.3, 0.2, 21);
    Interactions t = p.train().withWeights(Planted.weights(p.train().size(), 0.5, 1.5, 2));
    ValidationObjective v = new MseObjective(p.valUsers(), p.valItems(), p.valRatings());
    checkStationary(t, PointLoss.explicit(0.1), v);
  }

  @Test
  void implicitFreeAndNudgedPhasesAreStationary() {
    Planted.Problem p = Planted.implicit(20, 15, K, 0.4, 0.2, 21);
    Interactions t = p.train().withWeights(Planted.weights(p.train().size(), 0.5, 1.5, 2));
    ValidationObjective v = SquaredImplicitObjective.withSampledNegatives(p.valUsers(),
        p.valItems(), p.train(), 2, 5);
    checkStationary(t, PointLoss.implicit(0.1, 2.0), v);
  }

  /**
   * At the ALS fixed point of {@code F + β L_V} the gradient {@code ∇F + β∇L_V} vanishes: this
   * checks the nudged normal equations against the independently coded gradients.
   */
  private static void checkStationary(Interactions t, PointLoss loss, ValidationObjective v) {
    TrainingObjective f = new TrainingObjective(t, loss);
    AlsResult free = Planted.converge(t, loss, K, 1e-13, 3);
    BlockVector theta = free.theta();
    double scale = f.gradient(Planted.gaussianFactors(t.numUsers(), t.numItems(), K, 0.3, 4))
        .norm();
    double g0 = f.gradient(theta).norm() / scale;
    assertTrue(g0 < 1e-11, "free phase gradient " + g0 + " after " + free.sweeps() + " sweeps");
    for (double beta : new double[] {0.5, -0.5}) {
      QuadraticPairs q = v.quadratic().orElseThrow().scaled(beta);
      AlsResult nudged = AlsResult.localAls(t, loss, q, new JavaCholeskySolver(), theta, 1e-13, 100_000);
      assertTrue(nudged.converged());
      BlockVector g = f.gradient(nudged.theta()).axpy(beta, v.gradient(nudged.theta()));
      double gb = g.norm() / scale;
      assertTrue(gb < 1e-11, "nudged beta=" + beta + " gradient " + gb);
      double moved = nudged.theta().copy().axpy(-1, theta).maxAbs();
      assertTrue(moved > 1e-4, "the nudge must move the factors: " + moved);
    }
  }

  @Test
  void zeroWeightEqualsRemovingTheInteraction() {
    Planted.Problem p = Planted.explicit(12, 10, K, 0.6, 0.3, 0.0, 8);
    Interactions t = p.train();
    int drop = 5;
    int n = t.size() - 1;
    int[] us = new int[n];
    int[] is = new int[n];
    double[] rs = new double[n];
    for (int j = 0, o = 0; j < t.size(); j++) {
      if (j != drop) {
        us[o] = t.user(j);
        is[o] = t.item(j);
        rs[o++] = t.rating(j);
      }
    }
    Interactions removed = Interactions.of(12, 10, us, is, rs);
    BlockVector start = Planted.gaussianFactors(12, 10, K, 0.3, 1);
    PointLoss loss = PointLoss.explicit(0.1);
    AlsResult a = AlsResult.localAls(t.withWeight(drop, 0), loss, null, new JavaCholeskySolver(), start, 0, 5);
    AlsResult b = AlsResult.localAls(removed, loss, null, new JavaCholeskySolver(), start, 0, 5);
    assertEquals(5, a.sweeps());
    assertEquals(5, b.sweeps());
    assertTrue(a.theta().copy().axpy(-1, b.theta()).maxAbs() < 1e-13);
  }
}
