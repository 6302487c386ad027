package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Value, gradient and Hessian-vector products of F(θ, w) against brute force and differences. */
class TrainingObjectiveDerivativesTest {
  private static final int K = 3;
  private static final double H = 1e-5;

  private static TrainingObjective weighted(PointLoss loss, Planted.Problem p) {
    Interactions t = p.train();
    return new TrainingObjective(t.withWeights(Planted.weights(t.size(), 0.3, 2.5, 11)), loss);
  }

  private static Planted.Problem small(boolean implicit) {
    return implicit ? Planted.implicit(7, 6, K, 0.8, 0.0, 5)
        : Planted.explicit(7, 6, K, 0.8, 0.3, 0.0, 5);
  }

  @Test
  void implicitValueMatchesBruteForceOverAllPairs() {
    Planted.Problem p = small(true);
    PointLoss loss = PointLoss.implicit(0.1, 2.0);
    BlockVector theta = Planted.gaussianFactors(7, 6, K, 0.7, 3);
    Interactions t = p.train();
    double observed = 0;
    boolean[][] seen = new boolean[7][6];
    for (int j = 0; j < t.size(); j++) {
      double s = InteractionKernel.score(theta.users(), t.user(j) * K, theta.items(),
          t.item(j) * K, K);
      double c = 1 + 2.0 * t.rating(j);
      observed += c * (1 - s) * (1 - s) + 0.1 * (sq(theta.users(), t.user(j))
          + sq(theta.items(), t.item(j)));
      seen[t.user(j)][t.item(j)] = true;
    }
    double unobserved = 0;
    for (int u = 0; u < 7; u++) {
      for (int i = 0; i < 6; i++) {
        double s = InteractionKernel.score(theta.users(), u * K, theta.items(), i * K, K);
        unobserved += seen[u][i] ? 0 : s * s;
      }
    }
    double f = new TrainingObjective(t, loss).value(theta);
    assertEquals(observed + unobserved, f, 1e-12 * Math.abs(f));
  }

  /**
   * The change of {@code F} summed term by term equals the difference of the two values, and keeps a change far
   * below the rounding of {@code F} itself: for a step {@code δ} of 1e-9 it matches {@code ∇Fᵀδ + ½δᵀHδ}
   * (exact for the explicit loss, whose {@code F} is a polynomial of degree four, to {@code O(‖δ‖³)} otherwise),
   * where the difference of the two values is off in its fifth digit.
   */
  @Test
  void valueChangeIsTheDifferenceOfValuesWithoutItsRounding() {
    for (boolean implicit : new boolean[] {false, true}) {
      PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
      TrainingObjective f = weighted(loss, small(implicit));
      BlockVector theta = Planted.gaussianFactors(7, 6, K, 0.7, 3);
      BlockVector direction = Planted.gaussianFactors(7, 6, K, 1.0, 4);
      BlockVector moved = theta.copy().axpy(0.3, direction);
      double difference = f.value(moved) - f.value(theta);
      assertEquals(difference, f.valueChange(theta, moved), 1e-12 * Math.abs(f.value(theta)));
      BlockVector nudged = theta.copy().axpy(1e-9, direction);
      // the step actually taken (the difference of two close numbers is exact), to second order
      BlockVector step = nudged.copy().axpy(-1, theta);
      double expected = f.gradient(theta).dot(step) + 0.5 * step.dot(f.hvp(theta, step, HessianOptions.EXACT));
      // the implicit dense term's change is the difference of its two values (as on Spark): its rounding remains
      double dense = implicit ? 1e-14 * Math.abs(f.value(theta)) : 0;
      assertEquals(expected, f.valueChange(theta, nudged), 1e-10 * Math.abs(expected) + dense,
          (implicit ? "implicit" : "explicit") + ": the difference of values gives " + (f.value(nudged) - f.value(theta)));
    }
  }

  @Test
  void explicitGradientMatchesCentralDifferences() {
    checkGradient(PointLoss.explicit(0.1), small(false));
  }

  @Test
  void implicitGradientMatchesCentralDifferences() {
    checkGradient(PointLoss.implicit(0.1, 2.0), small(true));
  }

  private static void checkGradient(PointLoss loss, Planted.Problem p) {
    TrainingObjective f = weighted(loss, p);
    BlockVector theta = Planted.gaussianFactors(7, 6, K, 0.7, 3);
    BlockVector g = f.gradient(theta);
    double[] fd = new double[theta.dimension()];
    for (int c = 0; c < fd.length; c++) {
      double x0 = theta.get(c);
      theta.set(c, x0 + H);
      double fp = f.value(theta);
      theta.set(c, x0 - H);
      double fm = f.value(theta);
      theta.set(c, x0);
      fd[c] = (fp - fm) / (2 * H);
    }
    double err = Stats.relativeError(g.toArray(), fd);
    assertTrue(err < 1e-8, "relative gradient error " + err);
  }

  @Test
  void explicitHvpMatchesDifferencesOfGradient() {
    checkHvp(PointLoss.explicit(0.1), small(false));
  }

  @Test
  void implicitHvpMatchesDifferencesOfGradient() {
    checkHvp(PointLoss.implicit(0.1, 2.0), small(true));
  }

  private static void checkHvp(PointLoss loss, Planted.Problem p) {
    TrainingObjective f = weighted(loss, p);
    BlockVector theta = Planted.gaussianFactors(7, 6, K, 0.7, 3);
    for (long seed = 20; seed < 23; seed++) {
      BlockVector v = Planted.gaussianFactors(7, 6, K, 1.0, seed);
      BlockVector hv = f.hvp(theta, v, HessianOptions.EXACT);
      BlockVector fd = f.gradient(theta.copy().axpy(H, v))
          .axpy(-1, f.gradient(theta.copy().axpy(-H, v))).scale(1 / (2 * H));
      double err = Stats.relativeError(hv.toArray(), fd.toArray());
      assertTrue(err < 1e-8, "relative HVP error " + err);
      BlockVector damped = f.hvp(theta, v, HessianOptions.EXACT.withDamping(0.5));
      assertTrue(Stats.relativeError(damped.toArray(), hv.copy().axpy(0.5, v).toArray())
          < 1e-14);
    }
  }

  @Test
  void explicitGaussNewtonEqualsHessianAtZeroResiduals() {
    BlockVector theta = Planted.gaussianFactors(5, 4, K, 1.0, 18);
    Planted.Problem p = Planted.explicit(5, 4, K, 0.9, 0.3, 0.0, 8);
    Interactions t = p.train();
    double[] exact = new double[t.size()];
    for (int j = 0; j < exact.length; j++) {
      exact[j] = InteractionKernel.score(theta.users(), t.user(j) * K, theta.items(),
          t.item(j) * K, K);
    }
    TrainingObjective zero = new TrainingObjective(Interactions.of(5, 4, Planted.users(t),
        Planted.items(t), exact).withWeights(Planted.weights(t.size(), 0.5, 2, 1)),
        PointLoss.explicit(0.2));
    assertGaussNewtonMatches(zero, theta, true);
    assertGaussNewtonMatches(weighted(PointLoss.explicit(0.2), p), theta, false);
  }

  /**
   * Implicit residuals vanish when every observed pair scores 1 and every other pair 0: with
   * {@code Y = I} (k = number of items) and {@code x_u} the unit vector of user u's one item.
   */
  @Test
  void implicitGaussNewtonEqualsHessianAtZeroResiduals() {
    int nU = 5;
    int nI = 3;
    int[] us = {0, 1, 2, 3, 4};
    int[] is = {0, 1, 2, 0, 1};
    BlockVector theta = new BlockVector(nU, nI, nI);
    for (int u = 0; u < nU; u++) {
      theta.users()[u * nI + is[u]] = 1;
    }
    for (int i = 0; i < nI; i++) {
      theta.items()[i * nI + i] = 1;
    }
    Interactions t = Interactions.of(nU, nI, us, is, new double[] {1, 2, 3, 4, 5});
    TrainingObjective f = new TrainingObjective(t, PointLoss.implicit(0.1, 1.5));
    assertGaussNewtonMatches(f, theta, true);
    assertGaussNewtonMatches(f, Planted.gaussianFactors(nU, nI, nI, 0.8, 2), false);
  }

  private static void assertGaussNewtonMatches(TrainingObjective f, BlockVector theta,
      boolean expectEqual) {
    BlockVector v = Planted.gaussianFactors(theta.numUsers(), theta.numItems(), theta.k(), 1, 9);
    BlockVector hv = f.hvp(theta, v, HessianOptions.EXACT);
    BlockVector gn = f.hvp(theta, v, new HessianOptions(true, 0));
    double err = Stats.relativeError(gn.toArray(), hv.toArray());
    if (expectEqual) {
      assertTrue(err < 1e-14, "Gauss-Newton vs Hessian at zero residuals: " + err);
    } else {
      assertTrue(err > 1e-3, "Gauss-Newton should differ from H at non-zero residuals: " + err);
    }
  }

  private static double sq(double[] rows, int r) {
    return InteractionKernel.score(rows, r * K, rows, r * K, K);
  }
}
