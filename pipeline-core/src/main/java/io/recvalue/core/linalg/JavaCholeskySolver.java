package io.recvalue.core.linalg;

/**
 * Pure Java Cholesky solver: the test oracle for every other backend, and the fallback.
 *
 * <p>For each matrix, {@code A = L Lᵀ} is computed in place in the lower triangle (Cholesky–Banachiewicz,
 * row by row: {@code L_ij = (A_ij − Σ_{p<j} L_ip L_jp) / L_jj}, {@code L_jj = sqrt(A_jj − Σ_{p<j} L_jp²)}),
 * then {@code L z = b} by forward and {@code Lᵀ x = z} by backward substitution. Cost {@code k³/3 + 2k²}
 * flops per system; a pivot {@code ≤ 0} (or NaN) means the matrix is not positive definite.
 */
public final class JavaCholeskySolver implements BatchedSpdSolver {

  @Override
  public void solve(int k, int count, double[] a, double[] b) {
    checkSizes(k, count, a, b);
    for (int m = 0; m < count; m++) {
      solveOne(k, a, m * k * k, b, m * k, m);
    }
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

  /** Factorises and solves the system at offsets {@code ao} (matrix) and {@code bo} (vector) in place. */
  public static void solveOne(int k, double[] a, int ao, double[] b, int bo, int index) {
    factor(k, a, ao, index);
    for (int i = 0; i < k; i++) { // L z = b
      int row = ao + i * k;
      double s = b[bo + i];
      for (int p = 0; p < i; p++) {
        s -= a[row + p] * b[bo + p];
      }
      b[bo + i] = s / a[row + i];
    }
    for (int i = k - 1; i >= 0; i--) { // Lᵀ x = z
      double s = b[bo + i];
      for (int p = i + 1; p < k; p++) {
        s -= a[ao + p * k + i] * b[bo + p];
      }
      b[bo + i] = s / a[ao + i * k + i];
    }
  }

  private static void factor(int k, double[] a, int ao, int index) {
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

  @Override
  public String describe() {
    return "java-cholesky (JVM " + System.getProperty("java.version") + ")";
  }
}
