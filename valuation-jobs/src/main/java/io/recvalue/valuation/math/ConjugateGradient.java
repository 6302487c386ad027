package io.recvalue.valuation.math;

import java.util.Arrays;

/**
 * Preconditioned conjugate gradient for {@code H s = g} on block vectors.
 *
 * <p>Every step is a handful of block operations — one operator application (an HVP pass), one
 * preconditioner application (a {@code k×k} solve per user and item), two dots and three axpys —
 * so a distributed version can hold {@code s, r, z, p} as tables keyed by user and by item.
 *
 * <p><b>The rotational null space.</b> Rotating all factors, {@code X → XR}, {@code Y → YR} with
 * {@code R} orthogonal, changes neither the scores nor the regularisation, so at a stationary
 * point {@code H} has the {@code k(k−1)/2}-dimensional null space
 * {@code {(XΩ, YΩ) : Ω skew-symmetric}}. Every {@code ∇ℓ_j} and the validation gradient {@code g}
 * are orthogonal to it (each of those functions is itself rotation-invariant), so {@code g} lies
 * in the range of {@code H} and the system is consistent. Preconditioned CG is CG on
 * {@code M^{-1/2} H M^{-1/2}} with right-hand side {@code M^{-1/2} g}, which is orthogonal to that
 * operator's null space {@code M^{1/2} N}; so the iteration converges, to a solution that may carry
 * a component in {@code N}. That component does not change any value {@code sᵀ∇ℓ_j}. Away from a
 * stationary point, or when {@code H} is indefinite, a step with {@code pᵀHp ≤ 0} stops the
 * iteration and is reported; damping or Gauss–Newton then make the matrix definite.
 */
public final class ConjugateGradient {
  private ConjugateGradient() {}

  /** Solves {@code H s = g} from {@code s = 0}. */
  public static CgResult solve(LinearOperator h, Preconditioner m, BlockVector g,
      CgOptions options) {
    double gNorm = g.norm();
    BlockVector s = g.zerosLike();
    if (gNorm == 0) {
      return new CgResult(s, new double[] {0}, 0, true, 0, false);
    }
    BlockVector r = g.copy();
    BlockVector z = m.apply(r);
    BlockVector p = z.copy();
    double rz = r.dot(z);
    double[] log = new double[options.maxIterations() + 1];
    log[0] = 1;
    int it = 0;
    boolean converged = false;
    boolean negative = false;
    while (it < options.maxIterations()) {
      BlockVector q = h.apply(p);
      double curvature = p.dot(q);
      if (!(curvature > 0)) {
        negative = true;
        break;
      }
      double alpha = rz / curvature;
      s.axpy(alpha, p);
      r.axpy(-alpha, q);
      it++;
      log[it] = r.norm() / gNorm;
      if (log[it] <= options.relativeTolerance()) {
        converged = true;
        break;
      }
      z = m.apply(r);
      double rzNext = r.dot(z);
      p.scale(rzNext / rz).axpy(1, z);
      rz = rzNext;
    }
    double trueResidual = h.apply(s).axpy(-1, g).norm() / gNorm;
    return new CgResult(s, Arrays.copyOf(log, it + 1), it, converged, trueResidual, negative);
  }
}
