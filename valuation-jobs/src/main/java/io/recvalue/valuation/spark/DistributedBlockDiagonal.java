package io.recvalue.valuation.spark;

import io.recvalue.core.linalg.BatchedSpdSolver;
import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.InteractionKernel;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The block-diagonal preconditioner {@code M = blockdiag(H_uu, H_ii)} on Spark, following
 * {@link io.recvalue.valuation.math.BlockDiagonal}: per user
 * {@code H_uu = Σ_{j∈u} w_j (φ'' y_i y_iᵀ + 2λI) (+ 2 G_Y for implicit data) + δI} (the ALS normal
 * matrix times two), summed inside the cached {@link BlockedEdges} without a shuffle (the per-row
 * terms of {@link InteractionKernel#addSelfBlock}), and the mirror image per item. Each block is factored
 * once ({@link BatchedSpdSolver#factor}, by the backend named at construction) and kept as its lower
 * factor in a cached table co-partitioned with the vectors, so {@link #apply} is a join without a
 * shuffle and one pair of triangular solves per block. The blocks are the same for the exact and the
 * Gauss–Newton matrix.
 */
public final class DistributedBlockDiagonal {
  private final int k;
  private final String solverBackend;
  private final JavaPairRDD<Integer, double[]> userFactors;
  private final JavaPairRDD<Integer, double[]> itemFactors;

  private DistributedBlockDiagonal(int k, String solverBackend, JavaPairRDD<Integer, double[]> userFactors,
      JavaPairRDD<Integer, double[]> itemFactors) {
    this.k = k;
    this.solverBackend = solverBackend;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
  }

  /**
   * Assembles, factors and caches {@code M} for the objective at its {@code θ*}; {@code solverBackend}
   * is a concrete {@link SolverBackends} name ({@code java} or {@code nd4j}), resolved on the driver.
   */
  public static DistributedBlockDiagonal of(DistributedObjective f, HessianOptions options,
      String solverBackend) {
    int k = f.theta().k();
    JavaPairRDD<Integer, double[]> ub = f.blocks().userSelfBlocks();
    JavaPairRDD<Integer, double[]> ib = f.blocks().itemSelfBlocks();
    if (f.dense() != null) {
      ub = addToEvery(ub, f.theta().users(), f.dense().gramY(), k);
      ib = addToEvery(ib, f.theta().items(), f.dense().gramX(), k);
    }
    double delta = options.damping();
    JavaPairRDD<Integer, double[]> lu = ub.mapValues(m -> factor(m.clone(), 1, delta, k, "user", solverBackend));
    JavaPairRDD<Integer, double[]> li = ib.mapValues(m -> factor(m.clone(), 1, delta, k, "item", solverBackend));
    lu.setName("value.preconditioner.users").persist(StorageLevel.MEMORY_AND_DISK());
    li.setName("value.preconditioner.items").persist(StorageLevel.MEMORY_AND_DISK());
    lu.values().union(li.values()).count();
    return new DistributedBlockDiagonal(k, solverBackend, lu, li);
  }

  /** {@code M⁻¹ r}; fails, naming the index, if {@code r} has a block {@code M} does not cover. */
  public DistributedBlockVector apply(DistributedBlockVector r) {
    int kk = k;
    String backend = solverBackend;
    return new DistributedBlockVector(k,
        r.users().leftOuterJoin(userFactors).mapValues(t -> solve(t._1, t._2.orNull(), kk, backend)),
        r.items().leftOuterJoin(itemFactors).mapValues(t -> solve(t._1, t._2.orNull(), kk, backend)));
  }

  public void unpersist() {
    userFactors.unpersist(false);
    itemFactors.unpersist(false);
  }

  private static double[] solve(double[] rhs, double[] l, int k, String backend) {
    if (l == null) {
      if (KVectors.dot(rhs, rhs) == 0) {
        return new double[k];
      }
      throw new IllegalStateException("the preconditioner has no block for an entity with a "
          + "non-zero residual (an index with no training interaction)");
    }
    double[] x = rhs.clone();
    SolverBackends.create(backend).solveFactored(k, 1, l, x);
    return x;
  }

  /**
   * {@code count} blocks stored back to back, each plus {@code δI}, replaced in place by their lower
   * Cholesky factors; returns {@code blocks}.
   */
  static double[] factor(double[] blocks, int count, double delta, int k, String side, String backend) {
    for (int p = 0; p < count; p++) {
      for (int a = 0; a < k; a++) {
        blocks[p * k * k + a * k + a] += delta;
      }
    }
    try {
      SolverBackends.create(backend).factor(k, count, blocks);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("block-diagonal preconditioner: a " + side + " block is not "
          + "positive definite (" + e.getMessage() + "); use damping", e);
    }
    return blocks;
  }

  /** {@code blocks_r + 2 G} for every factor row {@code r} (rows with no interaction get 2G). */
  private static JavaPairRDD<Integer, double[]> addToEvery(JavaPairRDD<Integer, double[]> blocks,
      JavaPairRDD<Integer, double[]> factors, double[] gram, int k) {
    return factors.leftOuterJoin(blocks).mapValues(t -> {
      double[] m = t._2.isPresent() ? t._2.get().clone() : new double[k * k];
      return KVectors.addScaled(m, 2, gram);
    });
  }
}
