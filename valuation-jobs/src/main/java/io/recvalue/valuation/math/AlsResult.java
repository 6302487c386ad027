package io.recvalue.valuation.math;

import io.recvalue.core.als.LocalAls;
import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * Outcome of a local weighted ALS solve.
 *
 * @param theta the factors reached
 * @param sweeps full sweeps (user half-step then item half-step) performed
 * @param relativeChange {@code max|Δθ| / max|θ|} of the last sweep
 * @param converged whether {@code relativeChange} reached the tolerance
 */
public record AlsResult(BlockVector theta, int sweeps, double relativeChange, boolean converged) {

  /**
   * Minimises {@code F(θ, w) + Σ_p ν_p (t_p − s_p)²} by the weighted ALS of {@link LocalAls} from a
   * copy of {@code start}, until {@code max|Δθ|/max|θ| ≤ tol} or {@code maxSweeps} sweeps: the training
   * objective plus optional nudge pairs ({@code nudge} may be null) with weights {@code ν_p} and
   * targets {@code t_p} and no regularisation share, an equilibrium-propagation phase when
   * {@code ν_p = β c_p} for a quadratic validation objective {@code Σ_p c_p (t_p − s_p)²}.
   *
   * <p>With {@code ℓ_j = κ_j s² − 2τ_j s + ω_j + λ(‖x‖² + ‖y‖²)} ({@link PointLoss}) the user normal
   * equation is {@code [Σ_{j∈u} w_j (κ_j y_i y_iᵀ + λI) + G_Y + Σ_{p∈u} ν_p y yᵀ] x_u = Σ_{j∈u} w_j τ_j y_i
   * + Σ_{p∈u} ν_p t_p y}, the {@code G_Y = YᵀY} only for implicit data; this is the system of
   * {@link io.recvalue.core.als.NormalEquations} (explicit {@code κ = 1, τ = r}; implicit
   * {@code κ = c − 1 = α r, τ = c}).
   */
  public static AlsResult localAls(Interactions data, PointLoss loss, QuadraticPairs nudge,
      BatchedSpdSolver solver, BlockVector start, double tol, int maxSweeps) {
    BlockVector theta = start.copy();
    LocalAls als = new LocalAls(data.alsProblem(loss, theta.k()), nudge == null ? null : nudge.asNudge(), solver);
    LocalAls.Result r = als.solve(theta.users(), theta.items(), tol, maxSweeps);
    return new AlsResult(theta, r.sweeps(), r.relativeChange(), r.converged());
  }
}
