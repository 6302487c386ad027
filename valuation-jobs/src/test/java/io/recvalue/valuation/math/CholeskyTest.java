package io.recvalue.valuation.math;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CholeskyTest {
  @Test
  void solvesSymmetricPositiveDefiniteSystems() {
    for (int k = 1; k <= 6; k++) {
      BlockVector g = Planted.gaussianFactors(k + 2, 0, k, 1, k);
      double[] a = DenseTerm.gram(g.users(), k);
      double[] x = Planted.gaussianFactors(1, 0, k, 1, 100 + k).users();
      double[] b = new double[k];
      DenseTerm.addRowProducts(1, a, x, b, k);
      double[] padded = new double[k * k + 3];
      System.arraycopy(a, 0, padded, 3, k * k);
      double[] got = Cholesky.INSTANCE.solve(padded, 3, b, 0, k);
      assertTrue(Stats.relativeError(got, x) < 1e-10, "k=" + k);
    }
  }

  @Test
  void rejectsIndefiniteMatrixNamingThePivot() {
    double[] a = {1, 2, 2, 1};
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> Cholesky.INSTANCE.solve(a, 0, new double[] {1, 1}, 0, 2));
    assertTrue(e.getMessage().contains("pivot 1"), e.getMessage());
  }
}
