package io.recvalue.valuation.math;

import io.recvalue.core.linalg.BatchedSpdSolver;

/**
 * Influence values by the implicit function theorem. With {@code g = ∇L_V(θ*)} and
 * {@code s = H⁻¹ g}, {@code value_j = sᵀ ∇ℓ_j ≈ L_V(θ*_{−j}) − L_V(θ*)}: positive means removing
 * {@code j} would hurt validation (it helps). One inverse-Hessian-vector product serves every
 * interaction; the final pass costs {@code O(k)} per interaction.
 *
 * <p>Invariant: {@code Σ_j w_j value_j = sᵀ Σ_j w_j ∇ℓ_j}. For explicit data that is
 * {@code sᵀ∇F(θ*) = 0}. For implicit data {@code ∇F = Σ_j w_j ∇ℓ_j + ∇D}, so
 * {@code Σ_j w_j value_j = −sᵀ∇D(θ*)}, which is not zero: the dense term is not weighted, and
 * scaling all weights does move {@code θ*}.
 */
public final class Influence {
  private Influence() {}

  /** {@code value_j = ∇ℓ_j(θ)ᵀ s} for every interaction (unweighted {@code ℓ_j}). */
  public static double[] values(Interactions data, PointLoss loss, BlockVector theta,
      BlockVector s) {
    int k = theta.k();
    double[] v = new double[data.size()];
    for (int j = 0; j < v.length; j++) {
      int uo = data.user(j) * k;
      int io = data.item(j) * k;
      v[j] = InteractionKernel.gradientDot(loss, theta.users(), uo, theta.items(), io, k,
          data.rating(j), s.users(), uo, s.items(), io);
    }
    return v;
  }

  /** {@code s} by block-diagonally preconditioned CG on {@code H} (options: GN, damping). */
  public static InfluenceResult conjugateGradient(TrainingObjective f, BlockVector theta,
      ValidationObjective validation, HessianOptions hessian, CgOptions cg, BatchedSpdSolver solver) {
    BlockVector g = validation.gradient(theta);
    Preconditioner m = f.blockDiagonal(theta, hessian).asPreconditioner(solver);
    CgResult result = ConjugateGradient.solve(f.hessian(theta, hessian), m, g, cg);
    BlockVector s = result.solution();
    return new InfluenceResult(values(f.data(), f.loss(), theta, s), s, "cg", hessian, result);
  }

  /** The coarse estimate {@code s ≈ M⁻¹ g}, {@code M = blockdiag(H_uu, H_ii)}: zero iterations. */
  public static InfluenceResult blockDiagonal(TrainingObjective f, BlockVector theta,
      ValidationObjective validation, HessianOptions hessian, BatchedSpdSolver solver) {
    BlockVector g = validation.gradient(theta);
    BlockVector s = f.blockDiagonal(theta, hessian).solve(g, solver);
    return new InfluenceResult(values(f.data(), f.loss(), theta, s), s, "blockdiag", hessian,
        null);
  }
}
