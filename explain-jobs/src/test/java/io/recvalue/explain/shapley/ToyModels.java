package io.recvalue.explain.shapley;

import java.util.SplittableRandom;

/** Models and data for the Shapley tests: smooth and kinked non-additive functions, Gaussian rows. */
final class ToyModels {
  private ToyModels() {}

  /**
   * A 12-feature model with pairwise and three-way interactions, a kink and a product with a sine,
   * so no feature's attribution is its own main effect.
   */
  static Regressor twelveFeatures() {
    return x -> 0.5 * x[0] - 1.5 * x[1] + x[0] * x[1] - 2 * x[2] * x[3] * x[4]
        + Math.sin(x[5]) * x[6] + Math.max(x[7], x[8]) + Math.abs(x[9] - x[10]) * x[11] + 0.25 * x[11];
  }

  static double[][] gaussianRows(int rows, int features, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] out = new double[rows][features];
    for (double[] row : out) {
      for (int f = 0; f < features; f++) {
        row[f] = nextGaussian(r);
      }
    }
    return out;
  }

  static double nextGaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
