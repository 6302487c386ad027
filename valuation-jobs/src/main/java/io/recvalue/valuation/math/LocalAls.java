package io.recvalue.valuation.math;

import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * A small in-memory weighted ALS for {@code F(θ, w) + Σ_p ν_p (t_p − s_p)²}: the training
 * objective plus optional "nudge" pairs with weights {@code ν_p} and targets {@code t_p} and no
 * regularisation share (an equilibrium-propagation phase: {@code ν_p = β c_p} for a quadratic
 * validation objective {@code Σ_p c_p (t_p − s_p)²}).
 *
 * <p><b>Normal equations.</b> With {@code ℓ_j = κ_j s² − 2τ_j s + ω_j + λ(‖x‖² + ‖y‖²)}
 * ({@link PointLoss}) and {@code Y} fixed, setting half the gradient in {@code x_u} to zero gives
 *
 * <pre>
 *   [ Σ_{j∈u} w_j (κ_j y_i y_iᵀ + λI) + G_Y + Σ_{p∈u} ν_p y_{i_p} y_{i_p}ᵀ ] x_u
 *       = Σ_{j∈u} w_j τ_j y_i + Σ_{p∈u} ν_p t_p y_{i_p}
 * </pre>
 *
 * where {@code G_Y = YᵀY} appears only for implicit data (the dense term). Explicit:
 * {@code κ = 1, τ = r}, so a nudge by the MSE objective adds {@code (β/|V|)(y yᵀ, r y)}. Implicit:
 * {@code κ = α r, τ = 1 + α r} (MLlib's {@code YᵀC_uY}, {@code YᵀC_u p_u}), and the squared
 * implicit objective adds {@code (β/|V|)(y yᵀ, 1·y)} for positives and {@code (β/|V|)(y yᵀ, 0)}
 * for negatives. Items mirror users with {@code G_X}. A row whose system is all zero (no
 * interaction of positive weight and no nudge) does not enter the objective and is left as is.
 */
public final class LocalAls {
  private final Interactions data;
  private final PointLoss loss;
  private final QuadraticPairs nudge;
  private final BatchedSpdSolver solver;

  /** {@code nudge} may be {@code null} (the free phase). */
  public LocalAls(Interactions data, PointLoss loss, QuadraticPairs nudge, BatchedSpdSolver solver) {
    this.data = data;
    this.loss = loss;
    this.nudge = nudge;
    this.solver = solver;
  }

  /** Sweeps from a copy of {@code start} until {@code max|Δθ|/max|θ| ≤ tol} or the cap. */
  public AlsResult solve(BlockVector start, double tol, int maxSweeps) {
    BlockVector theta = start.copy();
    double change = Double.POSITIVE_INFINITY;
    int sweeps = 0;
    while (sweeps < maxSweeps && !(change <= tol)) {
      BlockVector before = theta.copy();
      sweep(theta);
      sweeps++;
      change = before.axpy(-1, theta).maxAbs() / Math.max(theta.maxAbs(), Double.MIN_NORMAL);
    }
    return new AlsResult(theta, sweeps, change, change <= tol);
  }

  /** One user half-step then one item half-step, in place. */
  public void sweep(BlockVector theta) {
    halfStep(theta, true);
    halfStep(theta, false);
  }

  private void halfStep(BlockVector theta, boolean users) {
    int k = theta.k();
    double[] target = users ? theta.users() : theta.items();
    double[] fixed = users ? theta.items() : theta.users();
    int rows = target.length / k;
    double[] a = new double[rows * k * k];
    double[] b = new double[rows * k];
    for (int j = 0; j < data.size(); j++) {
      int row = users ? data.user(j) : data.item(j);
      int other = users ? data.item(j) : data.user(j);
      double r = data.rating(j);
      addTerm(a, b, row, fixed, other, k, data.weight(j) * loss.kappa(r),
          data.weight(j) * loss.tau(r), data.weight(j) * loss.lambda());
    }
    if (nudge != null) {
      for (int p = 0; p < nudge.size(); p++) {
        int row = users ? nudge.users()[p] : nudge.items()[p];
        int other = users ? nudge.items()[p] : nudge.users()[p];
        double nu = nudge.weights()[p];
        addTerm(a, b, row, fixed, other, k, nu, nu * nudge.targets()[p], 0);
      }
    }
    if (loss.hasDenseTerm()) {
      double[] gram = DenseTerm.gram(fixed, k);
      for (int row = 0; row < rows; row++) {
        BlockVector.axpy(1, gram, a, row * k * k);
      }
    }
    solveRows(a, b, target, k);
  }

  /** {@code A_row += curv z zᵀ + reg I}, {@code b_row += rhs z} with {@code z} the other row. */
  private static void addTerm(double[] a, double[] b, int row, double[] fixed, int other, int k,
      double curv, double rhs, double reg) {
    int ao = row * k * k;
    int zo = other * k;
    for (int s = 0; s < k; s++) {
      double zs = fixed[zo + s];
      for (int t = 0; t < k; t++) {
        a[ao + s * k + t] += curv * zs * fixed[zo + t];
      }
      a[ao + s * k + s] += reg;
      b[row * k + s] += rhs * zs;
    }
  }

  private void solveRows(double[] a, double[] b, double[] target, int k) {
    for (int row = 0; row < target.length / k; row++) {
      if (isZero(a, row * k * k, k * k)) {
        continue;
      }
      double[] x = java.util.Arrays.copyOfRange(b, row * k, (row + 1) * k);
      solver.solve(k, 1, java.util.Arrays.copyOfRange(a, row * k * k, (row + 1) * k * k), x);
      System.arraycopy(x, 0, target, row * k, k);
    }
  }

  private static boolean isZero(double[] a, int off, int len) {
    for (int t = off; t < off + len; t++) {
      if (a[t] != 0) {
        return false;
      }
    }
    return true;
  }
}
