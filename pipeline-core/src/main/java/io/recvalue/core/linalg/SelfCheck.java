package io.recvalue.core.linalg;

import java.util.SplittableRandom;

/** Compares a backend with the Java Cholesky oracle on a fixed batch of random SPD systems. */
final class SelfCheck {
  private SelfCheck() {}

  /**
   * Null when {@code candidate} agrees with {@code oracle} to 1e-9 relative, both in one-shot solves
   * and in factor-then-solve, else the reason.
   */
  static String run(BatchedSpdSolver candidate, BatchedSpdSolver oracle) {
    int k = 6;
    int n = 5;
    double[][] sys = randomSpd(k, n, 20240601L);
    double[] expected = sys[1].clone();
    oracle.solve(k, n, sys[0].clone(), expected);
    double[] oneShot = sys[1].clone();
    candidate.solve(k, n, sys[0].clone(), oneShot);
    double[] factors = sys[0].clone();
    candidate.factor(k, n, factors);
    double[] factored = sys[1].clone();
    candidate.solveFactored(k, n, factors, factored);
    String failure = compare("solution", oneShot, expected);
    return failure != null ? failure : compare("solution from factors", factored, expected);
  }

  private static String compare(String what, double[] got, double[] expected) {
    for (int i = 0; i < got.length; i++) {
      if (!(Math.abs(got[i] - expected[i]) <= 1e-9 * (1.0 + Math.abs(expected[i])))) {
        return what + " " + i + " differs: " + got[i] + " vs " + expected[i];
      }
    }
    return null;
  }

  /** {@code n} random SPD {@code k×k} systems {@code G Gᵀ + 0.1 I}, {@code b ~ N(0, 1)}: {@code {a, b}}. */
  static double[][] randomSpd(int k, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] a = new double[n * k * k];
    double[] b = new double[n * k];
    double[] g = new double[k * k];
    for (int m = 0; m < n; m++) {
      for (int i = 0; i < g.length; i++) {
        g[i] = rnd.nextDouble() * 2 - 1;
      }
      for (int i = 0; i < k; i++) {
        for (int j = 0; j < k; j++) {
          double s = i == j ? 0.1 : 0.0;
          for (int p = 0; p < k; p++) {
            s += g[i * k + p] * g[j * k + p];
          }
          a[m * k * k + i * k + j] = s;
        }
        b[m * k + i] = rnd.nextDouble() * 2 - 1;
      }
    }
    return new double[][] {a, b};
  }
}
