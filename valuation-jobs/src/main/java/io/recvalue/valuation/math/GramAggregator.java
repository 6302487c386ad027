package io.recvalue.valuation.math;

/**
 * Accumulates {@code Σ_r p_r q_rᵀ} ({@code k×k}, row-major) over pairs of factor rows, in the
 * {@code add}/{@code merge}/{@code result} shape of a distributed {@code treeAggregate}.
 */
public final class GramAggregator implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int k;
  private final double[] sum;

  public GramAggregator(int k) {
    this.k = k;
    this.sum = new double[k * k];
  }

  /** Adds {@code p qᵀ} for the rows at {@code p[po..]} and {@code q[qo..]}. */
  public GramAggregator add(double[] p, int po, double[] q, int qo) {
    for (int a = 0; a < k; a++) {
      double pa = p[po + a];
      for (int b = 0; b < k; b++) {
        sum[a * k + b] += pa * q[qo + b];
      }
    }
    return this;
  }

  public GramAggregator merge(GramAggregator other) {
    BlockVector.axpy(1, other.sum, sum);
    return this;
  }

  /** The accumulated matrix (a copy). */
  public double[] result() {
    return sum.clone();
  }
}
