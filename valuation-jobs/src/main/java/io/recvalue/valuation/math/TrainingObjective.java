package io.recvalue.valuation.math;

/**
 * The weighted training objective {@code F(θ, w) = Σ_j w_j ℓ_j(θ) (+ D(θ) for implicit data)},
 * its gradient and its Hessian-vector products, assembled from per-interaction contributions
 * ({@link InteractionAggregator}) and, for implicit data, the Gramian-only dense term
 * ({@link DenseTerm}). Cost per call: one pass over the interactions, {@code O(k)} each, plus
 * {@code O((n_U + n_I) k²)} for the Gramians.
 */
public final class TrainingObjective {
  private final Interactions data;
  private final PointLoss loss;

  public TrainingObjective(Interactions data, PointLoss loss) {
    this.data = data;
    this.loss = loss;
  }

  public Interactions data() {
    return data;
  }

  public PointLoss loss() {
    return loss;
  }

  /** {@code F(θ, w)}. */
  public double value(BlockVector theta) {
    int k = theta.k();
    double f = 0;
    for (int j = 0; j < data.size(); j++) {
      f += data.weight(j) * InteractionKernel.loss(loss, theta.users(), data.user(j) * k,
          theta.items(), data.item(j) * k, k, data.rating(j));
    }
    if (loss.hasDenseTerm()) {
      f += DenseTerm.value(DenseTerm.gram(theta.users(), k), DenseTerm.gram(theta.items(), k));
    }
    return f;
  }

  /**
   * {@code F(θ') − F(θ)} summed term by term, {@code Σ_j w_j (ℓ_j(θ') − ℓ_j(θ))} with each term's change from the
   * factors' changes ({@link InteractionKernel#lossChange}), plus the change of the dense term: near a minimum
   * the change is many orders of magnitude below {@code F}, and the difference of two values would lose it to
   * their rounding.
   */
  public double valueChange(BlockVector theta, BlockVector moved) {
    int k = theta.k();
    double change = 0;
    for (int j = 0; j < data.size(); j++) {
      int u = data.user(j) * k;
      int i = data.item(j) * k;
      change += data.weight(j) * InteractionKernel.lossChange(loss, theta.users(), moved.users(), u, theta.items(),
          moved.items(), i, k, data.rating(j));
    }
    if (loss.hasDenseTerm()) {
      change += DenseTerm.value(DenseTerm.gram(moved.users(), k), DenseTerm.gram(moved.items(), k))
          - DenseTerm.value(DenseTerm.gram(theta.users(), k), DenseTerm.gram(theta.items(), k));
    }
    return change;
  }

  /** The unweighted {@code ℓ_j(θ)} of every interaction. */
  public double[] interactionLosses(BlockVector theta) {
    int k = theta.k();
    double[] out = new double[data.size()];
    for (int j = 0; j < data.size(); j++) {
      out[j] = InteractionKernel.loss(loss, theta.users(), data.user(j) * k, theta.items(),
          data.item(j) * k, k, data.rating(j));
    }
    return out;
  }

  /** {@code ∇_θ F(θ, w)}. */
  public BlockVector gradient(BlockVector theta) {
    BlockVector g = new InteractionAggregator.Gradient(loss, theta).addAll(data).result();
    if (loss.hasDenseTerm()) {
      int k = theta.k();
      DenseTerm.addGradient(theta, DenseTerm.gram(theta.users(), k),
          DenseTerm.gram(theta.items(), k), g);
    }
    return g;
  }

  /** {@code (∇²_θ F + δI) v}, or the Gauss–Newton matrix in place of {@code ∇²F}. */
  public BlockVector hvp(BlockVector theta, BlockVector v, HessianOptions options) {
    BlockVector h = new InteractionAggregator.Hvp(loss, theta, v, options.gaussNewton())
        .addAll(data).result();
    if (loss.hasDenseTerm()) {
      int k = theta.k();
      DenseTerm.addHvp(theta, v, DenseTerm.gram(theta.users(), k),
          DenseTerm.gram(theta.items(), k), options.gaussNewton(), h);
    }
    if (options.damping() != 0) {
      h.axpy(options.damping(), v);
    }
    return h;
  }

  /** The curvature matrix at {@code θ} as an operator. */
  public LinearOperator hessian(BlockVector theta, HessianOptions options) {
    return v -> hvp(theta, v, options);
  }

  /** {@code blockdiag(H_uu, H_ii)} at {@code θ} (see {@link BlockDiagonal}). */
  public BlockDiagonal blockDiagonal(BlockVector theta, HessianOptions options) {
    return BlockDiagonal.of(data, loss, theta, options);
  }
}
