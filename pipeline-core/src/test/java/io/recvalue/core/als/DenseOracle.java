package io.recvalue.core.als;

/**
 * {@code argmin_X F(X, Y)} by one dense solve of the whole (block-diagonal) system, assembled from the
 * gradient alone: {@code ∇_X F} is affine in {@code X}, {@code ∇F(X) = H X − g}, so {@code g = −∇F(0)}
 * and column {@code m} of {@code H} is {@code ∇F(e_m) + g}. Gaussian elimination with partial pivoting;
 * independent of the per-entity normal-equation code under test.
 */
public final class DenseOracle {
  private DenseOracle() {}

  /** {@code argmin_Y F(X, Y)}: {@code F} is symmetric in users and items, so this is the user solve of the transposed problem. */
  public static double[] minimiseOverItems(AlsObjective.Problem p, double[] x) {
    AlsObjective.Problem t = new AlsObjective.Problem(p.rank(), p.numItems(), p.numUsers(), p.items(), p.users(),
        p.ratings(), p.weights(), p.lambda(), p.implicit(), p.alpha());
    return minimiseOverUsers(t, x);
  }

  public static double[] minimiseOverUsers(AlsObjective.Problem p, double[] y) {
    int n = p.numUsers() * p.rank();
    double[] gy = new double[y.length];
    double[] g0 = new double[n];
    AlsObjective.gradient(p, new double[n], y, g0, gy);
    double[][] h = new double[n][n + 1];
    double[] e = new double[n];
    double[] ge = new double[n];
    for (int m = 0; m < n; m++) {
      e[m] = 1;
      AlsObjective.gradient(p, e, y, ge, gy);
      e[m] = 0;
      for (int r = 0; r < n; r++) {
        h[r][m] = ge[r] - g0[r];
      }
    }
    for (int r = 0; r < n; r++) {
      h[r][n] = -g0[r];
    }
    return gauss(h, n);
  }

  private static double[] gauss(double[][] h, int n) {
    for (int c = 0; c < n; c++) {
      int piv = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(h[r][c]) > Math.abs(h[piv][c])) {
          piv = r;
        }
      }
      double[] t = h[c];
      h[c] = h[piv];
      h[piv] = t;
      for (int r = c + 1; r < n; r++) {
        double f = h[r][c] / h[c][c];
        for (int q = c; q <= n; q++) {
          h[r][q] -= f * h[c][q];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = h[r][n];
      for (int q = r + 1; q < n; q++) {
        s -= h[r][q] * x[q];
      }
      x[r] = s / h[r][r];
    }
    return x;
  }
}
