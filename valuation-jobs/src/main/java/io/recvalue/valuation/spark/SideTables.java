package io.recvalue.valuation.spark;

import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * What the two vector layouts ({@link DistributedBlockVector}, {@link PackedBlockVector}) do alike
 * with their two tables of arrays, one for the users and one for the items: dot products, the norm,
 * scaling, and the life cycle of a cached iterate.
 */
final class SideTables {
  private SideTables() {}

  /** The element-wise sum of three-element rows, by one {@code aggregate} (the driver merges the partitions' sums). */
  static double[] sumOfTriples(org.apache.spark.api.java.JavaRDD<double[]> rows) {
    return rows.aggregate(new double[3], (acc, d) -> {
      acc[0] += d[0];
      acc[1] += d[1];
      acc[2] += d[2];
      return acc;
    }, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
  }

  /** {@code √(Σ ‖v‖²)} over every array of both tables (one job). */
  static double norm(JavaPairRDD<Integer, double[]> users, JavaPairRDD<Integer, double[]> items) {
    return Math.sqrt(users.values().map(v -> KVectors.dot(v, v))
        .union(items.values().map(v -> KVectors.dot(v, v)))
        .aggregate(0.0, Double::sum, Double::sum));
  }

  /**
   * {@code Σ a·b} over the keys both vectors hold on each side (co-partitioned joins, no shuffle),
   * summed by one {@code aggregate}.
   */
  static double dot(JavaPairRDD<Integer, double[]> users, JavaPairRDD<Integer, double[]> items,
      JavaPairRDD<Integer, double[]> otherUsers, JavaPairRDD<Integer, double[]> otherItems) {
    return users.join(otherUsers).values().map(t -> KVectors.dot(t._1, t._2))
        .union(items.join(otherItems).values().map(t -> KVectors.dot(t._1, t._2)))
        .aggregate(0.0, Double::sum, Double::sum);
  }

  /** {@code a·v} (a new array). */
  static double[] scaled(double a, double[] v) {
    double[] out = v.clone();
    for (int t = 0; t < out.length; t++) {
      out[t] *= a;
    }
    return out;
  }

  /** Caches both tables under readable names ({@code name.users}, {@code name.items}). */
  static void persist(String name, JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    users.setName(name + ".users").persist(StorageLevel.MEMORY_AND_DISK());
    items.setName(name + ".items").persist(StorageLevel.MEMORY_AND_DISK());
  }

  /**
   * Marks both tables for lineage truncation (a reliable checkpoint when the context has a
   * checkpoint directory, a local checkpoint otherwise); takes effect at the next action.
   */
  static void truncateLineage(JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    boolean reliable = users.context().getCheckpointDir().isDefined();
    for (JavaPairRDD<Integer, double[]> side : List.of(users, items)) {
      if (reliable) {
        side.checkpoint();
      } else {
        side.rdd().localCheckpoint();
      }
    }
  }

  /** Computes both tables now (one job); returns the number of stored arrays. */
  static long materialize(JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    return users.values().union(items.values()).count();
  }

  static void unpersist(JavaPairRDD<Integer, double[]> users,
      JavaPairRDD<Integer, double[]> items) {
    users.unpersist(false);
    items.unpersist(false);
  }
}
