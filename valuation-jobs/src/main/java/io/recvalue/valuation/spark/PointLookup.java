package io.recvalue.valuation.spark;

import io.recvalue.core.als.ByBlock;
import io.recvalue.core.als.PackedFactors;
import io.recvalue.core.als.PackedFactors.Block;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction2;
import scala.Tuple2;

/**
 * The factors of one or more points in ALS's block layout ({@link PackedFactors}, all of the same rank and block
 * count), as one partition of a pass over rows needs them: partition {@code b} gets user block {@code b} of every
 * point and every item block of every point (as an ALS half-step sends a user block the item factors it needs,
 * here all of them). Rows go to their user's block ({@link #byUserBlock}, one shuffle) and find their factors by a
 * binary search in the blocks ({@link Block#offset}).
 */
final class PointLookup implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int k;
  private final int nb;
  /** {@code users[point]}: this partition's user block of that point (null: none). */
  private final Block[] users;
  /** {@code items[point][block]} (null: none). */
  private final Block[][] items;

  private PointLookup(int k, int nb, Block[] users, Block[][] items) {
    this.k = k;
    this.nb = nb;
    this.users = users;
    this.items = items;
  }

  /** One lookup per partition of {@code HashPartitioner(numBlocks)}, in partition order. */
  static JavaRDD<PointLookup> of(PackedFactors... points) {
    int k = points[0].rank();
    int nb = points[0].numBlocks();
    for (PackedFactors p : points) {
      if (p.rank() != k || p.numBlocks() != nb) {
        throw new IllegalArgumentException("points of a pass differ in layout: rank " + p.rank() + " in "
            + p.numBlocks() + " blocks, and rank " + k + " in " + nb + " blocks");
      }
      if (p.copies() != 1) {
        // a twinned id is not the entity's own id: look up one copy (TwinCopies.copy)
        throw new IllegalArgumentException("a point of a pass holds both copies of a twinned fit; take one copy first");
      }
    }
    Partitioner part = new HashPartitioner(nb);
    int n = points.length;
    JavaPairRDD<Integer, Block[]> users = blocks(points, true, part);
    JavaPairRDD<Integer, Tuple2<Integer, Block[]>> items = blocks(points, false, part).flatMapToPair(t -> {
      List<Tuple2<Integer, Tuple2<Integer, Block[]>>> out = new ArrayList<>(nb);
      for (int d = 0; d < nb; d++) {
        out.add(new Tuple2<>(d, t));
      }
      return out.iterator();
    }).partitionBy(part);
    return users.zipPartitions(items, (u, i) -> {
      Block[][] byBlock = new Block[n][nb];
      while (i.hasNext()) {
        Tuple2<Integer, Block[]> t = i.next()._2;
        for (int q = 0; q < n; q++) {
          byBlock[q][t._1] = t._2[q];
        }
      }
      Block[] mine = u.hasNext() ? u.next()._2 : new Block[n];
      return List.of(new PointLookup(k, nb, mine, byBlock)).iterator();
    });
  }

  /** {@code rows} keyed by their user's block and partitioned as the lookups ({@link #of}) are. */
  static <T> JavaPairRDD<Integer, T> byUserBlock(JavaPairRDD<Integer, T> rowsByUser, int numBlocks) {
    return rowsByUser.mapToPair(t -> new Tuple2<>(t._1 % numBlocks, t._2)).partitionBy(new HashPartitioner(numBlocks));
  }

  /** {@code f(rows of a partition, its lookup)} for every partition of rows placed by {@link #byUserBlock}. */
  static <T, R> JavaRDD<R> meet(JavaPairRDD<Integer, T> placed, JavaRDD<PointLookup> lookups,
      FlatMapFunction2<Iterator<T>, PointLookup, R> f) {
    return placed.values().zipPartitions(lookups, (rows, found) -> f.call(rows, found.next()));
  }

  /** Where point {@code q}'s factor of {@code user} starts in {@link #userBlock}, or −1. */
  int user(int q, int user) {
    return users[q] == null ? -1 : users[q].offset(user, k);
  }

  /** Where point {@code q}'s factor of {@code item} starts in {@link #itemBlock}, or −1. */
  int item(int q, int item) {
    Block b = items[q][item % nb];
    return b == null ? -1 : b.offset(item, k);
  }

  double[] userBlock(int q) {
    return users[q].packed();
  }

  double[] itemBlock(int q, int item) {
    return items[q][item % nb].packed();
  }

  /** Per block, the packed blocks of every point of one side ({@code null} where a point has no such block). */
  private static JavaPairRDD<Integer, Block[]> blocks(PackedFactors[] points, boolean users, Partitioner part) {
    int k = points[0].rank();
    JavaPairRDD<Integer, Block[]> out = null;
    for (int q = 0; q < points.length; q++) {
      JavaPairRDD<Integer, double[]> side = users ? points[q].users() : points[q].items();
      JavaPairRDD<Integer, Block> one = (ByBlock.partitionedBy(side, part) ? side : side.partitionBy(part))
          .mapValues(v -> Block.of(v, k));
      int before = q;
      out = out == null ? one.mapValues(b -> new Block[] {b})
          : out.fullOuterJoin(one, part).mapValues(t -> {
            Block[] a = java.util.Arrays.copyOf(t._1.isPresent() ? t._1.get() : new Block[before], before + 1);
            a[before] = t._2.orNull();
            return a;
          });
    }
    return out;
  }
}
