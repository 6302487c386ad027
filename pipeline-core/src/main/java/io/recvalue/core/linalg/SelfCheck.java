package io.recvalue.core.linalg;

import java.util.SplittableRandom;

/** Compares a backend with the Java Cholesky oracle on a fixed batch of random SPD systems. */
final class SelfCheck {
  private SelfCheck() {}

  /** Null when {@code candidate} agrees with {@code oracle} to 1e-9 relative, else the reason. */
  static String run(BatchedSpdSolver candidate, BatchedSpdSolver oracle) {
    int k = 6;
    int n = 5;
    double[][] sys = randomSpd(k, n, 20240601L);
    double[] a1 = sys[0].clone();
    double[] b1 = sys[1].clone();
    double[] a2 = sys[0].clone();
    double[] b2 = sys[1].clone();
    candidate.solve(k, n, a1, b1);
    oracle.solve(k, n, a2, b2);
    for (int i = 0; i < b1.length; i++) {
      if (!(Math.abs(b1[i] - b2[i]) <= 1e-9 * (1.0 + Math.abs(b2[i])))) {
        return "solution " + i + " differs: " + b1[i] + " vs " + b2[i];
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
