package io.recvalue.valuation.math;

/**
 * Which curvature matrix a Hessian-vector product, preconditioner or solve uses: the exact Hessian
 * {@code H} or the Gauss–Newton matrix (first-derivative cross terms dropped; PSD), plus an optional
 * damping {@code δ ≥ 0} giving {@code H + δI}. Recorded with every result.
 */
public record HessianOptions(boolean gaussNewton, double damping) {
  /** The exact Hessian, undamped. */
  public static final HessianOptions EXACT = new HessianOptions(false, 0);

  public HessianOptions {
    if (!(damping >= 0) || Double.isInfinite(damping)) {
      throw new IllegalArgumentException("damping must be finite and >= 0, got " + damping);
    }
  }

  public HessianOptions withDamping(double delta) {
    return new HessianOptions(gaussNewton, delta);
  }

  public HessianOptions withGaussNewton(boolean gn) {
    return new HessianOptions(gn, damping);
  }
}
