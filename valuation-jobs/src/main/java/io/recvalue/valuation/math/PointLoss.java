package io.recvalue.valuation.math;

/**
 * The loss of one training interaction as a function of its score {@code s = x_u·y_i}:
 *
 * <pre>
 *   ℓ_j(θ) = φ(s; r_j) + λ (‖x_u‖² + ‖y_i‖²),      φ(s; r) = κ(r) s² − 2 τ(r) s + ω(r).
 * </pre>
 *
 * <p>Both supported models have a score part that is a quadratic in {@code s}, which is what makes
 * a weighted ALS half-step a plain linear solve and gives the derivatives in closed form:
 * {@code φ' = 2(κ s − τ)}, {@code φ'' = 2κ}. With {@code ∂s/∂x_u = y_i}, {@code ∂s/∂y_i = x_u}:
 *
 * <pre>
 *   ∇_{x_u} ℓ = φ' y_i + 2λ x_u                ∇_{y_i} ℓ = φ' x_u + 2λ y_i
 *   ∂²ℓ/∂x_u²      = φ'' y_i y_iᵀ + 2λI         ∂²ℓ/∂y_i² = φ'' x_u x_uᵀ + 2λI
 *   ∂²ℓ/∂x_u∂y_iᵀ  = φ'' y_i x_uᵀ + φ' I
 * </pre>
 *
 * <ul>
 *   <li>Explicit (ALS-WR): {@code φ = (r − s)²}: {@code κ = 1, τ = r, ω = r²}; the cross block is
 *       {@code 2(y xᵀ − e I)} with {@code e = r − s}.</li>
 *   <li>Implicit (Hu–Koren–Volinsky): {@code φ = c(1 − s)² − s²}, {@code c = 1 + α r}:
 *       {@code κ = c − 1 = α r, τ = c, ω = c}. The {@code −s²} removes the unobserved baseline the
 *       pair replaces in the dense term {@code Σ_{all u,i} s_ui²} ({@link DenseTerm}), so
 *       {@link #hasDenseTerm()} is true.</li>
 * </ul>
 */
public interface PointLoss {
  /** Regularisation per interaction, {@code λ ≥ 0}. */
  double lambda();

  /** Half the curvature of the score part, {@code κ(r) = φ''/2}. */
  double kappa(double r);

  /** The linear coefficient {@code τ(r) = −φ'(0)/2} (the ALS right-hand side weight). */
  double tau(double r);

  /** The constant {@code ω(r) = φ(0)}. */
  double offset(double r);

  /** Whether the objective also carries the dense all-pairs term {@code Σ s_ui²}. */
  boolean hasDenseTerm();

  default double phi(double s, double r) {
    return (kappa(r) * s - 2 * tau(r)) * s + offset(r);
  }

  default double dphi(double s, double r) {
    return 2 * (kappa(r) * s - tau(r));
  }

  default double d2phi(double r) {
    return 2 * kappa(r);
  }

  /** ALS-WR explicit loss {@code (r − s)² + λ(‖x‖² + ‖y‖²)}. */
  static PointLoss explicit(double lambda) {
    return new ExplicitLoss(lambda);
  }

  /** Hu–Koren–Volinsky implicit loss with confidence {@code c = 1 + α r}. */
  static PointLoss implicit(double lambda, double alpha) {
    return new ImplicitLoss(lambda, alpha);
  }
}
