package io.recvalue.valuation.math;

/**
 * Dense symmetric eigen-decomposition (cyclic Jacobi rotations) and the pseudo-inverse solve built
 * on it: the direct oracle for {@code H s = g} when {@code H} is singular (the rotational null
 * space). Meant for test-sized matrices ({@code n} up to a few hundred).
 */
public final class DenseSymmetric {
  private final int n;
  private final double[] eigenvalues;
  private final double[] eigenvectors;

  private DenseSymmetric(int n, double[] eigenvalues, double[] eigenvectors) {
    this.n = n;
    this.eigenvalues = eigenvalues;
    this.eigenvectors = eigenvectors;
  }

  /** Decomposes the symmetric part of the row-major {@code n×n} matrix {@code a}. */
  public static DenseSymmetric decompose(double[] a, int n) {
    double[] m = new double[n * n];
    double[] v = new double[n * n];
    for (int r = 0; r < n; r++) {
      v[r * n + r] = 1;
      for (int c = 0; c < n; c++) {
        m[r * n + c] = 0.5 * (a[r * n + c] + a[c * n + r]);
      }
    }
    for (int sweep = 0; sweep < 100 && offDiagonal(m, n) > 1e-30 * diagonal(m, n); sweep++) {
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          rotate(m, v, n, p, q);
        }
      }
    }
    double[] ev = new double[n];
    for (int d = 0; d < n; d++) {
      ev[d] = m[d * n + d];
    }
    return new DenseSymmetric(n, ev, v);
  }

  /** Eigenvalues (unsorted; eigenvector {@code m} is column {@code m} of {@link #eigenvector}). */
  public double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /** Eigenvector {@code m} (unit length). */
  public double[] eigenvector(int m) {
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = eigenvectors[r * n + m];
    }
    return out;
  }

  /** Number of eigenvalues with {@code |λ| ≤ rcond · max|λ|}. */
  public int nullity(double rcond) {
    double cut = rcond * maxAbs(eigenvalues);
    int z = 0;
    for (double e : eigenvalues) {
      z += Math.abs(e) <= cut ? 1 : 0;
    }
    return z;
  }

  /** {@code A⁺ b}: eigen-components with {@code |λ| ≤ rcond · max|λ|} are dropped. */
  public double[] pseudoInverseSolve(double[] b, double rcond) {
    double cut = rcond * maxAbs(eigenvalues);
    double[] x = new double[n];
    for (int m = 0; m < n; m++) {
      if (Math.abs(eigenvalues[m]) <= cut) {
        continue;
      }
      double c = 0;
      for (int r = 0; r < n; r++) {
        c += eigenvectors[r * n + m] * b[r];
      }
      c /= eigenvalues[m];
      for (int r = 0; r < n; r++) {
        x[r] += c * eigenvectors[r * n + m];
      }
    }
    return x;
  }

  /** The component of {@code b} in the span of eigenvectors with {@code |λ| > rcond · max|λ|}. */
  public double[] projectOntoRange(double[] b, double rcond) {
    double cut = rcond * maxAbs(eigenvalues);
    double[] x = new double[n];
    for (int m = 0; m < n; m++) {
      if (Math.abs(eigenvalues[m]) <= cut) {
        continue;
      }
      double c = 0;
      for (int r = 0; r < n; r++) {
        c += eigenvectors[r * n + m] * b[r];
      }
      for (int r = 0; r < n; r++) {
        x[r] += c * eigenvectors[r * n + m];
      }
    }
    return x;
  }

  private static void rotate(double[] m, double[] v, int n, int p, int q) {
    double apq = m[p * n + q];
    if (apq == 0) {
      return;
    }
    double theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    for (int r = 0; r < n; r++) {
      double mrp = m[r * n + p];
      double mrq = m[r * n + q];
      m[r * n + p] = c * mrp - s * mrq;
      m[r * n + q] = s * mrp + c * mrq;
    }
    for (int r = 0; r < n; r++) {
      double mpr = m[p * n + r];
      double mqr = m[q * n + r];
      m[p * n + r] = c * mpr - s * mqr;
      m[q * n + r] = s * mpr + c * mqr;
    }
    for (int r = 0; r < n; r++) {
      double vrp = v[r * n + p];
      double vrq = v[r * n + q];
      v[r * n + p] = c * vrp - s * vrq;
      v[r * n + q] = s * vrp + c * vrq;
    }
  }

  private static double offDiagonal(double[] m, int n) {
    double s = 0;
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        s += r == c ? 0 : m[r * n + c] * m[r * n + c];
      }
    }
    return s;
  }

  private static double diagonal(double[] m, int n) {
    double s = 0;
    for (int r = 0; r < n; r++) {
      s += m[r * n + r] * m[r * n + r];
    }
    return s;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double x : a) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
