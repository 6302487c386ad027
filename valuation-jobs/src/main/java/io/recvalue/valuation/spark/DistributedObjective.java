package io.recvalue.valuation.spark;

import io.recvalue.valuation.math.HessianOptions;
import io.recvalue.valuation.math.InteractionKernel;
import io.recvalue.valuation.math.PointLoss;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.Optional;
import scala.Tuple2;

/**
 * The training objective {@code F(θ) = Σ_j w_j ℓ_j(θ) (+ D(θ) for implicit data)} at the fixed
 * {@code θ*} on Spark: its gradient and Hessian-vector products. This is the distributed twin of
 * {@link io.recvalue.valuation.math.TrainingObjective} (same formulas, see
 * {@link io.recvalue.valuation.math.PointLoss} and {@link InteractionKernel}); the implicit dense
 * term goes through {@link DistributedDenseTerm}, damping is {@code + δv}.
 *
 * <p>{@link #gradient} and {@link #hvp} work on the {@link BlockedEdges} built once with the
 * objective: a product ships only the {@code k}-vectors of the direction between user and item
 * blocks (one message per pair of blocks and side), the gradient ships nothing. The same two passes
 * over the rows ({@link #gradientOverRows}, {@link #hvpOverRows}: the cached {@link TrainingEdges} with
 * their factors joined on by lookups, {@link InteractionKernel} per row, then an aggregation by user and
 * by item, which moves every row to the user partitioner and back each time) are kept as the
 * reference the blocked passes are tested against. An objective can also be moved to other factors of
 * the same entities without a pass over its rows ({@link #at}, for the Newton steps of {@link ThetaPolish}).
 */
public final class DistributedObjective {
  private final PointLoss loss;
  private final TrainingEdges edges;
  private final BlockedEdges blocks;
  private final DistributedBlockVector theta;
  private final DistributedDenseTerm dense;
  private final Partitioner userPart;
  private final Partitioner itemPart;

  /** {@code dense} is {@code null} for explicit data; {@code blocks} are those of {@code edges}. */
  public DistributedObjective(PointLoss loss, TrainingEdges edges, BlockedEdges blocks,
      DistributedBlockVector theta, DistributedDenseTerm dense, Partitioner userPart,
      Partitioner itemPart) {
    if (loss.hasDenseTerm() != (dense != null)) {
      throw new IllegalArgumentException("the dense term must be given exactly when the loss has "
          + "one (" + loss + ")");
    }
    this.loss = loss;
    this.edges = edges;
    this.blocks = blocks;
    this.theta = theta;
    this.dense = dense;
    this.userPart = userPart;
    this.itemPart = itemPart;
  }

  /**
   * Builds the objective: groups and caches the {@link BlockedEdges} of {@code edges} (both
   * partitioners must be {@link org.apache.spark.HashPartitioner}s) and computes the Gramians
   * when the loss is implicit; {@link #release} frees both.
   */
  public static DistributedObjective of(PointLoss loss, TrainingEdges edges,
      DistributedBlockVector theta, Partitioner userPart, Partitioner itemPart) {
    BlockedEdges b = BlockedEdges.build(edges, loss, theta, userPart, itemPart, "value.train.blocks");
    DistributedDenseTerm d = loss.hasDenseTerm() ? DistributedDenseTerm.of(theta) : null;
    return new DistributedObjective(loss, edges, b, theta, d, userPart, itemPart);
  }

  /**
   * This objective at other factors {@code theta} of the same entities (a Newton step's candidate):
   * the blocks moved in place ({@link BlockedEdges#at}, one exchange of {@code k}-vectors instead of a
   * shuffle of the rows), the Gramians of {@code theta} when the loss is implicit, the same rows (they
   * carry no factors). {@link #valueChange} gives {@code F} relative to this point without a pass over
   * the rows. {@link #release} frees what it built.
   */
  public DistributedObjective at(DistributedBlockVector theta) {
    BlockedEdges b = blocks.at(theta, "value.polish.blocks");
    DistributedDenseTerm d = loss.hasDenseTerm() ? DistributedDenseTerm.of(theta) : null;
    return new DistributedObjective(loss, edges, b, theta, d, userPart, itemPart);
  }

  /**
   * {@code F(θ') − F(θ)} from this objective at {@code θ} to {@code moved} ({@link #at}): the rows' part
   * block by block ({@link BlockedEdges#objectiveChange}, exact for the quadratic losses), the dense
   * part of implicit data as the difference of the two Gramians' values.
   */
  public double valueChange(DistributedObjective moved) {
    double change = moved.blocks.objectiveChange(blocks);
    return dense == null ? change : change
        + io.recvalue.valuation.math.DenseTerm.value(moved.dense.gramX(), moved.dense.gramY())
        - io.recvalue.valuation.math.DenseTerm.value(dense.gramX(), dense.gramY());
  }

  /** Unpersists the blocks and destroys the broadcast Gramians (not the rows nor {@code θ*}). */
  public void release() {
    blocks.unpersist();
    if (dense != null) {
      dense.destroy();
    }
  }

  public PointLoss loss() {
    return loss;
  }

  /** The training rows (without factors), shared by every point moved from this one. */
  public TrainingEdges edges() {
    return edges;
  }

  public BlockedEdges blocks() {
    return blocks;
  }

  public DistributedBlockVector theta() {
    return theta;
  }

  /** The dense term, or {@code null} for explicit data. */
  public DistributedDenseTerm dense() {
    return dense;
  }

  public Partitioner userPartitioner() {
    return userPart;
  }

  public Partitioner itemPartitioner() {
    return itemPart;
  }

  /**
   * {@code F(θ*) = Σ_j w_j ℓ_j(θ*) (+ D(θ*))}: one pass over the rows, each meeting its factors in its item
   * block ({@link BlockedEdges#rowsWithFactors}), the dense term from
   * the broadcast Gramians ({@link io.recvalue.valuation.math.DenseTerm#value}). The distributed twin of
   * {@link io.recvalue.valuation.math.TrainingObjective#value}.
   */
  public double value() {
    return valueAndGradientMass()[0];
  }

  private void requireRows() {
    if (edges == null) {
      throw new IllegalStateException("this objective was built without its training rows; "
          + "build one with DistributedObjective.of for a pass over the rows");
    }
  }

  /**
   * {@link #value} and {@code Σ_j ‖w_j ∇ℓ_j(θ*)‖}, the mass of the terms the gradient sums, in the same
   * pass. Summing those terms in floating point leaves an error of order {@code ε · mass}, so no solve
   * can push {@code ‖∇F‖} much below that.
   */
  public double[] valueAndGradientMass() {
    requireRows();
    LossSpec l = LossSpec.of(loss);
    int k = theta.k();
    double[] sums = blocks.rowsWithFactors(edges).aggregate(new double[2], (acc, e) -> {
      acc[0] += e.weight * InteractionKernel.loss(l.get(), e.x, 0, e.y, 0, k, e.rating);
      double[] gx = new double[k];
      double[] gy = new double[k];
      InteractionKernel.addGradient(l.get(), e.x, 0, e.y, 0, k, e.rating, e.weight, gx, 0, gy, 0);
      acc[1] += Math.sqrt(KVectors.dot(gx, gx) + KVectors.dot(gy, gy));
      return acc;
    }, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]});
    if (dense != null) {
      sums[0] += io.recvalue.valuation.math.DenseTerm.value(dense.gramX(), dense.gramY());
    }
    return sums;
  }

  /** {@code ∇F(θ*) = Σ_j w_j ∇ℓ_j (+ ∇D)}, block by block without a shuffle. */
  public DistributedBlockVector gradient() {
    DistributedBlockVector g = blocks.gradient();
    return dense == null ? g : g.axpy(1, dense.gradient());
  }

  /** {@link #gradient} as a pass over the rows with their factors joined on by lookups (the reference). */
  public DistributedBlockVector gradientOverRows() {
    requireRows();
    LossSpec l = LossSpec.of(loss);
    int k = theta.k();
    JavaPairRDD<Integer, Tuple2<Integer, double[][]>> contrib = edges.withFactors(theta).mapValues(e -> {
      double[][] g = {new double[k], new double[k]};
      InteractionKernel.addGradient(l.get(), e.x, 0, e.y, 0, k, e.rating, e.weight, g[0], 0,
          g[1], 0);
      return new Tuple2<>(e.user, g);
    });
    DistributedBlockVector g = new DistributedBlockVector(k,
        contrib.values().mapToPair(c -> new Tuple2<>(c._1, c._2[0]))
            .reduceByKey(userPart, KVectors::addInPlace),
        contrib.mapValues(c -> c._2[1]).reduceByKey(itemPart, KVectors::addInPlace));
    return dense == null ? g : g.axpy(1, dense.gradient());
  }

  /**
   * {@code (∇²F + δI) v}, or the Gauss–Newton matrix in place of {@code ∇²F}, on the blocked
   * layout (see {@link BlockedEdges}, whose {@link EdgeBlock} derives the per-block formula).
   */
  public DistributedBlockVector hvp(DistributedBlockVector v, HessianOptions options) {
    DistributedBlockVector h = blocks.hvp(v, options.gaussNewton());
    if (dense != null) {
      h = h.axpy(1, dense.hvp(v, options.gaussNewton()));
    }
    return options.damping() == 0 ? h : h.axpy(options.damping(), v);
  }

  /** {@link #hvp} as a pass over the rows with their factors joined on by lookups (the reference). */
  public DistributedBlockVector hvpOverRows(DistributedBlockVector v, HessianOptions options) {
    requireRows();
    LossSpec l = LossSpec.of(loss);
    int k = theta.k();
    boolean gn = options.gaussNewton();
    JavaPairRDD<Integer, Tuple2<Tuple2<Edge, double[]>, Optional<double[]>>> rows = edges.withFactors(theta)
        .leftOuterJoin(v.items())
        .mapToPair(t -> new Tuple2<>(t._2._1.user,
            new Tuple2<>(t._2._1, DistributedBlockVector.orNull(t._2._2))))
        .leftOuterJoin(v.users(), userPart);
    JavaPairRDD<Integer, Tuple2<Integer, double[][]>> contrib = rows
        .mapValues(t -> hvpRow(l, k, gn, t._1._1, t._2.orNull(), t._1._2))
        .filter(t -> t._2 != null);
    DistributedBlockVector h = new DistributedBlockVector(k,
        contrib.mapValues(c -> c._2[0]).reduceByKey(userPart, KVectors::addInPlace),
        contrib.values().mapToPair(c -> new Tuple2<>(c._1, c._2[1]))
            .reduceByKey(itemPart, KVectors::addInPlace));
    if (dense != null) {
      h = h.axpy(1, dense.hvp(v, gn));
    }
    return options.damping() == 0 ? h : h.axpy(options.damping(), v);
  }

  /** One row's {@code (item, {user part, item part})} of {@code w_j H_j (a_u, b_i)}. */
  private static Tuple2<Integer, double[][]> hvpRow(LossSpec l, int k, boolean gn, Edge e,
      double[] a, double[] b) {
    if (a == null && b == null) {
      return null;
    }
    double[][] h = {new double[k], new double[k]};
    InteractionKernel.addHvp(l.get(), e.x, 0, e.y, 0, a == null ? new double[k] : a, 0,
        b == null ? new double[k] : b, 0, k, e.rating, e.weight, gn, h[0], 0, h[1], 0);
    return new Tuple2<>(e.item, h);
  }
}
