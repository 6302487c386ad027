package io.recvalue.valuation.math;

/**
 * Outcome and diagnostics of a conjugate-gradient solve.
 *
 * @param solution the iterate {@code s}
 * @param residualLog {@code ‖r_t‖/‖g‖} of the recurrence residual, entry 0 being {@code 1}
 * @param iterations iterations performed
 * @param converged whether the recurrence residual reached the tolerance
 * @param trueRelativeResidual {@code ‖H s − g‖/‖g‖} recomputed at the end
 * @param negativeCurvature whether a direction with {@code pᵀHp ≤ 0} stopped the iteration (the
 *     matrix is not positive semi-definite there: use damping or Gauss–Newton)
 */
public record CgResult(BlockVector solution, double[] residualLog, int iterations,
    boolean converged, double trueRelativeResidual, boolean negativeCurvature) {}
