package io.recvalue.valuation.math;

import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * Values by equilibrium propagation, without any Hessian. With
 * {@code θ_β = argmin F(θ, w) + β L_V(θ)}, {@code dL_V/dw_j = d/dβ ℓ_j(θ_β)|_{β=0}}, so
 *
 * <pre>
 *   centred:   value_j ≈ −(ℓ_j(θ_{+β}) − ℓ_j(θ_{−β})) / (2β)      error O(β²)
 *   one-sided: value_j ≈ −(ℓ_j(θ_{+β}) − ℓ_j(θ*)) / β             error O(β)
 * </pre>
 *
 * <p>Each phase is a weighted ALS ({@link AlsResult#localAls}) warm-started at {@code θ*} in which the
 * validation pairs join the training pairs with weights {@code ±β c_p} and no regularisation
 * share; the normal equations are written out there. Expanding {@code θ_β = θ* − β H⁻¹ g + O(β²)}
 * shows the estimate tends to the influence value {@code ∇ℓ_jᵀ H⁻¹ g}. Needs a quadratic
 * validation objective (a non-quadratic one would need a Newton step per block).
 */
public final class EquilibriumPropagation {
  private EquilibriumPropagation() {}

  /** The centred estimate (two nudged phases). */
  public static EpResult centred(TrainingObjective f, BlockVector thetaStar,
      ValidationObjective validation, EpOptions options, BatchedSpdSolver solver) {
    double b = options.beta();
    AlsResult plus = phase(f, thetaStar, validation, b, options, solver);
    AlsResult minus = phase(f, thetaStar, validation, -b, options, solver);
    double[] lp = f.interactionLosses(plus.theta());
    double[] lm = f.interactionLosses(minus.theta());
    double[] v = new double[lp.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = -(lp[j] - lm[j]) / (2 * b);
    }
    return new EpResult(v, options, plus, minus);
  }

  /** The one-sided estimate (one nudged phase against {@code θ*}). */
  public static EpResult oneSided(TrainingObjective f, BlockVector thetaStar,
      ValidationObjective validation, EpOptions options, BatchedSpdSolver solver) {
    double b = options.beta();
    AlsResult plus = phase(f, thetaStar, validation, b, options, solver);
    double[] lp = f.interactionLosses(plus.theta());
    double[] l0 = f.interactionLosses(thetaStar);
    double[] v = new double[lp.length];
    for (int j = 0; j < v.length; j++) {
      v[j] = -(lp[j] - l0[j]) / b;
    }
    return new EpResult(v, options, plus, null);
  }

  /** {@code θ_β} by ALS warm-started at {@code θ*}. */
  public static AlsResult phase(TrainingObjective f, BlockVector thetaStar,
      ValidationObjective validation, double beta, EpOptions options, BatchedSpdSolver solver) {
    QuadraticPairs q = validation.quadratic().orElseThrow(() -> new IllegalArgumentException(
        "equilibrium propagation needs a quadratic validation objective, got "
            + validation.getClass().getSimpleName()));
    AlsResult r = AlsResult.localAls(f.data(), f.loss(), q.scaled(beta), solver, thetaStar,
        options.tolerance(), options.maxSweeps());
    if (!r.converged()) {
      throw new IllegalStateException("nudged phase beta=" + beta + " did not converge: relative "
          + "change " + r.relativeChange() + " after " + r.sweeps() + " sweeps (tolerance "
          + options.tolerance() + ")");
    }
    return r;
  }
}
