package io.recvalue.valuation.math;

import io.recvalue.core.linalg.JavaCholeskySolver;

/**
 * Reduced-rank extrapolation (RRE) of a linearly converging sequence: the limit estimated from its last few
 * terms, used on equilibrium propagation's nudged ALS phases.
 *
 * <p>Given iterates {@code x_0, …, x_{m+1}} with differences {@code u_i = x_{i+1} − x_i} ({@code i = 0..m}),
 * RRE picks weights {@code γ} with {@code Σ γ_i = 1} that make the combined difference smallest,
 *
 * <pre>
 *   γ = argmin ‖Σ_i γ_i u_i‖²  subject to  Σ_i γ_i = 1,   i.e.  γ = G⁻¹1 / (1ᵀG⁻¹1),  G_ij = ⟨u_i, u_j⟩,
 * </pre>
 *
 * and estimates the limit by {@code x̃ = Σ_i γ_i x_{i+1}}.
 *
 * <p><b>Why it works.</b> For a linear iteration {@code x_{t+1} = M x_t + b} with fixed point {@code x*} (1 not
 * an eigenvalue of {@code M}), {@code u_i = (M − I) e_i} with {@code e_i = x_i − x*}. When the errors lie in an
 * invariant subspace where {@code M} has at most {@code m + 1} distinct eigenvalues, some {@code γ} with
 * {@code Σγ = 1} (the coefficients of {@code M}'s minimal polynomial there, normalised) makes
 * {@code Σ γ_i e_i = 0}, hence {@code Σ γ_i u_i = 0}; RRE finds it, and then
 * {@code Σ γ_i x_{i+1} = M Σ γ_i x_i + b = x*} exactly. Otherwise it removes the {@code m + 1} slowest modes
 * approximately, as a Krylov method would. ALS near a minimum is such an iteration to first order (a block
 * Gauss–Seidel step on the Hessian), and the difference of two phases nudged by {@code ±β} is linear in
 * {@code β}, so the same {@code γ}, computed from that difference, is applied to both phases (see
 * {@code EpValuation}).
 *
 * <p>A Gramian that is zero (the sequence has stopped) gives the last iterate; a tiny ridge
 * ({@code 10⁻¹² tr G}) keeps nearly dependent differences solvable.
 */
public final class ReducedRankExtrapolation {
  private ReducedRankExtrapolation() {}

  /**
   * The weights {@code γ} (summing to 1) of the iterates {@code x_1 … x_{m+1}} from the Gramian of the
   * differences {@code u_0 … u_m}, {@code gram[i][j] = ⟨u_i, u_j⟩}.
   */
  public static double[] coefficients(double[][] gram) {
    int n = gram.length;
    if (n == 0) {
      throw new IllegalArgumentException("no differences to extrapolate from");
    }
    double trace = 0;
    for (int i = 0; i < n; i++) {
      if (gram[i].length != n) {
        throw new IllegalArgumentException("Gramian row " + i + " has " + gram[i].length + " entries, expected " + n);
      }
      trace += gram[i][i];
    }
    double[] gamma = new double[n];
    if (!(trace > 0) || !Double.isFinite(trace)) {
      gamma[n - 1] = 1;
      return gamma;
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(gram[i], 0, a, i * n, n);
      a[i * n + i] += 1e-12 * trace;
    }
    double[] z = new double[n];
    java.util.Arrays.fill(z, 1);
    JavaCholeskySolver.solveAt(n, a, 0, z, 0);
    double sum = 0;
    for (double v : z) {
      sum += v;
    }
    for (int i = 0; i < n; i++) {
      gamma[i] = z[i] / sum;
    }
    return gamma;
  }

  /** {@code ‖Σ γ_i u_i‖ / ‖u_m‖}: how much the combination shrinks the last difference (0 for an exact limit). */
  public static double residualRatio(double[][] gram, double[] gamma) {
    int n = gamma.length;
    double q = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        q += gamma[i] * gram[i][j] * gamma[j];
      }
    }
    double last = gram[n - 1][n - 1];
    return last > 0 ? Math.sqrt(Math.max(q, 0) / last) : 0;
  }
}
