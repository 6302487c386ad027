package io.recvalue.valuation.spark;

import io.recvalue.core.als.ByBlock;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * A vector in the layout of {@link BlockedEdges}: per user block one array packing the
 * {@code k}-vectors of that block's users in the order of its ids ({@code EdgeBlock.ids()}), and
 * the same per item block; keyed by block id and partitioned like the blocks, so block {@code b}
 * is the only record of partition {@code b}.
 *
 * <p>Why a second layout: an operation of {@link DistributedBlockVector} joins two tables entity by
 * entity (a hash join of every key in every partition), and a conjugate-gradient iteration runs
 * about ten of them. Here the same operation joins one record per partition and runs one loop
 * over two arrays, so the vector algebra of an iteration costs next to nothing beside its
 * Hessian-vector product; two vectors meet partition by partition ({@link ByBlock#pair}), not by a join. Every vector of one solve comes from the same blocks, so two vectors
 * always hold the same block keys with arrays of the same length. {@link BlockedEdges#pack} and
 * {@link BlockedEdges#unpack} convert from and to the entity layout.
 */
public final class PackedBlockVector implements Serializable, CgVector<PackedBlockVector> {
  private static final long serialVersionUID = 1L;
  private final int k;
  private final JavaPairRDD<Integer, double[]> users;
  private final JavaPairRDD<Integer, double[]> items;

  /** Wraps two block-keyed tables partitioned like the blocks they were packed from. */
  PackedBlockVector(int k, JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    this.k = k;
    this.users = users;
    this.items = items;
  }

  public int k() {
    return k;
  }

  JavaPairRDD<Integer, double[]> users() {
    return users;
  }

  JavaPairRDD<Integer, double[]> items() {
    return items;
  }

  @Override
  public PackedBlockVector axpy(double a, PackedBlockVector x) {
    return new PackedBlockVector(k, axpy(users, a, x.users), axpy(items, a, x.items));
  }

  @Override
  public PackedBlockVector scale(double a) {
    return new PackedBlockVector(k, users.mapValues(v -> SideTables.scaled(a, v)),
        items.mapValues(v -> SideTables.scaled(a, v)));
  }

  @Override
  public double dot(PackedBlockVector other) {
    return ByBlock.pair(users, other.users, KVectors::dot).values()
        .union(ByBlock.pair(items, other.items, KVectors::dot).values())
        .aggregate(0.0, Double::sum, Double::sum);
  }

  /**
   * One record per block: the block's three partial dots computed in one task, which also computes
   * the block of each vector alongside; the two sides together, so the reduction runs a task per
   * block and side, not one per table it reads.
   */
  @Override
  public double[] residualDots(PackedBlockVector u, PackedBlockVector w, List<PackedBlockVector> alongside) {
    List<JavaPairRDD<Integer, double[]>> userSides = new java.util.ArrayList<>();
    List<JavaPairRDD<Integer, double[]>> itemSides = new java.util.ArrayList<>();
    for (PackedBlockVector v : alongside) {
      userSides.add(v.users);
      itemSides.add(v.items);
    }
    return SideTables.sumOfTriples(residualDots(users, u.users, w.users, userSides).values()
        .union(residualDots(items, u.items, w.items, itemSides).values()));
  }

  @Override
  public double norm() {
    return SideTables.norm(users, items);
  }

  @Override
  public PackedBlockVector persist(String name) {
    SideTables.persist(name, users, items);
    return this;
  }

  @Override
  public PackedBlockVector truncateLineage() {
    SideTables.truncateLineage(users, items);
    return this;
  }

  @Override
  public long materialize() {
    return SideTables.materialize(users, items);
  }

  @Override
  public void unpersist() {
    SideTables.unpersist(users, items);
  }

  private static JavaPairRDD<Integer, double[]> axpy(JavaPairRDD<Integer, double[]> y, double a,
      JavaPairRDD<Integer, double[]> x) {
    return ByBlock.pair(y, x, (yb, xb) -> KVectors.addScaled(yb.clone(), a, xb));
  }

  /** Per block of one side, {@code [rᵀr, rᵀu, wᵀu]}, the blocks of {@code alongside} computed in the same task. */
  private static JavaPairRDD<Integer, double[]> residualDots(JavaPairRDD<Integer, double[]> r,
      JavaPairRDD<Integer, double[]> u, JavaPairRDD<Integer, double[]> w, List<JavaPairRDD<Integer, double[]>> alongside) {
    JavaPairRDD<Integer, double[]> dots = ByBlock.pair(ByBlock.pair(r, u, Tuple2::new), w,
        (ru, wb) -> new double[] {KVectors.dot(ru._1, ru._1), KVectors.dot(ru._1, ru._2), KVectors.dot(wb, ru._2)});
    for (JavaPairRDD<Integer, double[]> a : alongside) {
      dots = ByBlock.pair(dots, a, (d, ignored) -> d);
    }
    return dots;
  }
}
