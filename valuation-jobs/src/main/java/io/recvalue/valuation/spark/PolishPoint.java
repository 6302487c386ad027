package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.CgOptions;
import io.recvalue.valuation.math.HessianOptions;

/**
 * A point of {@link ThetaPolish}'s Newton walk: {@code θ}, {@code F(θ)}, its gradient when asked for, and the
 * trial of a damped Newton step from it. On Spark ({@link SparkPolishPoint}: the blocks moved from point to
 * point, CG a job per iteration) or on the driver ({@link DriverPolishPoint}: the collected rows); the walk's
 * rules are the same for both.
 */
interface PolishPoint {
  /** {@code F(θ)}. */
  double value();

  /** {@code ‖∇F(θ)‖}; the gradient is computed on the first call. */
  double gradientNorm();

  /**
   * Solves {@code (H + μI)Δ = ∇F} here by preconditioned CG to {@code cg}'s tolerance ({@code options}: the exact
   * Hessian and {@code μ}) and returns the candidate {@code θ − Δ}.
   */
  Trial trial(HessianOptions options, CgOptions cg);

  /** {@code θ} here and its objective on Spark, for the solve that follows; the point is spent. */
  Landing land();

  /** Frees what this point holds. */
  void release();

  /**
   * A candidate: its point, {@code F} there minus {@code F} here, and its step's CG — iterations, whether it met
   * negative curvature, and the decrease of {@code F} the quadratic model predicts.
   *
   * <p>The prediction is {@code ∇FᵀΔ − ½ΔᵀHΔ} with the exact, undamped Hessian, from CG's own scalars:
   * {@code Δ} is a CG iterate from zero for {@code (H + μI)Δ = ∇F}, so {@code ∇FᵀΔ = Δᵀ(H + μI)Δ = c} (the
   * Galerkin condition) and {@code ΔᵀHΔ = c − μ‖Δ‖²}, which leaves {@code ½c + ½μ‖Δ‖²}
   * ({@link #quadraticModelDecrease}).
   */
  record Trial(PolishPoint point, double change, int iterations, boolean negativeCurvature,
      double predictedDecrease) {
    static double quadraticModelDecrease(double dampedCurvature, double mu, double normSquared) {
      return 0.5 * dampedCurvature + 0.5 * mu * normSquared;
    }
  }

  /** The walk's end on Spark: {@code θ} (cached) and the objective there, both the caller's to release. */
  record Landing(DistributedBlockVector theta, DistributedObjective objective) {}
}
