package io.recvalue.valuation.spark;

import io.recvalue.core.als.ByBlock;
import io.recvalue.core.linalg.SolverBackends;
import io.recvalue.valuation.math.GramAggregator;
import io.recvalue.valuation.math.HessianOptions;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The linear system of an influence solve, {@code (H + δI) s = g}, and its block-diagonal
 * preconditioner, on {@link PackedBlockVector}s: what {@link DistributedConjugateGradient} iterates
 * on. The operators are those of {@link DistributedObjective#hvp} and
 * {@link DistributedBlockDiagonal}, entity for entity; only the layout differs.
 *
 * <ul>
 *   <li><b>Product.</b> {@code Σ_j w_j H_j v} by {@link BlockedEdges#hvp(PackedBlockVector, boolean)}
 *       (one message per pair of blocks and side), plus, for implicit data, the dense term
 *       {@code 2 G_Y a_u + 2 C x_u} per user with {@code C = YᵀB (+ BᵀY)} and its mirror image per
 *       item ({@link DistributedDenseTerm} derives it), whose two {@code k×k} cross products come
 *       from one {@code treeAggregate} over the blocks' own factors; plus {@code δv}.</li>
 *   <li><b>Preconditioner.</b> Per entity the lower Cholesky factor of
 *       {@code H_uu = Σ_{j∈u} w_j(φ'' y_i y_iᵀ + 2λI) (+ 2 G_Y) + δI}, cached per block in the
 *       block's id order (one flat batch per block, factored and applied by the
 *       {@link io.recvalue.core.linalg.BatchedSpdSolver} backend named at construction), so
 *       {@code M⁻¹r} is one meeting of one record per partition ({@link ByBlock#pair}) and one batched pair of triangular
 *       solves per block.</li>
 * </ul>
 *
 * <p>The packed layout holds exactly the entities with a training interaction. For explicit data
 * that loses nothing: an entity without one has a zero gradient and a Hessian row {@code δv}, so its
 * block of {@code s} is zero. The implicit dense term couples every factor row, so {@link #of}
 * declines (returns empty) when {@code θ*} has rows the blocks do not hold, and the caller keeps
 * the entity layout.
 */
public final class PackedSystem {
  private final BlockedEdges blocks;
  private final int k;
  private final HessianOptions options;
  private final double[] gramX;
  private final double[] gramY;
  private final String solverBackend;
  private final JavaPairRDD<Integer, double[]> userFactors;
  private final JavaPairRDD<Integer, double[]> itemFactors;

  private PackedSystem(BlockedEdges blocks, int k, HessianOptions options, double[] gramX,
      double[] gramY, String solverBackend, JavaPairRDD<Integer, double[]> userFactors,
      JavaPairRDD<Integer, double[]> itemFactors) {
    this.blocks = blocks;
    this.k = k;
    this.options = options;
    this.solverBackend = solverBackend;
    this.gramX = gramX;
    this.gramY = gramY;
    this.userFactors = userFactors;
    this.itemFactors = itemFactors;
  }

  /**
   * Factors and caches the preconditioner of {@code f} in the packed layout (one job), or returns
   * empty when the layout cannot hold the system (implicit data whose {@code θ*} has rows without
   * a training interaction). {@code solverBackend} is a concrete {@link SolverBackends} name
   * ({@code java} or {@code nd4j}), resolved on the driver.
   */
  public static Optional<PackedSystem> of(DistributedObjective f, HessianOptions options,
      String solverBackend) {
    BlockedEdges b = f.blocks();
    int k = f.theta().k();
    double[] gx = null;
    double[] gy = null;
    if (f.dense() != null) {
      if (!holdsEveryRow(b, f.theta())) {
        return Optional.empty();
      }
      gx = f.dense().gramX();
      gy = f.dense().gramY();
    }
    double delta = options.damping();
    JavaPairRDD<Integer, double[]> lu = factors(b.userBlocks(), gy, delta, "user", solverBackend)
        .setName("value.preconditioner.packed.users").persist(StorageLevel.MEMORY_AND_DISK());
    JavaPairRDD<Integer, double[]> li = factors(b.itemBlocks(), gx, delta, "item", solverBackend)
        .setName("value.preconditioner.packed.items").persist(StorageLevel.MEMORY_AND_DISK());
    lu.values().union(li.values()).count();
    return Optional.of(new PackedSystem(b, k, options, gx, gy, solverBackend, lu, li));
  }

  /** {@code v} in the packed layout, lazy (see {@link BlockedEdges#pack}). */
  public PackedBlockVector pack(DistributedBlockVector v) {
    return blocks.pack(v);
  }

  /** {@code v} under entity keys, lazy. */
  public DistributedBlockVector unpack(PackedBlockVector v) {
    return blocks.unpack(v);
  }

  /** {@code (H + δI) v} (Gauss–Newton in place of {@code H} when the options say so), lazy. */
  public PackedBlockVector hvp(PackedBlockVector v) {
    PackedBlockVector h = blocks.hvp(v, options.gaussNewton());
    if (gramX != null) {
      h = h.axpy(1, denseHvp(v));
    }
    return options.damping() == 0 ? h : h.axpy(options.damping(), v);
  }

  /** {@code M⁻¹ r}, lazy. */
  public PackedBlockVector precondition(PackedBlockVector r) {
    int kk = k;
    String backend = solverBackend;
    return new PackedBlockVector(k,
        ByBlock.pair(r.users(), userFactors, (v, l) -> solve(l, v, kk, backend)),
        ByBlock.pair(r.items(), itemFactors, (v, l) -> solve(l, v, kk, backend)));
  }

  public void unpersist() {
    userFactors.unpersist(false);
    itemFactors.unpersist(false);
  }

  /** {@code ∇²D·v}: the two cross products {@code YᵀB}, {@code XᵀA} in one job, then per row. */
  private PackedBlockVector denseHvp(PackedBlockVector v) {
    int kk = k;
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> u = ByBlock.pair(blocks.userBlocks(), v.users(), Tuple2::new);
    JavaPairRDD<Integer, Tuple2<EdgeBlock, double[]>> i = ByBlock.pair(blocks.itemBlocks(), v.items(), Tuple2::new);
    GramAggregator[] cross = u.values().map(t -> new Tuple2<>(0, t)).union(
        i.values().map(t -> new Tuple2<>(1, t))).treeAggregate(
            new GramAggregator[] {new GramAggregator(k), new GramAggregator(k)}, (acc, t) -> {
              double[] own = t._2._1.ownFactors();
              for (int e = 0; e < own.length; e += kk) {
                acc[t._1].add(own, e, t._2._2, e);
              }
              return acc;
            }, (a, b) -> {
              a[0].merge(b[0]);
              a[1].merge(b[1]);
              return a;
            });
    double[] xTa = cross[0].result();
    double[] yTb = cross[1].result();
    double[] cu = options.gaussNewton() ? yTb : KVectors.plusTranspose(yTb, k);
    double[] ci = options.gaussNewton() ? xTa : KVectors.plusTranspose(xTa, k);
    double[] gy = gramY;
    double[] gx = gramX;
    return new PackedBlockVector(k, u.mapValues(t -> denseRows(t._1.ownFactors(), t._2, gy, cu,
        kk)), i.mapValues(t -> denseRows(t._1.ownFactors(), t._2, gx, ci, kk)));
  }

  /** {@code 2 G a_r + 2 C z_r} for every packed row {@code r}. */
  private static double[] denseRows(double[] factors, double[] direction, double[] gram,
      double[] cross, int k) {
    double[] out = new double[factors.length];
    double[] z = new double[k];
    double[] a = new double[k];
    double[] row = new double[k];
    for (int e = 0; e < factors.length; e += k) {
      System.arraycopy(factors, e, z, 0, k);
      System.arraycopy(direction, e, a, 0, k);
      java.util.Arrays.fill(row, 0);
      KVectors.addMatVec(row, 2, cross, z, k);
      KVectors.addMatVec(row, 2, gram, a, k);
      System.arraycopy(row, 0, out, e, k);
    }
    return out;
  }

  private static boolean holdsEveryRow(BlockedEdges b, DistributedBlockVector theta) {
    long[] held = b.userBlocks().values().map(e -> new long[] {e.ids().length, 0})
        .union(b.itemBlocks().values().map(e -> new long[] {0, e.ids().length}))
        .treeAggregate(new long[2], (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]},
            (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]});
    return held[0] == theta.users().count() && held[1] == theta.items().count();
  }

  /**
   * Per block, the lower Cholesky factors of every entity's diagonal block (+ 2G, + δI), back to back
   * in the block's id order.
   */
  private static JavaPairRDD<Integer, double[]> factors(JavaPairRDD<Integer, EdgeBlock> side,
      double[] gram, double delta, String name, String backend) {
    return side.mapValues(b -> {
      int k = b.rank();
      int n = b.ids().length;
      double[] out = new double[n * k * k];
      for (int p = 0; p < n; p++) {
        double[] m = b.selfBlock(p);
        if (gram != null) {
          KVectors.addScaled(m, 2, gram);
        }
        System.arraycopy(m, 0, out, p * k * k, k * k);
      }
      return DistributedBlockDiagonal.factor(out, n, delta, k, name, backend);
    });
  }

  private static double[] solve(double[] factors, double[] r, int k, String backend) {
    double[] out = r.clone();
    SolverBackends.create(backend).solveFactored(k, r.length / k, factors, out);
    return out;
  }
}
