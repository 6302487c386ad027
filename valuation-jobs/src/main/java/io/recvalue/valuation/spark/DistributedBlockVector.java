package io.recvalue.valuation.spark;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.Optional;
import scala.Tuple2;

/**
 * The distributed form of {@link io.recvalue.valuation.math.BlockVector}: one {@code k}-vector per
 * user and one per item, held as two pair RDDs keyed by index and partitioned by two fixed
 * {@link HashPartitioner}s. An index with no entry is a zero block, so sparse vectors (a
 * validation gradient) and dense ones (an iterate) mix freely.
 *
 * <p>Because every vector built here carries the same two partitioners, {@link #axpy} and
 * {@link #dot} are joins without a shuffle (co-partitioned {@code cogroup}s), and scalars come back
 * through one {@code aggregate} over both sides (a partition's partial result is a double or two, so the
 * driver merges them directly; {@code treeAggregate}'s extra level only added a stage to every CG
 * iteration). Vectors are immutable: every operation returns
 * a new, lazy vector; {@link #persist}, {@link #materialize}, {@link #truncateLineage} and
 * {@link #unpersist} manage its life in an iterative loop.
 */
public final class DistributedBlockVector implements Serializable,
    CgVector<DistributedBlockVector> {
  private static final long serialVersionUID = 1L;
  private final int k;
  private final JavaPairRDD<Integer, double[]> users;
  private final JavaPairRDD<Integer, double[]> items;

  /** Wraps two tables already partitioned by the partitioners of the computation. */
  public DistributedBlockVector(int k, JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    if (k <= 0) {
      throw new IllegalArgumentException("rank k must be positive, got " + k);
    }
    this.k = k;
    this.users = users;
    this.items = items;
  }

  /** Partitions two arbitrary tables by the given partitioners. */
  public static DistributedBlockVector partitioned(int k, JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items, Partitioner userPart, Partitioner itemPart) {
    return new DistributedBlockVector(k, users.partitionBy(userPart), items.partitionBy(itemPart));
  }

  public int k() {
    return k;
  }

  public JavaPairRDD<Integer, double[]> users() {
    return users;
  }

  public JavaPairRDD<Integer, double[]> items() {
    return items;
  }

  /** {@code this + a·x} (missing blocks are zero). */
  @Override
  public DistributedBlockVector axpy(double a, DistributedBlockVector x) {
    return new DistributedBlockVector(k, axpy(users, a, x.users, k), axpy(items, a, x.items, k));
  }

  /** {@code a·this}. */
  @Override
  public DistributedBlockVector scale(double a) {
    return new DistributedBlockVector(k, users.mapValues(v -> SideTables.scaled(a, v)),
        items.mapValues(v -> SideTables.scaled(a, v)));
  }

  /** {@code thisᵀ other}: a co-partitioned join per side, summed by one {@code aggregate}. */
  @Override
  public double dot(DistributedBlockVector other) {
    return SideTables.dot(users, items, other.users, other.items);
  }

  /**
   * {@code (thisᵀthis, thisᵀu, wᵀu)} in one job: co-partitioned joins per side, summed by one
   * {@code aggregate} that also computes {@code alongside}.
   */
  @Override
  public double[] residualDots(DistributedBlockVector u, DistributedBlockVector w,
      List<DistributedBlockVector> alongside) {
    JavaRDD<double[]> rows = pairs(users, u.users).union(pairs(items, u.items))
        .map(t -> new double[] {KVectors.dot(t._1, t._1), t._2 == null ? 0 : KVectors.dot(t._1, t._2), 0})
        .union(pairs(w.users, u.users).union(pairs(w.items, u.items))
            .map(t -> new double[] {0, 0, t._2 == null ? 0 : KVectors.dot(t._1, t._2)}));
    for (DistributedBlockVector v : alongside) {
      rows = rows.union(v.users.values().union(v.items.values()).map(x -> new double[3]));
    }
    return SideTables.sumOfTriples(rows);
  }

  @Override
  public double norm() {
    return SideTables.norm(users, items);
  }

  /** Caches both sides under readable names ({@code name.users}, {@code name.items}). */
  @Override
  public DistributedBlockVector persist(String name) {
    SideTables.persist(name, users, items);
    return this;
  }

  /**
   * Marks both sides for lineage truncation (a reliable checkpoint when the context has a
   * checkpoint directory, a local checkpoint otherwise); takes effect at the next action, so call
   * it on a fresh vector before {@link #materialize}.
   */
  @Override
  public DistributedBlockVector truncateLineage() {
    SideTables.truncateLineage(users, items);
    return this;
  }

  /** Computes both sides now (one job); returns the number of stored blocks. */
  @Override
  public long materialize() {
    return SideTables.materialize(users, items);
  }

  @Override
  public void unpersist() {
    SideTables.unpersist(users, items);
  }

  static JavaPairRDD<Integer, double[]> axpy(JavaPairRDD<Integer, double[]> y, double a,
      JavaPairRDD<Integer, double[]> x, int k) {
    return y.fullOuterJoin(x).mapValues(t -> {
      double[] out = t._1.isPresent() ? t._1.get().clone() : new double[k];
      return t._2.isPresent() ? KVectors.addScaled(out, a, t._2.get()) : out;
    });
  }

  /** Pairs {@code (a, b or null)} over the keys of {@code a}. */
  private static JavaRDD<Tuple2<double[], double[]>> pairs(
      JavaPairRDD<Integer, double[]> a, JavaPairRDD<Integer, double[]> b) {
    return a.leftOuterJoin(b).values().map(t -> new Tuple2<>(t._1, orNull(t._2)));
  }

  static double[] orNull(Optional<double[]> o) {
    return o.isPresent() ? o.get() : null;
  }
}
