package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recvalue.core.linalg.JavaCholeskySolver;
import org.junit.jupiter.api.Test;

/** The dense Hessian two ways, its symmetry, its rotational null space, and the block diagonal. */
class DenseHessianTest {
  private static final int K = 3;
  private static final int NU = 8;
  private static final int NI = 6;

  private static TrainingObjective objective(boolean implicit) {
    Planted.Problem p = implicit ? Planted.implicit(NU, NI, K, 0.8, 0.0, 4)
        : Planted.explicit(NU, NI, K, 0.8, 0.3, 0.0, 4);
    PointLoss loss = implicit ? PointLoss.implicit(0.1, 2.0) : PointLoss.explicit(0.1);
    Interactions t = p.train();
    return new TrainingObjective(t.withWeights(Planted.weights(t.size(), 0.3, 2.5, 7)), loss);
  }

  @Test
  void hvpColumnsEqualAnalyticAssemblyAndAreSymmetric() {
    BlockVector theta = Planted.gaussianFactors(NU, NI, K, 0.7, 3);
    for (boolean implicit : new boolean[] {false, true}) {
      TrainingObjective f = objective(implicit);
      for (HessianOptions o : new HessianOptions[] {HessianOptions.EXACT,
          new HessianOptions(true, 0), new HessianOptions(false, 0.25)}) {
        double[] fromHvp = DenseHessian.fromHvp(f, theta, o);
        double[] analytic = DenseHessian.analytic(f.data(), f.loss(), theta, o);
        double err = Stats.relativeError(fromHvp, analytic);
        assertTrue(err < 1e-14, "implicit=" + implicit + " " + o + ": " + err);
        assertTrue(asymmetry(fromHvp, theta.dimension()) < 1e-14, "asymmetric " + o);
      }
    }
  }

  @Test
  void gaussNewtonIsPositiveSemiDefiniteWhereHessianIsNot() {
    BlockVector theta = Planted.gaussianFactors(NU, NI, K, 0.7, 3);
    for (boolean implicit : new boolean[] {false, true}) {
      TrainingObjective f = objective(implicit);
      int n = theta.dimension();
      double[] gn = SymmetricEigen.decompose(
          DenseHessian.fromHvp(f, theta, new HessianOptions(true, 0)), n).eigenvalues();
      double[] h = SymmetricEigen.decompose(
          DenseHessian.fromHvp(f, theta, HessianOptions.EXACT), n).eigenvalues();
      assertTrue(min(gn) > -1e-10 * max(gn), "GN min eigenvalue " + min(gn));
      assertTrue(min(h) < -1e-3, "exact H at a random point should be indefinite: " + min(h));
    }
  }

  @Test
  void nullSpaceAtOptimumIsTheRotations() {
    for (boolean implicit : new boolean[] {false, true}) {
      TrainingObjective f0 = objective(implicit);
      BlockVector theta = Planted.converge(f0.data(), f0.loss(), K, 1e-13, 6).theta();
      int n = theta.dimension();
      double[] h = DenseHessian.fromHvp(f0, theta, HessianOptions.EXACT);
      SymmetricEigen eig = SymmetricEigen.decompose(h, n);
      assertEquals(K * (K - 1) / 2, eig.nullity(1e-9), "implicit=" + implicit);
      double scale = max(eig.eigenvalues());
      for (int a = 0; a < K; a++) {
        for (int b = a + 1; b < K; b++) {
          BlockVector rot = rotationGenerator(theta, a, b);
          double rel = f0.hvp(theta, rot, HessianOptions.EXACT).norm() / (scale * rot.norm());
          assertTrue(rel < 1e-10, "H (XΩ, YΩ) relative norm " + rel);
        }
      }
      assertTrue(min(eig.eigenvalues()) > -1e-9 * scale, "H at the optimum is PSD");
    }
  }

  @Test
  void blockDiagonalEqualsDiagonalBlocksOfDenseHessian() {
    BlockVector theta = Planted.gaussianFactors(NU, NI, K, 0.7, 3);
    for (boolean implicit : new boolean[] {false, true}) {
      TrainingObjective f = objective(implicit);
      HessianOptions o = new HessianOptions(false, 0.125);
      double[] h = DenseHessian.analytic(f.data(), f.loss(), theta, o);
      BlockDiagonal m = f.blockDiagonal(theta, o);
      int n = theta.dimension();
      for (int b = 0; b < NU + NI; b++) {
        double[] block = b < NU ? m.userBlock(b) : m.itemBlock(b - NU);
        for (int r = 0; r < K; r++) {
          for (int c = 0; c < K; c++) {
            double expected = h[(b * K + r) * n + b * K + c];
            assertEquals(expected, block[r * K + c], 1e-13 * (1 + Math.abs(expected)));
          }
        }
      }
      BlockVector v = Planted.gaussianFactors(NU, NI, K, 1, 12);
      BlockVector back = m.multiply(m.solve(v, new JavaCholeskySolver()));
      assertTrue(Stats.relativeError(back.toArray(), v.toArray()) < 1e-12);
    }
  }

  /** {@code (XΩ, YΩ)} with {@code Ω = e_a e_bᵀ − e_b e_aᵀ}. */
  static BlockVector rotationGenerator(BlockVector theta, int a, int b) {
    BlockVector v = theta.zerosLike();
    rotateRows(theta.users(), v.users(), a, b, theta.k());
    rotateRows(theta.items(), v.items(), a, b, theta.k());
    return v;
  }

  private static void rotateRows(double[] rows, double[] out, int a, int b, int k) {
    for (int base = 0; base < rows.length; base += k) {
      out[base + b] = rows[base + a];
      out[base + a] = -rows[base + b];
    }
  }

  private static double asymmetry(double[] h, int n) {
    double d = 0;
    double s = 0;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        d = Math.max(d, Math.abs(h[r * n + c] - h[c * n + r]));
        s = Math.max(s, Math.abs(h[r * n + c]));
      }
    }
    return d / s;
  }

  static double min(double[] a) {
    return java.util.Arrays.stream(a).min().orElseThrow();
  }

  static double max(double[] a) {
    return java.util.Arrays.stream(a).max().orElseThrow();
  }
}
