package io.recvalue.core.linalg;

/**
 * Pure Java Cholesky solver: the test oracle for every other backend, and the fallback. This is the
 * project's one Cholesky; every k×k solve in ALS and in the valuation runs through it or through
 * another {@link BatchedSpdSolver} checked against it.
 *
 * <p>For each matrix, {@code A = L Lᵀ} is computed in place in the lower triangle (Cholesky–Banachiewicz,
 * row by row: {@code L_ij = (A_ij − Σ_{p<j} L_ip L_jp) / L_jj}, {@code L_jj = sqrt(A_jj − Σ_{p<j} L_jp²)}),
 * then {@code L z = b} by forward and {@code Lᵀ x = z} by backward substitution. Cost {@code k³/3 + 2k²}
 * flops per system; a pivot {@code ≤ 0} (or NaN) means the matrix is not positive definite. Only the
 * lower triangle is read, and the upper triangle is left as it was.
 */
public final class JavaCholeskySolver implements BatchedSpdSolver {

  @Override
  public void solve(int k, int count, double[] a, double[] b) {
    checkSizes(k, count, a, b);
    for (int m = 0; m < count; m++) {
      factor(k, a, m * k * k, m);
      substitute(k, a, m * k * k, b, m * k);
    }
  }

  @Override
  public void factor(int k, int count, double[] a) {
    checkSizes(k, count, a, new double[count * k]);
    for (int m = 0; m < count; m++) {
      factor(k, a, m * k * k, m);
    }
  }

  @Override
  public void solveFactored(int k, int count, double[] l, double[] b) {
    checkSizes(k, count, l, b);
    for (int m = 0; m < count; m++) {
      substitute(k, l, m * k * k, b, m * k);
    }
  }

  /**
   * Solves the one system at offsets {@code ao} (matrix, lower triangle read, overwritten by its
   * factor) and {@code bo} (right-hand side, overwritten by the solution): for callers that keep many
   * systems in one array.
   */
  public static void solveAt(int k, double[] a, int ao, double[] b, int bo) {
    factor(k, a, ao, 0);
    substitute(k, a, ao, b, bo);
  }

  static void checkSizes(int k, int count, double[] a, double[] b) {
    if (k < 1 || count < 0) {
      throw new IllegalArgumentException("k must be >= 1 and count >= 0, got k=" + k + ", count=" + count);
    }
    if (a.length < (long) count * k * k || b.length < (long) count * k) {
      throw new IllegalArgumentException(
          "batch arrays too short for count=" + count + ", k=" + k + ": a.length=" + a.length
              + ", b.length=" + b.length);
    }
  }

  /**
   * Factors the matrix at offset {@code ao} in place ({@code L} in its lower triangle); {@code index}
   * names it in the error when it is not positive definite.
   */
  static void factor(int k, double[] a, int ao, int index) {
    for (int i = 0; i < k; i++) {
      int ri = ao + i * k;
      for (int j = 0; j <= i; j++) {
        int rj = ao + j * k;
        double s = a[ri + j];
        for (int p = 0; p < j; p++) {
          s -= a[ri + p] * a[rj + p];
        }
        if (i == j) {
          if (!(s > 0.0)) {
            throw new IllegalArgumentException(
                "matrix " + index + " of the batch is not positive definite (pivot " + s + " at row " + i + ")");
          }
          a[ri + i] = Math.sqrt(s);
        } else {
          a[ri + j] = s / a[rj + j];
        }
      }
    }
  }

  /** {@code b[bo..bo+k) ← L⁻ᵀ L⁻¹ b} for the factor {@code L} in the lower triangle at {@code lo}. */
  static void substitute(int k, double[] l, int lo, double[] b, int bo) {
    for (int i = 0; i < k; i++) { // L z = b
      int row = lo + i * k;
      double s = b[bo + i];
      for (int p = 0; p < i; p++) {
        s -= l[row + p] * b[bo + p];
      }
      b[bo + i] = s / l[row + i];
    }
    for (int i = k - 1; i >= 0; i--) { // Lᵀ x = z
      double s = b[bo + i];
      for (int p = i + 1; p < k; p++) {
        s -= l[lo + p * k + i] * b[bo + p];
      }
      b[bo + i] = s / l[lo + i * k + i];
    }
  }

  @Override
  public String describe() {
    return "java-cholesky (JVM " + System.getProperty("java.version") + ")";
  }
}
