package io.recvalue.valuation.math;

/** Explicit-feedback loss {@code (r − s)² + λ(‖x‖² + ‖y‖²)}, the ALS-WR objective per rating. */
public record ExplicitLoss(double lambda) implements PointLoss {
  public ExplicitLoss {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
    }
  }

  @Override
  public double kappa(double r) {
    return 1;
  }

  @Override
  public double tau(double r) {
    return r;
  }

  @Override
  public double offset(double r) {
    return r * r;
  }

  @Override
  public boolean hasDenseTerm() {
    return false;
  }
}
