package io.recvalue.valuation.spark;

/**
 * Outcome and diagnostics of a distributed conjugate-gradient solve; the fields mean what they
 * mean in {@link io.recvalue.valuation.math.CgResult}.
 *
 * @param <V> the layout of the vectors
 * @param solution the iterate {@code s} (cached; the caller unpersists it)
 * @param residualLog {@code ‖r_t‖/‖g‖} of the recurrence residual, entry 0 being {@code 1}
 * @param iterations iterations performed
 * @param converged whether the recurrence residual reached the tolerance
 * @param trueRelativeResidual {@code ‖H s − g‖/‖g‖} recomputed at the end ({@code NaN} where the
 *     solver was told to skip it)
 * @param negativeCurvature whether a direction with {@code pᵀHp ≤ 0} stopped the iteration
 * @param solutionCurvature {@code sᵀHs}, equal to {@code gᵀs} for a CG iterate from zero, from the
 *     iteration's scalars ({@link DistributedConjugateGradient})
 */
public record DistributedCgResult<V extends CgVector<V>>(V solution, double[] residualLog,
    int iterations, boolean converged, double trueRelativeResidual, boolean negativeCurvature,
    double solutionCurvature) {}
