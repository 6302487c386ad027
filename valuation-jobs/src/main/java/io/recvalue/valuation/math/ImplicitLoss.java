package io.recvalue.valuation.math;

/**
 * Implicit-feedback loss of one observed pair, {@code c(1 − s)² − s² + λ(‖x‖² + ‖y‖²)} with
 * {@code c = 1 + α r}: the observed term minus the unobserved baseline {@code s²} it replaces in
 * the dense term (see {@link PointLoss} and {@link DenseTerm}).
 */
public record ImplicitLoss(double lambda, double alpha) implements PointLoss {
  public ImplicitLoss {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
    }
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
    }
  }

  /** Confidence {@code c = 1 + α r}. */
  public double confidence(double r) {
    return 1 + alpha * r;
  }

  @Override
  public double kappa(double r) {
    return alpha * r;
  }

  @Override
  public double tau(double r) {
    return confidence(r);
  }

  @Override
  public double offset(double r) {
    return confidence(r);
  }

  @Override
  public boolean hasDenseTerm() {
    return true;
  }
}
