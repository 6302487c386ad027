package io.recvalue.valuation.math;

/**
 * Influence values and how they were obtained.
 *
 * @param values {@code value_j = sᵀ∇ℓ_j} per training interaction (positive: the interaction helps)
 * @param direction {@code s ≈ H⁻¹ g}
 * @param method {@code "cg"} or {@code "blockdiag"}
 * @param hessian the curvature matrix used
 * @param cg solver diagnostics ({@code null} for {@code blockdiag})
 */
public record InfluenceResult(double[] values, BlockVector direction, String method,
    HessianOptions hessian, CgResult cg) {}
