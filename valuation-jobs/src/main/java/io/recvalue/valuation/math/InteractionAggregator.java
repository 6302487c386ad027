package io.recvalue.valuation.math;

/**
 * A pass over training interactions that emits one {@code k}-vector per user and per item, in the
 * {@code add}/{@code merge}/{@code result} shape shared by the local loop and a distributed job
 * (a map over interaction partitions, then aggregation by user and by item).
 *
 * <p>Each subclass holds the current factors {@code θ} (and possibly a direction) read-only and
 * accumulates into a {@link BlockVector}; {@link #merge} adds the accumulators of two partitions.
 */
public abstract class InteractionAggregator {
  protected final PointLoss loss;
  protected final BlockVector theta;
  protected final BlockVector acc;

  protected InteractionAggregator(PointLoss loss, BlockVector theta) {
    this.loss = loss;
    this.theta = theta;
    this.acc = theta.zerosLike();
  }

  /** Adds the contribution of interaction {@code (u, i, r)} with weight {@code w}. */
  public abstract InteractionAggregator add(int u, int i, double r, double w);

  /** Adds every interaction of a table. */
  public InteractionAggregator addAll(Interactions data) {
    for (int j = 0; j < data.size(); j++) {
      add(data.user(j), data.item(j), data.rating(j), data.weight(j));
    }
    return this;
  }

  /** Folds another partition's accumulator into this one. */
  public InteractionAggregator merge(InteractionAggregator other) {
    acc.axpy(1, other.acc);
    return this;
  }

  /** The per-user and per-item sums. */
  public BlockVector result() {
    return acc;
  }

  /** Accumulates {@code Σ_j w_j ∇ℓ_j}. */
  public static final class Gradient extends InteractionAggregator {
    public Gradient(PointLoss loss, BlockVector theta) {
      super(loss, theta);
    }

    @Override
    public Gradient add(int u, int i, double r, double w) {
      int k = theta.k();
      InteractionKernel.addGradient(loss, theta.users(), u * k, theta.items(), i * k, k, r, w,
          acc.users(), u * k, acc.items(), i * k);
      return this;
    }
  }

  /** Accumulates {@code Σ_j w_j ∇²ℓ_j · v} (exact or Gauss–Newton). */
  public static final class Hvp extends InteractionAggregator {
    private final BlockVector direction;
    private final boolean gaussNewton;

    public Hvp(PointLoss loss, BlockVector theta, BlockVector direction, boolean gaussNewton) {
      super(loss, theta);
      this.direction = direction;
      this.gaussNewton = gaussNewton;
    }

    @Override
    public Hvp add(int u, int i, double r, double w) {
      int k = theta.k();
      InteractionKernel.addHvp(loss, theta.users(), u * k, theta.items(), i * k,
          direction.users(), u * k, direction.items(), i * k, k, r, w, gaussNewton,
          acc.users(), u * k, acc.items(), i * k);
      return this;
    }
  }
}
