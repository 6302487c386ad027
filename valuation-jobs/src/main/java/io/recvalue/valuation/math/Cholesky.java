package io.recvalue.valuation.math;

/**
 * A plain {@code k×k} Cholesky solve, {@code A = L Lᵀ}, then forward and back substitution. Fails
 * with a message naming the pivot when {@code A} is not numerically positive definite.
 */
public final class Cholesky implements KxKSolver {
  /** Shared stateless instance. */
  public static final Cholesky INSTANCE = new Cholesky();

  @Override
  public double[] solve(double[] a, int ao, double[] b, int bo, int k) {
    return solveFactored(factor(a, ao, k), b, bo, k);
  }

  /** Solves {@code L Lᵀ x = b[bo..bo+k)} for a lower factor {@code L} from {@link #factor}. */
  public static double[] solveFactored(double[] l, double[] b, int bo, int k) {
    double[] x = new double[k];
    System.arraycopy(b, bo, x, 0, k);
    for (int r = 0; r < k; r++) {
      double s = x[r];
      for (int c = 0; c < r; c++) {
        s -= l[r * k + c] * x[c];
      }
      x[r] = s / l[r * k + r];
    }
    for (int r = k - 1; r >= 0; r--) {
      double s = x[r];
      for (int c = r + 1; c < k; c++) {
        s -= l[c * k + r] * x[c];
      }
      x[r] = s / l[r * k + r];
    }
    return x;
  }

  /** The lower factor {@code L} (row-major, upper part zero) of {@code a[ao..ao+k*k)}. */
  public static double[] factor(double[] a, int ao, int k) {
    double[] l = new double[k * k];
    for (int r = 0; r < k; r++) {
      for (int c = 0; c <= r; c++) {
        double s = a[ao + r * k + c];
        for (int t = 0; t < c; t++) {
          s -= l[r * k + t] * l[c * k + t];
        }
        if (r == c) {
          if (!(s > 0)) {
            throw new ArithmeticException("matrix is not positive definite: pivot " + r + " = " + s);
          }
          l[r * k + r] = Math.sqrt(s);
        } else {
          l[r * k + c] = s / l[c * k + c];
        }
      }
    }
    return l;
  }
}
