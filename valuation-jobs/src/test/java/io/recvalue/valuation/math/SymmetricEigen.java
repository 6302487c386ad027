package io.recvalue.valuation.math;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * The eigen-decomposition of a dense symmetric matrix by commons-math3 ({@link EigenDecomposition}:
 * Householder tridiagonalisation and implicit QL), and the pseudo-inverse solve built on it: the
 * direct oracle for {@code H s = g} when {@code H} is singular (the rotational null space). Meant for
 * test-sized matrices ({@code n} up to a few hundred).
 */
final class SymmetricEigen {
  private final double[] eigenvalues;
  private final RealVector[] eigenvectors;

  private SymmetricEigen(double[] eigenvalues, RealVector[] eigenvectors) {
    this.eigenvalues = eigenvalues;
    this.eigenvectors = eigenvectors;
  }

  /**
   * Decomposes the symmetric part {@code (A + Aᵀ)/2} of the row-major {@code n×n} matrix {@code a}
   * (symmetrised so that rounding differences between the triangles do not send commons-math to its
   * general, unsymmetric solver).
   */
  static SymmetricEigen decompose(double[] a, int n) {
    RealMatrix m = MatrixUtils.createRealMatrix(n, n);
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        m.setEntry(r, c, 0.5 * (a[r * n + c] + a[c * n + r]));
      }
    }
    EigenDecomposition e = new EigenDecomposition(m);
    RealVector[] v = new RealVector[n];
    for (int d = 0; d < n; d++) {
      v[d] = e.getEigenvector(d);
    }
    return new SymmetricEigen(e.getRealEigenvalues(), v);
  }

  double[] eigenvalues() {
    return eigenvalues.clone();
  }

  /** Number of eigenvalues with {@code |λ| ≤ rcond · max|λ|}. */
  int nullity(double rcond) {
    double cut = cut(rcond);
    int z = 0;
    for (double e : eigenvalues) {
      z += Math.abs(e) <= cut ? 1 : 0;
    }
    return z;
  }

  /** {@code A⁺ b}: eigen-components with {@code |λ| ≤ rcond · max|λ|} are dropped. */
  double[] pseudoInverseSolve(double[] b, double rcond) {
    return project(b, rcond, true);
  }

  /** The component of {@code b} in the span of eigenvectors with {@code |λ| > rcond · max|λ|}. */
  double[] projectOntoRange(double[] b, double rcond) {
    return project(b, rcond, false);
  }

  private double[] project(double[] b, double rcond, boolean invert) {
    double cut = cut(rcond);
    RealVector bv = MatrixUtils.createRealVector(b);
    RealVector x = MatrixUtils.createRealVector(new double[b.length]);
    for (int m = 0; m < eigenvalues.length; m++) {
      if (Math.abs(eigenvalues[m]) > cut) {
        double c = eigenvectors[m].dotProduct(bv);
        x = x.add(eigenvectors[m].mapMultiply(invert ? c / eigenvalues[m] : c));
      }
    }
    return x.toArray();
  }

  private double cut(double rcond) {
    double max = 0;
    for (double e : eigenvalues) {
      max = Math.max(max, Math.abs(e));
    }
    return rcond * max;
  }
}
