package io.recvalue.valuation.spark;

/**
 * What {@link DistributedConjugateGradient} needs of a distributed vector: the linear algebra of
 * the iteration and the life cycle of a cached iterate. Two layouts implement it:
 * {@link DistributedBlockVector} (one {@code k}-vector per entity, the exchange format of the
 * stages) and {@link PackedBlockVector} (one packed array per block of {@link BlockedEdges}, the
 * fast layout of the solve). Every operation returns a new, lazy vector.
 *
 * @param <V> the implementing type
 */
public interface CgVector<V extends CgVector<V>> {

  /** {@code this + a·x}. */
  V axpy(double a, V x);

  /** {@code a·this}. */
  V scale(double a);

  /** {@code thisᵀ other}. */
  double dot(V other);

  /**
   * {@code (thisᵀthis, thisᵀu, wᵀu)} in one job, the one reduction of an iteration of
   * {@link DistributedConjugateGradient} ({@code this} the residual, {@code u} its preconditioned
   * form, {@code w = Hu}), which also computes (and so caches, where they are persisted) the
   * vectors {@code alongside}.
   */
  double[] residualDots(V u, V w, java.util.List<V> alongside);

  double norm();

  /** Caches the vector under a readable name. */
  V persist(String name);

  /** Marks the vector for lineage truncation at its next action. */
  V truncateLineage();

  /** Computes the vector now (one job). */
  long materialize();

  void unpersist();
}
