package io.recvalue.core.als;

import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * Weighted ALS half-steps over dense arrays in one JVM, with the same per-entity algebra
 * ({@link NormalEquations}) as the Spark half-step: the reference for small problems and tests.
 * Entities without interactions of positive weight keep their factors.
 */
public final class LocalAls {
  private LocalAls() {}

  /** Replaces {@code X} by {@code argmin_X F(X, Y)}. */
  public static void solveUsers(AlsObjective.Problem p, double[] x, double[] y, BatchedSpdSolver solver) {
    solveSide(p, p.users(), p.items(), p.numUsers(), p.numItems(), x, y, solver);
  }

  /** Replaces {@code Y} by {@code argmin_Y F(X, Y)}. */
  public static void solveItems(AlsObjective.Problem p, double[] x, double[] y, BatchedSpdSolver solver) {
    solveSide(p, p.items(), p.users(), p.numItems(), p.numUsers(), y, x, solver);
  }

  private static void solveSide(
      AlsObjective.Problem p, int[] dst, int[] src, int numDst, int numSrc, double[] dstF, double[] srcF,
      BatchedSpdSolver solver) {
    int k = p.rank();
    double[] a = new double[numDst * k * k];
    double[] b = new double[numDst * k];
    double[] wsum = new double[numDst];
    for (int j = 0; j < dst.length; j++) {
      double w = p.weights()[j];
      if (w > 0) {
        NormalEquations.add(k, a, dst[j] * k * k, b, dst[j] * k, srcF, src[j] * k, p.ratings()[j], w, p.implicit(), p.alpha());
        wsum[dst[j]] += w;
      }
    }
    double[] gram = p.implicit() ? AlsObjective.gram(k, srcF, numSrc) : null;
    int n = 0;
    int[] ids = new int[numDst];
    for (int d = 0; d < numDst; d++) {
      if (wsum[d] > 0) {
        ids[n] = d;
        System.arraycopy(a, d * k * k, a, n * k * k, k * k);
        System.arraycopy(b, d * k, b, n * k, k);
        NormalEquations.finish(k, a, n * k * k, p.lambda() * wsum[d], gram);
        n++;
      }
    }
    solver.solve(k, n, a, b);
    for (int m = 0; m < n; m++) {
      System.arraycopy(b, m * k, dstF, ids[m] * k, k);
    }
  }
}
