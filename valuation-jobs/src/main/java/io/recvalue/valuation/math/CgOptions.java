package io.recvalue.valuation.math;

/**
 * Stopping rule of {@link ConjugateGradient}: relative residual {@code ‖Hs − g‖/‖g‖ ≤ tolerance}
 * (default {@code 1e-6}) or {@code maxIterations} (default 500).
 */
public record CgOptions(double relativeTolerance, int maxIterations) {
  public static final CgOptions DEFAULT = new CgOptions(1e-6, 500);

  public CgOptions {
    if (!(relativeTolerance > 0) || relativeTolerance >= 1) {
      throw new IllegalArgumentException("relativeTolerance must be in (0, 1), got "
          + relativeTolerance);
    }
    if (maxIterations < 0) {
      throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
    }
  }
}
