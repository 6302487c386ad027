package io.recvalue.valuation.math;

/**
 * Solves small symmetric positive definite systems {@code A x = b}, {@code A} being {@code k×k}
 * row-major. The reference implementation is {@link Cholesky}; a batched implementation can replace
 * it by overriding {@link #solveAll}.
 */
public interface KxKSolver {
  /** Solves one system; the inputs are not modified. */
  double[] solve(double[] a, int ao, double[] b, int bo, int k);

  /**
   * Solves {@code n} systems stored back to back ({@code blocks[t*k*k..]}, {@code rhs[t*k..]}),
   * returning the {@code n*k} solutions.
   */
  default double[] solveAll(double[] blocks, double[] rhs, int k) {
    int n = rhs.length / k;
    double[] out = new double[rhs.length];
    for (int t = 0; t < n; t++) {
      System.arraycopy(solve(blocks, t * k * k, rhs, t * k, k), 0, out, t * k, k);
    }
    return out;
  }
}
