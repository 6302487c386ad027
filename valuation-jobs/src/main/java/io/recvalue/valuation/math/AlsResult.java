package io.recvalue.valuation.math;

/**
 * Outcome of a local weighted ALS solve.
 *
 * @param theta the factors reached
 * @param sweeps full sweeps (user half-step then item half-step) performed
 * @param relativeChange {@code max|Δθ| / max|θ|} of the last sweep
 * @param converged whether {@code relativeChange} reached the tolerance
 */
public record AlsResult(BlockVector theta, int sweeps, double relativeChange, boolean converged) {}
